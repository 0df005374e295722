import { Module } from '@nestjs/common';
import { ClinicsModule } from '../clinics/clinics.module';
import { EpisodesModule } from '../episodes/episodes.module';
import { FlagLifecycleModule } from '../flag-lifecycle/flag-lifecycle.module';
import { MedicationRepository } from './medication.repository';
import { MedicationService } from './medication.service';
import { MedicationsController } from './medications.controller';
import { RelapsePlanController } from './relapse-plan.controller';
import { RelapsePlanRepository } from './relapse-plan.repository';
import { RelapsePlanService } from './relapse-plan.service';
import { TimelineController } from './timeline.controller';
import { TimelineRepository } from './timeline.repository';
import { TimelineService } from './timeline.service';

/** The shared care record (issue #11): patient timeline, psychotropic medications, relapse-prevention plans. */
@Module({
  imports: [ClinicsModule, EpisodesModule, FlagLifecycleModule],
  controllers: [TimelineController, MedicationsController, RelapsePlanController],
  providers: [
    TimelineRepository,
    TimelineService,
    MedicationRepository,
    MedicationService,
    RelapsePlanRepository,
    RelapsePlanService,
  ],
  exports: [TimelineService, MedicationService],
})
export class CareRecordModule {}
