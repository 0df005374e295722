import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BulkExportController } from './bulk/bulk-export.controller';
import { BulkExportService } from './bulk/bulk-export.service';
import { ExportJobRepository } from './bulk/export-job.repository';
import { FhirController } from './fhir.controller';
import { FhirRepository } from './fhir.repository';
import { FhirService } from './fhir.service';

/**
 * FHIR R4 API (issue #15) under `/fhir/R4`: read and search (fhir.controller.ts), bulk export
 * (bulk/), outbound mappers (mapping/, pure functions the import reuses to export back).
 */
@Module({
  imports: [AuthModule],
  controllers: [FhirController, BulkExportController],
  providers: [FhirRepository, FhirService, ExportJobRepository, BulkExportService],
  exports: [FhirRepository, FhirService, BulkExportService],
})
export class FhirModule {}
