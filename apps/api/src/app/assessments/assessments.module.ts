import { Module } from '@nestjs/common';
import { ClinicsModule } from '../clinics/clinics.module';
import { AssessmentRepository } from './assessment.repository';
import { AssessmentsController } from './assessments.controller';
import { AssessmentsService } from './assessments.service';

/** Scales administered to patients, scored by `@huddle/scoring`. */
@Module({
  imports: [ClinicsModule],
  controllers: [AssessmentsController],
  providers: [AssessmentsService, AssessmentRepository],
  // Self-report (issue #16) stores patients' forms through the same insert.
  exports: [AssessmentRepository],
})
export class AssessmentsModule {}
