import { Module } from '@nestjs/common';
import { ClinicsModule } from '../clinics/clinics.module';
import { EpisodesModule } from '../episodes/episodes.module';
import { RegistrySqlModule } from '../registry-sql/registry-sql.module';
import { StaffModule } from '../staff/staff.module';
import { PatientClinicalService } from './patient-clinical.service';
import { PatientRepository } from './patient.repository';
import { PatientsController } from './patients.controller';
import { PatientsService } from './patients.service';

/** Patient registration, search and demographics. */
@Module({
  imports: [ClinicsModule, EpisodesModule, RegistrySqlModule, StaffModule],
  controllers: [PatientsController],
  providers: [PatientsService, PatientRepository, PatientClinicalService],
})
export class PatientsModule {}
