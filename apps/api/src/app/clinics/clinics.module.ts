import { Module } from '@nestjs/common';
import { ClinicCalendar } from './clinic-calendar.service';
import { ClinicRepository } from './clinic.repository';
import { ClinicsController } from './clinics.controller';
import { ClinicsService } from './clinics.service';

/** The caller's clinic; exports its time zone and "today" to the other registry features. */
@Module({
  controllers: [ClinicsController],
  providers: [ClinicsService, ClinicRepository, ClinicCalendar],
  exports: [ClinicRepository, ClinicCalendar],
})
export class ClinicsModule {}
