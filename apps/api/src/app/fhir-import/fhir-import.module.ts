import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { ClinicsModule } from '../clinics/clinics.module';
import { IntegratedCareModule } from '../integrated-care/integrated-care.module';
import { registerFhirJsonParser } from './fhir-body-parsers';
import { FhirImportController } from './fhir-import.controller';
import { FhirImportService } from './fhir-import.service';
import { ImportRepository } from './import.repository';

/** FHIR Bundle import (issue #15): `POST /fhir/R4`. */
@Module({
  imports: [ClinicsModule, IntegratedCareModule],
  controllers: [FhirImportController],
  providers: [FhirImportService, ImportRepository],
  exports: [ImportRepository],
})
export class FhirImportModule implements OnModuleInit {
  constructor(private readonly adapter: HttpAdapterHost) {}

  onModuleInit(): void {
    registerFhirJsonParser(this.adapter.httpAdapter.getInstance<FastifyInstance>());
  }
}
