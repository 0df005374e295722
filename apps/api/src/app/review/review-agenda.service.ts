import { Injectable, Logger } from '@nestjs/common';
import {
  addDays,
  agendaBucketOfPriority,
  agendaSqlInputs,
  orderReviewAgenda,
  startOfLocalDay,
  type DueAgendaItem,
  type ReviewAgendaEntry,
  type ReviewAgendaOptions,
} from '@huddle/scoring';
import {
  FlagCode,
  ManualFlagCode,
  type Flag,
  type ReviewAgenda,
  type ReviewAgendaLine,
  type StaffRef,
} from '@huddle/shared-types';
import { AccessService } from '../auth/access.service';
import { AuditService } from '../audit/audit.service';
import { NotFoundError, ValidationError } from '../common/errors';
import { PreparedJson } from '../common/prepared-json';
import type { Actor } from '../common/request-actor';
import { ReadCache } from '../database/read-cache';
import { RegistryChanges } from '../database/registry-changes.service';
import { RowRefreshCache } from '../database/row-refresh-cache';
import { ClinicRulesService, rulesOn, type ClinicRules } from '../registry-sql/clinic-rules.service';
import type { EpisodeAggregate } from '../registry-sql/episode-aggregate.model';
import {
  EpisodeAggregateRepository,
  type AgendaPlace,
  type AggregateQuery,
} from '../registry-sql/episode-aggregate.repository';
import { evaluateAggregateFlags, raisesSafety, summarizeFlags } from '../registry-sql/flag-context.mapper';
import type { AgendaQueryDto } from './dto/review-params.dto';
import { ReviewRepository } from './review.repository';
import { mondayOf } from './review-week';

interface AgendaCandidate extends ReviewAgendaEntry {
  aggregate: EpisodeAggregate;
  computed: Flag[];
}

/**
 * Whole agendas kept per process (least recently used dropped beyond): a line is ≈ 1 kB of objects, a
 * consultant's week 450–600 lines, so 100 agendas are ≈ 60 MB; an agenda not kept is read as a page in SQL.
 */
const AGENDAS_KEPT = 100;

/**
 * The weekly caseload-review agenda of a psychiatric consultant: their open episodes (within the
 * caller's patient scope), flags from libs/scoring, ordered by `orderReviewAgenda`. Reviews recorded
 * during the agenda week do not move patients (ordering uses reviews before the week's Monday);
 * they mark the line `reviewedThisWeek`, reword its reason ("Reviewed today") and count towards
 * progress. Lines not due this week (the clinic's `routineReviewDays` cut-off) come last and are
 * left out of progress. A request may ask for a page of lines (`limit`, `offset`); the section counts
 * and the progress are always over the whole agenda.
 */
@Injectable()
export class ReviewAgendaService {
  /** Computed agendas, until the clinic's data changes (docs/adr/0005-read-caches.md). */
  private readonly agendas: ReadCache<PreparedJson<ReviewAgenda>>;
  /**
   * Every line of an agenda week, refreshed line by line when a write names its patient: a page is placed
   * and cut from them by libs/scoring, so a write costs its consultant's next read one patient's lines, not
   * the whole week's aggregate (docs/adr/0005-read-caches.md, amended in session 20).
   */
  private readonly weeks: RowRefreshCache<AgendaCandidate[]>;

