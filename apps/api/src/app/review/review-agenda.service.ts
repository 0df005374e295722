import { Injectable } from '@nestjs/common';
import { addDays, orderReviewAgenda, startOfLocalDay, type ReviewAgendaEntry } from '@huddle/scoring';
import {
  FlagCode,
  type FlagSummary,
  type ReviewAgenda,
  type ReviewAgendaLine,
  type StaffRef,
} from '@huddle/shared-types';
import { AccessService } from '../auth/access.service';
import { AuditService } from '../audit/audit.service';
import { NotFoundError, ValidationError } from '../common/errors';
import { PreparedJson } from '../common/prepared-json';
import type { Actor } from '../common/request-actor';
import { ReadCache, timeKey } from '../database/read-cache';
import { RegistryChanges } from '../database/registry-changes.service';
import { ClinicRulesService, rulesOn, type ClinicRules } from '../registry-sql/clinic-rules.service';
import type { EpisodeAggregate } from '../registry-sql/episode-aggregate.model';
import { EpisodeAggregateRepository } from '../registry-sql/episode-aggregate.repository';
import { evaluateAggregateFlags, hasSafety, summarizeFlags } from '../registry-sql/flag-context.mapper';
import type { AgendaQueryDto } from './dto/review-params.dto';
import { ReviewRepository } from './review.repository';
import { mondayOf } from './review-week';

interface AgendaCandidate extends ReviewAgendaEntry {
  aggregate: EpisodeAggregate;
  flags: FlagSummary[];
}

/**
 * The weekly caseload-review agenda of a psychiatric consultant: their open episodes (within the
 * caller's patient scope), flags from libs/scoring, ordered by `orderReviewAgenda`. Reviews recorded
 * during the agenda week do not move patients (ordering uses reviews before the week's Monday);
 * they mark the line `reviewedThisWeek`, reword its reason ("Reviewed today") and count towards
 * progress. Lines not due this week (the clinic's `routineReviewDays` cut-off) come last and are
 * left out of progress.
 */
@Injectable()
export class ReviewAgendaService {
  /** Computed agendas, until the clinic's data changes (docs/adr/0005-read-caches.md). */
  private readonly agendas: ReadCache<PreparedJson<ReviewAgenda>>;

  constructor(
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clinicRules: ClinicRulesService,
    private readonly aggregates: EpisodeAggregateRepository,
    private readonly reviews: ReviewRepository,
    changes: RegistryChanges,
  ) {
    this.agendas = new ReadCache(changes);
  }

  /**
   * The agenda of a week; every read is audited with the patients it listed.
   * @throws 400 without `consultantId` for non-consultants; 404 for an unknown consultant.
   */
  async agenda(actor: Actor, query: AgendaQueryDto): Promise<ReviewAgenda> {
    return (await this.agendaPrepared(actor, query)).value;
  }

  /** {@link agenda}, ready to send. */
  async agendaPrepared(actor: Actor, query: AgendaQueryDto): Promise<PreparedJson<ReviewAgenda>> {
    const consultantId = query.consultantId ?? (actor.role === 'psychiatric_consultant' ? actor.id : undefined);
    if (consultantId === undefined) {
      throw new ValidationError('consultantId', 'consultantId is required unless you are a psychiatric consultant');
    }
    const today = await this.clinicRules.forClinic(actor.clinicId);
    const key = JSON.stringify([actor.id, actor.role, consultantId, today.asOf, timeKey(), query.weekOf]);
    const prepared = await this.agendas.get(
      actor.clinicId,
      key,
      async () => new PreparedJson(await this.compute(actor, consultantId, query, today)),
      // The consultant's episodes and their patients' data, and clinic-wide data: other agendas' writes leave it cached.
      { staffId: consultantId },
    );
    const agenda = prepared.value;
    await this.audit.success(actor, 'review.agenda.read', {
      resourceType: 'review_agenda',
      resourceId: consultantId,
      details: { consultantId, weekOf: agenda.weekOf },
      patientIds: prepared.memo('patientIds', (a) => a.lines.map((line) => line.patientId)),
    });
    return prepared;
  }

