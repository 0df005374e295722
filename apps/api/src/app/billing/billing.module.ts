import { Module } from '@nestjs/common';
import { ClinicsModule } from '../clinics/clinics.module';
import { BillingController } from './billing.controller';
import { BillingRepository } from './billing.repository';
import { BillingService } from './billing.service';

/** CoCM billing per patient and per caseload. */
@Module({ imports: [ClinicsModule], controllers: [BillingController], providers: [BillingService, BillingRepository] })
export class BillingModule {}
