import { Module } from '@nestjs/common';
import { FlagsController } from './flags.controller';
import { ManualFlagRepository } from './manual-flag.repository';
import { ManualFlagService } from './manual-flag.service';
import { PatientFlagsService } from './patient-flags.service';
import { RegistrySqlModule } from '../registry-sql/registry-sql.module';

/** Computed (libs/scoring) and manual flags of a patient; manual flags for review and flag follow-ups. */
@Module({
  imports: [RegistrySqlModule],
  controllers: [FlagsController],
  providers: [ManualFlagRepository, ManualFlagService, PatientFlagsService],
  exports: [ManualFlagRepository, PatientFlagsService],
})
export class FlagsModule {}
