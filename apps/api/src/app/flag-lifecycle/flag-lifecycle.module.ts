import { Module } from '@nestjs/common';
import { FlagsModule } from '../flags/flags.module';
import { CorrectionsService } from './corrections.service';
import { FlagHistoryRepository } from './flag-history.repository';
import { FlagHistoryService } from './flag-history.service';
import { FlagLifecycleController } from './flag-lifecycle.controller';
import { RecordRevisionRepository } from './record-revision.repository';
import { SafetyFollowUpRepository } from './safety-follow-up.repository';
import { SafetyFollowUpService } from './safety-follow-up.service';

/**
 * Flag lifecycle (issue #11): safety follow-ups, flag history, corrections and "entered in error".
 * Exports `FlagHistoryService` (its `timelineEntries` feeds the shared patient timeline).
 */
@Module({
  imports: [FlagsModule],
  controllers: [FlagLifecycleController],
  providers: [
    SafetyFollowUpRepository,
    SafetyFollowUpService,
    RecordRevisionRepository,
    CorrectionsService,
    FlagHistoryRepository,
    FlagHistoryService,
  ],
  exports: [FlagHistoryService],
})
export class FlagLifecycleModule {}
