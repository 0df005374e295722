import { Module } from '@nestjs/common';
import { ClinicsModule } from '../clinics/clinics.module';
import { EpisodesModule } from '../episodes/episodes.module';
import { StaffModule } from '../staff/staff.module';
import { PatientRepository } from './patient.repository';
import { PatientsController } from './patients.controller';
import { PatientsService } from './patients.service';

/** Patient registration, search and demographics. */
@Module({
  imports: [ClinicsModule, EpisodesModule, StaffModule],
  controllers: [PatientsController],
  providers: [PatientsService, PatientRepository],
})
export class PatientsModule {}
