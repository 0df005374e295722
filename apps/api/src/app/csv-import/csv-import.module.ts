import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { ClinicsModule } from '../clinics/clinics.module';
import { CsvImportController } from './csv-import.controller';
import { CsvImportRepository } from './csv-import.repository';
import { CsvImportService } from './csv-import.service';
import { ImportJobsController } from './import-jobs.controller';
import { ImportJobsRepository } from './import-jobs.repository';

/** CSV import (issue #15): `POST /api/imports/csv`, `GET /api/imports/:id`, `GET /api/imports`. */
@Module({
  imports: [ClinicsModule],
  controllers: [CsvImportController, ImportJobsController],
  providers: [CsvImportService, CsvImportRepository, ImportJobsRepository],
})
export class CsvImportModule implements OnModuleInit {
  constructor(private readonly adapter: HttpAdapterHost) {}

  /** `text/csv` bodies reach the route as the request stream (csv-parse reads it as it arrives). */
  onModuleInit(): void {
    const fastify = this.adapter.httpAdapter.getInstance<FastifyInstance>();
    if (fastify.hasContentTypeParser('text/csv')) return;
    fastify.addContentTypeParser('text/csv', (_request, payload, done) => done(null, payload));
  }
}
