import { Module } from '@nestjs/common';
import { ClinicsModule } from '../clinics/clinics.module';
import { StaffModule } from '../staff/staff.module';
import { EpisodeOpeningService } from './episode-opening.service';
import { EpisodeRepository } from './episode.repository';
import { EpisodesController } from './episodes.controller';
import { EpisodesService } from './episodes.service';

/** CoCM episodes; exports episode lookup and opening to patients, assessments, contacts and billing. */
@Module({
  imports: [ClinicsModule, StaffModule],
  controllers: [EpisodesController],
  providers: [EpisodesService, EpisodeOpeningService, EpisodeRepository],
  exports: [EpisodeRepository, EpisodeOpeningService],
})
export class EpisodesModule {}
