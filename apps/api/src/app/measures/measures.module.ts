import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { Cms159SummaryController } from './cms159-summary.controller';
import { Cms159Repository } from './cms159.repository';
import { Cms159Service } from './cms159.service';
import { MeasuresController } from './measures.controller';
import { ValueSetCatalog } from './value-set.catalog';

/** Quality measures evaluated from the patient record and emitted as FHIR MeasureReports (issue #15). */
@Module({
  imports: [AuthModule],
  controllers: [MeasuresController, Cms159SummaryController],
  providers: [Cms159Repository, Cms159Service, ValueSetCatalog],
})
export class MeasuresModule {}
