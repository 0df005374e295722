import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { ClinicsModule } from '../clinics/clinics.module';
import { OutcomesModule } from '../outcomes/outcomes.module';
import { OrganisationRepository } from './organisation.repository';
import { OrganisationService } from './organisation.service';
import { ScreeningAggregatesRepository } from './screening-aggregates.repository';
import { ScreeningLeadershipService } from './screening-leadership.service';
import { ScreeningSettingsRepository } from './screening-settings.repository';
import { ScreeningController } from './screening.controller';
import { ScreeningRepository } from './screening.repository';
import { ScreeningService } from './screening.service';
import { UtilizationRepository } from './utilization.repository';
import { UtilizationService } from './utilization.service';

/** Issue #17 part 1: universal screening, referrals and warm handoffs, utilization, the health-system view. */
@Module({
  imports: [AssessmentsModule, ClinicsModule, OutcomesModule],
  controllers: [ScreeningController],
  providers: [
    ScreeningService,
    ScreeningRepository,
    ScreeningSettingsRepository,
    ScreeningAggregatesRepository,
    ScreeningLeadershipService,
    UtilizationService,
    UtilizationRepository,
    OrganisationService,
    OrganisationRepository,
  ],
})
export class ScreeningModule {}
