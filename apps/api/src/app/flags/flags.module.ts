import { Module } from '@nestjs/common';
import { ClinicRulesService } from '../registry-sql/clinic-rules.service';
import { EpisodeAggregateRepository } from '../registry-sql/episode-aggregate.repository';
import { FlagsController } from './flags.controller';
import { ManualFlagRepository } from './manual-flag.repository';
import { ManualFlagService } from './manual-flag.service';
import { PatientFlagsService } from './patient-flags.service';

/** Computed (libs/scoring) and manual flags; exports the episode aggregate used by caseload and review. */
@Module({
  controllers: [FlagsController],
  providers: [
    ClinicRulesService,
    EpisodeAggregateRepository,
    ManualFlagRepository,
    ManualFlagService,
    PatientFlagsService,
  ],
  exports: [ClinicRulesService, EpisodeAggregateRepository, ManualFlagRepository, PatientFlagsService],
})
export class FlagsModule {}
