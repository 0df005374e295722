import { Module } from '@nestjs/common';
import { ClinicsModule } from '../clinics/clinics.module';
import { BillingWorklistController } from './billing-worklist.controller';
import { BillingWorklistService } from './billing-worklist.service';
import { BillingController } from './billing.controller';
import { BillingRepository } from './billing.repository';
import { BillingService } from './billing.service';

/** CoCM billing per patient, per caseload, and the clinic's monthly worklist. */
@Module({
  imports: [ClinicsModule],
  controllers: [BillingController, BillingWorklistController],
  providers: [BillingService, BillingWorklistService, BillingRepository],
})
export class BillingModule {}
