import { Module } from '@nestjs/common';
import { FlagsModule } from '../flags/flags.module';
import { RegistrySqlModule } from '../registry-sql/registry-sql.module';
import { RecommendationService } from './recommendation.service';
import { RecommendationsController } from './recommendations.controller';
import { ReviewAgendaService } from './review-agenda.service';
import { ReviewController } from './review.controller';
import { ReviewRecordService } from './review-record.service';
import { ReviewRepository } from './review.repository';
import { ReviewSummaryRepository } from './review-summary.repository';
import { ReviewSummaryService } from './review-summary.service';

/** Weekly consultant review: agenda, patient summary, recorded reviews and recommendations. */
@Module({
  imports: [FlagsModule, RegistrySqlModule],
  controllers: [ReviewController, RecommendationsController],
  providers: [
    ReviewRepository,
    ReviewSummaryRepository,
    ReviewAgendaService,
    ReviewSummaryService,
    ReviewRecordService,
    RecommendationService,
  ],
})
export class ReviewModule {}
