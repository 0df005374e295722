import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { toLocalIsoDate } from '@huddle/scoring';
import { ManualFlagCode, type ConsultantReviewView } from '@huddle/shared-types';
import { AccessService } from '../auth/access.service';
import { Clock } from '../auth/clock';
import { AuditService } from '../audit/audit.service';
import { isUniqueViolation } from '../common/database-errors';
import { ConflictError, ErrorCode, ForbiddenActionError, NotFoundError, ValidationError } from '../common/errors';
import type { Actor } from '../common/request-actor';
import { ManualFlagRepository } from '../flags/manual-flag.repository';
import type { CreateReviewDto } from './dto/create-review.dto';
import { ReviewRepository } from './review.repository';
import { mondayOf } from './review-week';
import { DomainEvents } from '../events/domain-events.service';
import { RegistryChangedEvent } from '../events/registry-events';

const WEEK_CONSTRAINT = 'uq_consultant_review_episode_week';

/**
 * Records a weekly consultant review ("mark reviewed") with its structured recommendations and the
 * audit entry in one transaction. One review per episode and week: a second one is a 409 (no
 * upsert, so a review and its recommendations are never silently replaced; ADR 0002).
 */
@Injectable()
export class ReviewRecordService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly reviews: ReviewRepository,
    private readonly manualFlags: ManualFlagRepository,
    private readonly events: DomainEvents,
  ) {}

  /**
   * @throws 404 unknown/out-of-scope episode; 403 when the caller is not the episode's consultant;
   *   400 for a future week; 409 for a discharged episode or a week already reviewed.
   */
  async record(actor: Actor, episodeId: string, dto: CreateReviewDto): Promise<ConsultantReviewView> {
    const weekOf = mondayOf(dto.weekOf);
    try {
      return await this.db.transaction(async (em) => {
        const episode = await this.reviews.lockEpisodeForReview(episodeId, actor.clinicId, em);
        if (!episode) throw new NotFoundError('Episode', episodeId);
        await this.access.requirePatient(actor, episode.patientId, em);
        if (episode.consultantId !== actor.id) {
          throw new ForbiddenActionError("Only the episode's psychiatric consultant can record its review");
        }
        if (episode.status === 'discharged') {
          throw new ConflictError(ErrorCode.EPISODE_CLOSED, 'The episode is discharged');
        }
        const now = this.clock.now();
        if (weekOf > mondayOf(toLocalIsoDate(now.toISOString(), episode.timezone))) {
          throw new ValidationError('weekOf', 'weekOf must not be in a future week');
        }
        const reviewId = await this.reviews.insertReview(
          {
            clinicId: actor.clinicId,
            patientId: episode.patientId,
            episodeId,
            consultantId: actor.id,
            weekOf,
            summary: dto.summary ?? null,
          },
          dto.recommendations,
          now,
          em,
        );
        await this.audit.success(
          actor,
          'review.record',
          {
            resourceType: 'consultant_review',
            resourceId: reviewId,
            patientId: episode.patientId,
            details: { episodeId, weekOf, recommendationTypes: dto.recommendations.map((rec) => rec.type) },
          },
          em,
        );
        // The review answers the care manager's request (issue #11): open DISCUSS_WITH_CONSULTANT
        // flags are resolved by the consultant, naming the review, and the episode's mirror cleared.
        const cleared = await this.manualFlags.resolveOpen(
          episode.patientId,
          ManualFlagCode.DISCUSS_WITH_CONSULTANT,
          { by: actor.id, at: now, note: "Discussed at the consultant's weekly review", reviewId },
          em,
        );
        await this.manualFlags.clearReviewRequest(episodeId, now, em);
        for (const flag of cleared) {
          await this.audit.success(
            actor,
            'flag.resolve',
            {
              resourceType: 'manual_flag',
              resourceId: flag.id,
              patientId: episode.patientId,
              details: {
                code: ManualFlagCode.DISCUSS_WITH_CONSULTANT,
                episodeId: flag.episodeId,
                via: 'review',
                reviewId,
              },
            },
            em,
          );
        }
        this.events.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'review'));
        return this.reviews.review(reviewId, em);
      });
    } catch (error) {
      if (isUniqueViolation(error, WEEK_CONSTRAINT)) {
        throw new ConflictError(
          ErrorCode.DUPLICATE,
          `The episode is already reviewed for the week of ${weekOf}`,
          'weekOf',
        );
      }
      throw error;
    }
  }
}