  private async compute(
    actor: Actor,
    consultantId: string,
    query: AgendaQueryDto,
    today: ClinicRules,
  ): Promise<ReviewAgenda> {
    const weekOf = mondayOf(query.weekOf ?? today.asOf);
    const rules = rulesOn(today, addDays(weekOf, 6));
    const { rows } = await this.aggregates.find({
      rules,
      weekOf,
      reviewsBefore: new Date(startOfLocalDay(weekOf, rules.timeZone)),
      where: (p) => [
        `e.consultant_id = ${p.add(consultantId, 'uuid')}`,
        p.addFragment(this.access.patientScope(actor, 'p', p.values.length)),
        // The 404 check in the same statement (issue #13: one statement per agenda).
        ReviewRepository.consultantCheck(p, consultantId, actor.clinicId),
      ],
      careManagerNames: true,
    });
    // No line: an unknown consultant (404) or an empty agenda.
    if (rows.length === 0) await this.requireConsultant(consultantId, actor.clinicId);
    const candidates: AgendaCandidate[] = rows.map((aggregate) => {
      const computed = evaluateAggregateFlags(aggregate, rules.thresholds, rules.asOf);
      const flags = summarizeFlags(computed, aggregate.manualFlags);
      const codes = computed.map((flag) => flag.code);
      return {
        patientId: aggregate.patientId,
        // A clinician's SAFETY_CONCERN goes to the safety bucket like a computed SAFETY flag.
        flagCodes: hasSafety(flags) && !codes.includes('SAFETY') ? [FlagCode.SAFETY, ...codes] : codes,
        enrolledAt: aggregate.enrolledAt,
        lastReviewedAt: aggregate.lastReviewAt,
        requestedByCareManager: aggregate.reviewRequested,
        reviewedThisWeekOn: aggregate.weekReviewedOn,
        aggregate,
        flags,
      };
    });
    const routineReviewDays = rules.thresholds.routineReviewDays;
    const ordered = orderReviewAgenda(candidates, rules.asOf, {
      routineReviewDays,
      weekEnd: addDays(weekOf, 6),
      today: today.asOf,
    });
    const lines = ordered.map(
      (item): ReviewAgendaLine => ({
        rank: item.rank,
        bucket: item.bucket,
        bucketPriority: item.bucketPriority,
        reason: item.reason,
        patientId: item.patientId,
        episodeId: item.entry.aggregate.episodeId,
        givenName: item.entry.aggregate.givenName,
        familyName: item.entry.aggregate.familyName,
        mrn: item.entry.aggregate.mrn,
        episodeStatus: item.entry.aggregate.status,
        enrolledAt: item.entry.aggregate.enrolledAt,
        careManager: careManagerRef(item.entry.aggregate),
        weeksInTreatment: item.entry.aggregate.weeksInTreatment,
        phq9Latest: item.entry.aggregate.phq9Last
          ? { date: item.entry.aggregate.phq9Last.date, total: item.entry.aggregate.phq9Last.total }
          : null,
        phq9PercentChange: item.entry.aggregate.phq9PercentChange,
        lastReviewedAt: item.entry.lastReviewedAt,
        daysSinceLastReview: item.daysSinceLastReview,
        flags: item.entry.flags,
        reviewRequested: item.entry.aggregate.reviewRequested,
        reviewedThisWeek: item.entry.aggregate.weekReviewId !== null,
        reviewId: item.entry.aggregate.weekReviewId,
        reviewedOn: item.entry.aggregate.weekReviewedOn,
        dueThisWeek: item.dueThisWeek,
      }),
    );
    const due = lines.filter((line) => line.dueThisWeek);
    return {
      consultantId,
      weekOf,
      asOf: rules.asOf,
      lines,
      progress: { reviewed: due.filter((line) => line.reviewedThisWeek).length, total: due.length },
      routineReviewDays,
    };
  }

  private async requireConsultant(consultantId: string, clinicId: string): Promise<void> {
    if (!(await this.reviews.isConsultantOf(consultantId, clinicId))) {
      throw new NotFoundError('Psychiatric consultant', consultantId);
    }
  }
}

/** The line's care manager as the agenda names them (joined by the aggregate statement). */
function careManagerRef(aggregate: EpisodeAggregate): StaffRef | null {
  const { careManagerId, careManagerName } = aggregate;
  return careManagerId === null || careManagerName === undefined || careManagerName === null
    ? null
    : { id: careManagerId, displayName: careManagerName };
}