  constructor(
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clinicRules: ClinicRulesService,
    private readonly aggregates: EpisodeAggregateRepository,
    private readonly reviews: ReviewRepository,
    changes: RegistryChanges,
  ) {
    this.agendas = new ReadCache(changes);
    this.weeks = new RowRefreshCache(changes, { maxEntries: AGENDAS_KEPT });
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
    const key = JSON.stringify([
      actor.id,
      actor.role,
      consultantId,
      today.asOf,
      query.weekOf,
      query.limit,
      query.offset,
    ]);
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
      details: { consultantId, weekOf: agenda.weekOf, offset: agenda.offset, lines: agenda.lines.length },
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
    const weekEnd = addDays(weekOf, 6);
    const rules = rulesOn(today, weekEnd);
    const offset = query.offset ?? 0;
    const lines: AggregateQuery = {
      rules,
      weekOf,
      reviewsBefore: new Date(startOfLocalDay(weekOf, rules.timeZone)),
      where: (p) => [
        `e.consultant_id = ${p.add(consultantId, 'uuid')}`,
        p.addFragment(
          this.access.consultantEpisodesScope(actor, consultantId, { patient: 'p', episode: 'e' }, p.values.length),
        ),
        // The 404 check in the same statement (issue #13: one statement per agenda).
        ReviewRepository.consultantCheck(p, consultantId, actor.clinicId),
      ],
      careManagerNames: true,
    };
    const options = { routineReviewDays: rules.thresholds.routineReviewDays, weekEnd, today: today.asOf };
    const evaluate = (rows: EpisodeAggregate[]): AgendaCandidate[] =>
      rows.map((aggregate) => candidate(aggregate, rules.thresholds, rules.asOf));
    if (this.weeks.follows(actor.clinicId, consultantId)) {
      // The week's lines held in memory, the lines of the patients a write named read again.
      const held = await this.weeks.get(
        actor.clinicId,
        consultantId,
        JSON.stringify([actor.id, actor.role, today.asOf, weekOf]),
        {
          all: async () => {
            const { rows } = await this.aggregates.find(lines);
            // No line: an unknown consultant (404, not kept) or an empty agenda.
            if (rows.length === 0) await this.requireConsultant(consultantId, actor.clinicId);
            return evaluate(rows);
          },
          refresh: async (week, patients) => {
            const { rows } = await this.aggregates.find({
              ...lines,
              where: (p) => [...lines.where(p), `e.patient_id = ANY(${p.add([...patients], 'uuid[]')})`],
            });
            // A patient's lines no longer read have left the agenda (discharged, transferred).
            return [...week.filter((line) => !patients.has(line.patientId)), ...evaluate(rows)];
          },
        },
      );
      return this.agendaOf(consultantId, weekOf, rules, offset, placeWhole(held, rules.asOf, options, offset, query));
    }
    // The page is placed, ordered and cut in SQL (issue #13: a request costs a page, not the ~450–600
    // lines of the week); only its lines are aggregated, parsed and evaluated here.
    const page = await this.aggregates.agendaPage({
      ...lines,
      limit: query.limit,
      offset,
      agenda: { inputs: agendaSqlInputs(rules.thresholds), weekEnd, safetyManualCode: ManualFlagCode.SAFETY_CONCERN },
    });
    // No line: an unknown consultant (404) or an empty agenda.
    if (page.lines === 0) await this.requireConsultant(consultantId, actor.clinicId);
    const candidates = evaluate(page.rows.map(({ aggregate }) => aggregate));
    // The library places the page's lines (reasons, days since review, due); its order of them must be
    // SQL's. Should they ever disagree, the whole agenda is ranked here instead (and counted, see
    // `placementMismatches`): the answer stays the library's.
    const placed = orderReviewAgenda(candidates, rules.asOf, options);
    if (!samePlacement(placed, page.rows)) {
      this.placementMismatches += 1;
      this.logger.error('Agenda placement in SQL disagrees with libs/scoring; the agenda was ranked in Node');
      const { rows } = await this.aggregates.find(lines);
      return this.agendaOf(
        consultantId,
        weekOf,
        rules,
        offset,
        placeWhole(evaluate(rows), rules.asOf, options, offset, query),
      );
    }
    return this.agendaOf(consultantId, weekOf, rules, offset, {
      page: placed.map((item, index) => ({ ...item, rank: page.rows[index]?.place.rank ?? offset + index + 1 })),
      lines: page.lines,
      due: page.due,
      reviewedDue: page.reviewedDue,
    });
  }

  /**
   * Requests whose page the library placed differently from SQL (0 unless SQL and libs/scoring drift
   * apart; apps/api/test/differential asserts it stays 0).
   */
  placementMismatches = 0;
  private readonly logger = new Logger(ReviewAgendaService.name);

