import { Module } from '@nestjs/common';
import { ClinicsModule } from '../clinics/clinics.module';
import { CarePreferencesController } from './care-preferences.controller';
import { CarePreferencesRepository } from './care-preferences.repository';
import { CarePreferencesService } from './care-preferences.service';
import { ConsultantSummaryController } from './consultant-summary.controller';
import { ConsultantSummaryRepository } from './consultant-summary.repository';
import { ConsultantSummaryService } from './consultant-summary.service';
import { HuddleController } from './huddle.controller';
import { HuddleRepository } from './huddle.repository';
import { HuddleService } from './huddle.service';
import { OutcomesByCohortController } from './outcomes-by-cohort.controller';
import { OutcomesByCohortRepository } from './outcomes-by-cohort.repository';
import { OutcomesByCohortService } from './outcomes-by-cohort.service';
import { ProblemListController } from './problem-list.controller';
import { ProblemListRepository } from './problem-list.repository';
import { ProblemListService } from './problem-list.service';
import { SocialNeedsController } from './social-needs.controller';
import { SocialNeedsRepository } from './social-needs.repository';
import { SocialNeedsService } from './social-needs.service';

/**
 * Integrated care around the registry (issue #17 part 2): social needs with community-resource
 * referrals, the problem list with HbA1c / blood pressure, care preferences, the consultant's
 * one-screen summary, outcomes by chronic-condition cohort, team huddles and tasks.
 */
@Module({
  imports: [ClinicsModule],
  controllers: [
    SocialNeedsController,
    ProblemListController,
    CarePreferencesController,
    ConsultantSummaryController,
    OutcomesByCohortController,
    HuddleController,
  ],
  providers: [
    SocialNeedsRepository,
    SocialNeedsService,
    ProblemListRepository,
    ProblemListService,
    CarePreferencesRepository,
    CarePreferencesService,
    ConsultantSummaryRepository,
    ConsultantSummaryService,
    OutcomesByCohortRepository,
    OutcomesByCohortService,
    HuddleRepository,
    HuddleService,
  ],
  exports: [SocialNeedsService],
})
export class IntegratedCareModule {}
