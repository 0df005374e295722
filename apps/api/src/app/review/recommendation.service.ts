import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ConsultantReviewView, RecommendationInboxItem, RecommendationView } from '@huddle/shared-types';
import { AccessService } from '../auth/access.service';
import { Clock } from '../auth/clock';
import { AuditService } from '../audit/audit.service';
import { ConflictError, ErrorCode, ForbiddenActionError, NotFoundError, VersionConflictError } from '../common/errors';
import type { Actor } from '../common/request-actor';
import type { UpdateRecommendationStatusDto } from './dto/update-recommendation-status.dto';
import {
  canTransition,
  INBOX_RECOMMENDATION_STATUSES,
  RECOMMENDATION_STATUS_ROLES,
  RECOMMENDATION_TRANSITIONS,
} from './recommendation-transitions';
import { ReviewRepository } from './review.repository';
import { DomainEvents } from '../events/domain-events.service';
import { RegistryChangedEvent } from '../events/registry-events';
import { readManager } from '../database/read-snapshot';

/** Recommendation lifecycle (`RECOMMENDATION_TRANSITIONS`) and the patient's recommendation list. */
@Injectable()
export class RecommendationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly reviews: ReviewRepository,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Changes the status under a row lock and optimistic version, so of two concurrent updates of the
   * same version exactly one wins. @throws 404 out of scope; 409 stale version or illegal transition.
   */
  async updateStatus(actor: Actor, id: string, dto: UpdateRecommendationStatusDto): Promise<RecommendationView> {
    return this.db.transaction(async (em) => {
      const current = await this.reviews.lockRecommendation(id, actor.clinicId, em);
      if (!current) throw new NotFoundError('Recommendation', id);
      await this.access.requirePatient(actor, current.patientId, em);
      if (current.version !== dto.version)
        throw new VersionConflictError('Recommendation', current.version, dto.version);
      if (!canTransition(current.status, dto.status)) {
        const allowed = RECOMMENDATION_TRANSITIONS[current.status];
        throw new ConflictError(
          ErrorCode.ILLEGAL_TRANSITION,
          `A ${current.status} recommendation cannot become ${dto.status}` +
            (allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : ' (final status)'),
          'status',
        );
      }
      if (!RECOMMENDATION_STATUS_ROLES[dto.status].includes(actor.role)) {
        throw new ForbiddenActionError(
          dto.status === 'implemented'
            ? 'Only the care manager or the PCP can mark a recommendation implemented'
            : "Only the patient's PCP can accept or decline a recommendation",
        );
      }
      const reason = dto.reason?.trim() || null;
      const changed = await this.reviews.updateStatus(
        id,
        dto.version,
        {
          clinicId: actor.clinicId,
          patientId: current.patientId,
          from: current.status,
          status: dto.status,
          reason,
          by: actor.id,
          at: this.clock.now(),
        },
        em,
      );
      if (!changed) throw new VersionConflictError('Recommendation', current.version + 1, dto.version);
      await this.audit.success(
        actor,
        'recommendation.status',
        {
          resourceType: 'recommendation',
          resourceId: id,
          patientId: current.patientId,
          details: { episodeId: current.episodeId, from: current.status, to: dto.status, withReason: reason !== null },
        },
        em,
      );
      this.events.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'recommendation'));
      return this.reviews.recommendation(id, em);
    });
  }

  /** All recommendations of the patient's episodes, newest first. @throws 404 out of scope. */
  async forPatient(actor: Actor, patientId: string): Promise<RecommendationView[]> {
    const em = readManager(this.db);
    await this.access.requirePatient(actor, patientId, em);
    const recommendations = await this.reviews.recommendationsOfPatient(patientId, null, em);
    await this.audit.success(actor, 'patient.recommendations.read', {
      resourceType: 'patient',
      resourceId: patientId,
      patientId,
      details: { count: recommendations.length },
    });
    return recommendations;
  }

  /** Every consultant review of the patient (scoped, audited), newest first. */
  async reviewsForPatient(actor: Actor, patientId: string): Promise<ConsultantReviewView[]> {
    const em = readManager(this.db);
    await this.access.requirePatient(actor, patientId, em);
    const reviews = await this.reviews.reviewsOfPatient(patientId, em);
    await this.audit.success(actor, 'patient.reviews.read', {
      resourceType: 'patient',
      resourceId: patientId,
      patientId,
      details: { count: reviews.length },
    });
    return reviews;
  }

  /**
   * The inbox: new recommendations of the caller's patients, oldest first — for a PCP those of their
   * patients (patient PCP or episode billing PCP) awaiting their answer. Audited with the patients listed.
   */
  async inbox(actor: Actor): Promise<RecommendationInboxItem[]> {
    const items = await this.reviews.inbox(this.access.patientScope(actor, 'p', 1), INBOX_RECOMMENDATION_STATUSES);
    await this.audit.success(actor, 'recommendation.inbox.read', {
      resourceType: 'recommendation',
      details: { count: items.length },
      patientIds: [...new Set(items.map((item) => item.patient.id))],
    });
    return items;
  }
}
