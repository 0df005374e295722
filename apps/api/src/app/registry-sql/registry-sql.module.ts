import { Module } from '@nestjs/common';
import { ClinicRulesService } from './clinic-rules.service';
import { ClinicSettingsRepository } from './clinic-settings.repository';
import { EpisodeAggregateRepository } from './episode-aggregate.repository';

/**
 * The registry's shared read model: each clinic's rules (thresholds from libs/scoring, clinic-local
 * date) and the per-episode aggregate SQL that the caseload, the review agenda, patient flags and the
 * patient list all read. Features import this module, never each other's SQL.
 */
@Module({
  providers: [ClinicRulesService, ClinicSettingsRepository, EpisodeAggregateRepository],
  exports: [ClinicRulesService, ClinicSettingsRepository, EpisodeAggregateRepository],
})
export class RegistrySqlModule {}
