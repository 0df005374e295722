import { Module } from '@nestjs/common';
import { ClinicsModule } from '../clinics/clinics.module';
import { IntegratedCareModule } from '../integrated-care/integrated-care.module';
import { FhirImportController } from './fhir-import.controller';
import { FhirImportService } from './fhir-import.service';
import { ImportRepository } from './import.repository';

/**
 * FHIR Bundle import (issue #15): `POST /fhir/R4`. Its body parser and limit are the FHIR module's one
 * parser (`fhir/fhir-content-type.ts`, registered by `configureApp`).
 */
@Module({
  imports: [ClinicsModule, IntegratedCareModule],
  controllers: [FhirImportController],
  providers: [FhirImportService, ImportRepository],
  exports: [ImportRepository],
})
export class FhirImportModule {}