  private agendaOf(
    consultantId: string,
    weekOf: string,
    rules: ClinicRules,
    offset: number,
    whole: { page: Array<DueAgendaItem<AgendaCandidate>>; lines: number; due: number; reviewedDue: number },
  ): ReviewAgenda {
    const lines = whole.page.map(
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
        flags: summarizeFlags(item.entry.computed, item.entry.aggregate.manualFlags),
        reviewRequested: item.entry.aggregate.reviewRequested,
        reviewedThisWeek: item.entry.aggregate.weekReviewId !== null,
        reviewId: item.entry.aggregate.weekReviewId,
        reviewedOn: item.entry.aggregate.weekReviewedOn,
        dueThisWeek: item.dueThisWeek,
      }),
    );
    return {
      consultantId,
      weekOf,
      asOf: rules.asOf,
      lines,
      offset,
      sections: { due: whole.due, notDue: whole.lines - whole.due },
      progress: { reviewed: whole.reviewedDue, total: whole.due },
      routineReviewDays: rules.thresholds.routineReviewDays,
    };
  }

  private async requireConsultant(consultantId: string, clinicId: string): Promise<void> {
    if (!(await this.reviews.isConsultantOf(consultantId, clinicId))) {
      throw new NotFoundError('Psychiatric consultant', consultantId);
    }
  }
}

/** An agenda entry of one aggregate row: its libs/scoring flags, safety as the agenda counts it. */
function candidate(aggregate: EpisodeAggregate, thresholds: ClinicRules['thresholds'], asOf: string): AgendaCandidate {
  const computed = evaluateAggregateFlags(aggregate, thresholds, asOf);
  const codes = computed.map((flag) => flag.code);
  // A clinician's SAFETY_CONCERN goes to the safety bucket like a computed SAFETY flag.
  const safety = raisesSafety(computed, aggregate.manualFlags);
  return {
    patientId: aggregate.patientId,
    flagCodes: safety && !codes.includes(FlagCode.SAFETY) ? [FlagCode.SAFETY, ...codes] : codes,
    enrolledAt: aggregate.enrolledAt,
    lastReviewedAt: aggregate.lastReviewAt,
    requestedByCareManager: aggregate.reviewRequested,
    reviewedThisWeekOn: aggregate.weekReviewedOn,
    aggregate,
    computed,
  };
}

/** Every line of a week placed and ordered by libs/scoring; the requested page, and the counts over all. */
function placeWhole(
  week: readonly AgendaCandidate[],
  asOf: string,
  options: ReviewAgendaOptions,
  offset: number,
  query: AgendaQueryDto,
): { page: Array<DueAgendaItem<AgendaCandidate>>; lines: number; due: number; reviewedDue: number } {
  const ordered = orderReviewAgenda(week, asOf, options);
  const due = ordered.filter((item) => item.dueThisWeek);
  return {
    page: ordered.slice(offset, query.limit === undefined ? undefined : offset + query.limit),
    lines: ordered.length,
    due: due.length,
    reviewedDue: due.filter((item) => item.entry.aggregate.weekReviewId !== null).length,
  };
}

/** The library's order and placement of a page equal SQL's (same episodes, buckets and due flags). */
function samePlacement(
  placed: ReadonlyArray<DueAgendaItem<AgendaCandidate>>,
  rows: ReadonlyArray<{ aggregate: EpisodeAggregate; place: AgendaPlace }>,
): boolean {
  return (
    placed.length === rows.length &&
    placed.every((item, index) => {
      const row = rows[index];
      return (
        row !== undefined &&
        item.entry.aggregate.episodeId === row.aggregate.episodeId &&
        item.bucket === agendaBucketOfPriority(row.place.bucketPriority) &&
        item.dueThisWeek === row.place.dueThisWeek
      );
    })
  );
}

/** The line's care manager as the agenda names them (joined by the aggregate statement). */
function careManagerRef(aggregate: EpisodeAggregate): StaffRef | null {
  const { careManagerId, careManagerName } = aggregate;
  return careManagerId === null || careManagerName === undefined || careManagerName === null
    ? null
    : { id: careManagerId, displayName: careManagerName };
}
