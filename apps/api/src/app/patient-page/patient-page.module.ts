import { Module } from '@nestjs/common';
import { RegistrySqlModule } from '../registry-sql/registry-sql.module';
import { PatientPageController } from './patient-page.controller';
import { PatientPageService } from './patient-page.service';

/** `GET /api/patients/:id/page`: the patient page in one request (issue #13). */
@Module({
  imports: [RegistrySqlModule],
  controllers: [PatientPageController],
  providers: [PatientPageService],
})
export class PatientPageModule {}
