import { Module } from '@nestjs/common';
import { ClinicsModule } from '../clinics/clinics.module';
import { CaseloadTransferController } from './caseload-transfer.controller';
import { CaseloadTransferRepository } from './caseload-transfer.repository';
import { CaseloadTransferService } from './caseload-transfer.service';

/** Transfers of open episodes between care managers (issue #11). */
@Module({
  imports: [ClinicsModule],
  controllers: [CaseloadTransferController],
  providers: [CaseloadTransferService, CaseloadTransferRepository],
})
export class CaseloadTransferModule {}
