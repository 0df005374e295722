import {
  addDays,
  addMonths,
  computeAverageTreatmentDuration,
  computeCbe1885Response,
  computeCms159Remission,
  computeConsultationRate,
  computeDrrEMeasures,
  computeEpisodeMeasures,
  computeImprovementRate,
  computeMonthlyBilling,
  computeMonthlyContactWithScaleRate,
  countOverviewRecent,
  daysBetween,
  evaluateCaseloadCapacity,
  evaluateFlags,
  isDepressionDiagnosis,
  isDepressionExclusion,
  mergeFlagThresholds,
  monthBounds,
  monthOf,
  NEW_EPISODE_GAP_MONTHS,
  notBillableReason,
  orderReviewAgenda,
  OVERVIEW_RECENT_SCORES,
  scoreAssessment,
  toLocalIsoDate,
  type DepressionOutcomePatient,
  type FlagThresholds,
  type PatientFlagContext,
  type ProgramPatient,
} from '@huddle/scoring';
import {
  ACTIVE_EPISODE_STATUSES,
  PATIENT_CONTACT_TYPES,
  type BillingLine,
  type DatedScore,
  type EpisodeMeasures,
  type Flag,
  type FlagCode,
  type InstrumentId,
  type IsoDate,
  type MeasureResult,
  type YearMonth,
} from '@huddle/shared-types';
import type { AssessmentRow, ClinicRows, EpisodeRow, StaffRow } from './registry.model';

/**
 * The reference side of the differential harness: every figure computed by libs/scoring from the
 * raw rows of a generated clinic (never by the API's SQL or its helpers). Where the API picks a
 * population or a period (which episodes, which months), the selection is restated here from the
 * API's documented contract; the clinical decision itself is always the library's.
 */

const REFERENCE_MONDAY = '2024-01-01';

/** Monday of the week of `date` (review weeks run Monday–Sunday, clinic-local). */
export function mondayOf(date: IsoDate): IsoDate {
  return addDays(date, -((((daysBetween(REFERENCE_MONDAY, date) % 7) + 7) % 7) as number));
}

/**
 * Index periods of the quality measures as the leadership page defines them (so that every
 * follow-up window can have closed by `asOf`): DRR-E — the 12 months ending 240 days before `asOf`;
 * CMS159 / CBE 1885 — the 12 months ending 14 months before `asOf`.
 */
export function qualityPeriods(asOf: IsoDate): {
  drrE: { start: IsoDate; end: IsoDate };
  year: { start: IsoDate; end: IsoDate };
} {
  const drrEnd = addDays(asOf, -240);
  const yearEnd = addMonths(asOf, -14);
  return {
    drrE: { start: addDays(addMonths(drrEnd, -12), 1), end: drrEnd },
    year: { start: addDays(addMonths(yearEnd, -12), 1), end: yearEnd },
  };
}

export interface ExpectedCaseloadRow {
  patientId: string;
  episodeId: string;
  episodeStatus: string;
  enrolledAt: IsoDate | null;
  phq9: ExpectedScores;
  gad7: ExpectedScores;
  weeksInTreatment: number | null;
  lastContactAt: IsoDate | null;
  lastReviewAt: IsoDate | null;
  minutesThisMonth: number;
  flags: Array<{ code: string; severity: string; reason: string; source: 'computed' | 'manual' }>;
  safety: boolean;
  reviewRequested: boolean;
}

interface ExpectedScores {
  baseline: { date: IsoDate; total: number } | null;
  latest: { date: IsoDate; total: number } | null;
  percentChange: number | null;
}

export interface ExpectedAgendaLine {
  patientId: string;
  bucket: string;
  reason: string;
  daysSinceLastReview: number | null;
  dueThisWeek: boolean;
  lastReviewedAt: IsoDate | null;
  reviewedThisWeek: boolean;
}

export interface ExpectedBillingRow {
  patientId: string;
  episodeId: string;
  minutes: number;
  isFirstMonth: boolean;
  lines: BillingLine[];
  billable: boolean;
  /** The API's first month differs only by issue #12 item 1 (start = enrolment, not consent). */
  startDiffersFromConsent: boolean;
}

export interface ExpectedBillingSummary {
  patientsWithMinutes: number;
  totalMinutes: number;
  codes: Record<string, { patients: number; units: number }>;
  belowThreshold: number;
  startDiffersFromConsent: boolean;
}

const MANUAL_SEVERITY: Record<string, string> = { SAFETY_CONCERN: 'critical', DISCUSS_WITH_CONSULTANT: 'medium' };
const MANUAL_REASON: Record<string, string> = {
  SAFETY_CONCERN: 'Safety concern raised by a clinician',
  DISCUSS_WITH_CONSULTANT: 'Care manager asked to discuss with the psychiatric consultant',
};
const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'];

/** libs/scoring over one clinic's raw rows. */
export class ClinicOracle {
  readonly thresholds: FlagThresholds;
  readonly tz: string;
  readonly asOf: IsoDate;
  private readonly staffById: Map<string, StaffRow>;

  constructor(readonly clinic: ClinicRows) {
    this.thresholds = mergeFlagThresholds(clinic.thresholds);
    this.tz = clinic.timeZone;
    this.asOf = clinic.asOf;
    this.staffById = new Map(clinic.staff.map((s) => [s.id, s]));
  }

  local(instant: string): IsoDate {
    return toLocalIsoDate(instant, this.tz);
  }

  staff(role: StaffRow['role']): StaffRow[] {
    return this.clinic.staff.filter((s) => s.role === role);
  }

  openEpisodes(): EpisodeRow[] {
    return this.clinic.episodes.filter((e) => e.status !== 'discharged');
  }

  /** The clinics overview's counts (`countOverviewRecent` over every PHQ-9 recorded, complete or not). */
  overview(): { patients: number; openEpisodes: number; careManagers: number; phq9Last30Days: number } {
    const dates = this.clinic.assessments
      .filter((a) => a.instrument === OVERVIEW_RECENT_SCORES.instrumentId)
      .map((a) => a.on);
    return {
      patients: this.clinic.patients.length,
      openEpisodes: this.openEpisodes().length,
      careManagers: this.staff('care_manager').length,
      phq9Last30Days: countOverviewRecent(dates, this.asOf),
    };
  }

  /** Assessments of an episode in recorded order (date, then insertion). */
  assessmentsOf(episodeId: string): AssessmentRow[] {
    return this.clinic.assessments
      .filter((a) => a.episodeId === episodeId)
      .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.createdAt < b.createdAt ? -1 : 1));
  }

  /** Dated totals of one instrument (incomplete forms: `null`, which the library skips). */
  scoresOf(assessments: AssessmentRow[], instrument: InstrumentId): DatedScore[] {
    return assessments
      .filter((a) => a.instrument === instrument)
      .map((a) => ({ date: a.on, total: scoreAssessment(a.instrument, a.answers).total }));
  }

  private enrolledAt(e: EpisodeRow): IsoDate | null {
    return ACTIVE_EPISODE_STATUSES.includes(e.status) ? e.enrolledOn : null;
  }

  /** The episode's full history as `evaluateFlags` takes it; reviews from `reviewsFrom` on are left out. */
  flagContext(e: EpisodeRow, reviewsFrom: IsoDate | null = null): PatientFlagContext {
    return {
      patientId: e.patientId,
      episode: { status: e.status, enrolledAt: this.enrolledAt(e), dischargedAt: e.dischargedOn },
      assessments: this.assessmentsOf(e.id).map((a) => {
        const scored = scoreAssessment(a.instrument, a.answers);
        const followUp = this.clinic.safetyFollowUps.find((f) => f.id === a.safetyFollowUpId);
        return {
          id: a.id,
          instrumentId: a.instrument,
          date: a.on,
          total: scored.total,
          complete: scored.complete,
          safetyRisk: scored.safetyRisk,
          missingItems: scored.missingItems,
          safetyResolvedAt: followUp ? this.local(followUp.performedAt) : null,
        };
      }),
      contacts: this.clinic.contacts
        .filter((c) => c.episodeId === e.id && c.completed)
        .map((c) => ({ date: this.local(c.startedAt), type: c.type })),
      consultantReviewDates: this.clinic.reviews
        .filter((r) => r.episodeId === e.id)
        .map((r) => this.local(r.reviewedAt))
        .filter((date) => reviewsFrom === null || date < reviewsFrom),
    };
  }

  flags(e: EpisodeRow, reviewsFrom: IsoDate | null = null): Flag[] {
    return evaluateFlags(this.flagContext(e, reviewsFrom), this.thresholds, this.asOf);
  }

  openManualFlags(e: EpisodeRow): string[] {
    return this.clinic.manualFlags
      .filter((m) => m.patientId === e.patientId && m.resolvedAt === null)
      .map((m) => m.code);
  }

  /** `computeEpisodeMeasures` of an instrument; `null` while the episode is not enrolled. */
  episodeMeasures(e: EpisodeRow, instrument: InstrumentId): EpisodeMeasures | null {
    const enrolledAt = this.enrolledAt(e);
    if (!enrolledAt) return null;
    return computeEpisodeMeasures(this.scoresOf(this.assessmentsOf(e.id), instrument), {
      enrolledAt,
      asOf: this.asOf,
      dischargedAt: e.dischargedOn,
      instrumentId: instrument,
      thresholds: this.thresholds,
    });
  }

  /** Baseline, latest and change of an instrument as the caseload shows them (whole history while referred). */
  private caseloadScores(e: EpisodeRow, instrument: InstrumentId): ExpectedScores {
    const scores = this.scoresOf(this.assessmentsOf(e.id), instrument);
    const enrolledAt = this.enrolledAt(e);
    const complete = scores.filter((s) => s.total !== null && s.date <= this.asOf);
    const from = enrolledAt ?? complete[0]?.date;
    if (!from) return { baseline: null, latest: null, percentChange: null };
    const m = computeEpisodeMeasures(scores, {
      enrolledAt: from,
      asOf: this.asOf,
      dischargedAt: e.dischargedOn,
      instrumentId: instrument,
      // While referred the caseload shows the episode's whole history (no enrolment to look back from).
      thresholds: enrolledAt ? this.thresholds : { ...this.thresholds, baselineLookbackDays: 0 },
    });
    return { baseline: m.baseline, latest: m.latest, percentChange: m.percentChange };
  }

  caseloadRow(e: EpisodeRow): ExpectedCaseloadRow {
    const computed = this.flags(e);
    const manual = this.openManualFlags(e);
    const flags = [
      ...computed.map((f) => ({
        code: f.code,
        severity: f.severity,
        reason: f.evidence.reason,
        source: 'computed' as const,
      })),
      ...manual.map((code) => ({
        code,
        severity: MANUAL_SEVERITY[code] ?? 'medium',
        reason: MANUAL_REASON[code] ?? code,
        source: 'manual' as const,
      })),
    ].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
    const enrolledAt = this.enrolledAt(e);
    const measures = enrolledAt ? this.episodeMeasures(e, 'PHQ9') : null;
    const contacts = this.clinic.contacts.filter((c) => c.episodeId === e.id);
    const patientContacts = contacts.filter((c) => c.completed && PATIENT_CONTACT_TYPES.includes(c.type));
    const lastOf = (dates: IsoDate[]): IsoDate | null => (dates.length ? (dates.sort().at(-1) ?? null) : null);
    const month = monthOf(this.asOf);
    return {
      patientId: e.patientId,
      episodeId: e.id,
      episodeStatus: e.status,
      enrolledAt,
      phq9: this.caseloadScores(e, 'PHQ9'),
      gad7: this.caseloadScores(e, 'GAD7'),
      weeksInTreatment: measures ? measures.weeksInTreatment : null,
      lastContactAt: lastOf(patientContacts.map((c) => this.local(c.startedAt))),
      lastReviewAt: lastOf(
        this.clinic.reviews.filter((r) => r.episodeId === e.id).map((r) => this.local(r.reviewedAt)),
      ),
      minutesThisMonth: contacts
        .filter((c) => monthOf(this.local(c.startedAt)) === month && this.local(c.startedAt) <= this.asOf)
        .reduce((sum, c) => sum + c.minutes, 0),
      flags,
      safety: computed.some((f) => f.code === 'SAFETY') || manual.includes('SAFETY_CONCERN'),
      reviewRequested: e.reviewRequestedAt !== null,
    };
  }

  /** Active patients of a care manager against `floor(capacity × FTE)` (`evaluateCaseloadCapacity`). */
  capacity(careManager: StaffRow): { activePatients: number; overCapacity: boolean; flag: Flag | null } {
    const activePatients = this.clinic.episodes.filter(
      (e) => e.careManagerId === careManager.id && ACTIVE_EPISODE_STATUSES.includes(e.status),
    ).length;
    const flag = evaluateCaseloadCapacity(activePatients, this.thresholds, careManager.fte);
    return { activePatients, overCapacity: flag !== null, flag };
  }

  /** `orderReviewAgenda` of the consultant's open episodes for the week of today. */
  agenda(): ExpectedAgendaLine[] {
    const weekOf = mondayOf(this.asOf);
    const entries = this.openEpisodes().map((e) => {
      const computed = this.flags(e, weekOf).map((f) => f.code);
      const safety = computed.includes('SAFETY') || this.openManualFlags(e).includes('SAFETY_CONCERN');
      const before = this.clinic.reviews
        .filter((r) => r.episodeId === e.id)
        .map((r) => this.local(r.reviewedAt))
        .filter((d) => d < weekOf)
        .sort();
      const thisWeek = this.clinic.reviews.find((r) => r.episodeId === e.id && r.weekOf === weekOf);
      return {
        patientId: e.patientId,
        flagCodes: (safety && !computed.includes('SAFETY') ? ['SAFETY', ...computed] : computed) as FlagCode[],
        enrolledAt: this.enrolledAt(e),
        lastReviewedAt: before.at(-1) ?? null,
        requestedByCareManager: e.reviewRequestedAt !== null,
        reviewedThisWeekOn: thisWeek ? this.local(thisWeek.reviewedAt) : null,
      };
    });
    return orderReviewAgenda(entries, this.asOf, {
      routineReviewDays: this.thresholds.routineReviewDays,
      weekEnd: addDays(weekOf, 6),
      today: this.asOf,
    }).map((item) => ({
      patientId: item.patientId,
      bucket: item.bucket,
      reason: item.reason,
      daysSinceLastReview: item.daysSinceLastReview,
      dueThisWeek: item.dueThisWeek,
      lastReviewedAt: item.entry.lastReviewedAt,
      reviewedThisWeek: item.entry.reviewedThisWeekOn !== null,
    }));
  }

  /**
   * The NYS program patients: episodes enrolled on or before `asOf` and, unless `includeDischarged`,
   * not discharged by then. Contact-with-scale takes every enrolled episode: the library itself keeps
   * those overlapping the month (one discharged on the 1st still counts for that month).
   */
  private programPatients(includeDischarged = false): ProgramPatient[] {
    return this.clinic.episodes
      .filter(
        (e) =>
          e.enrolledOn !== null &&
          e.enrolledOn <= this.asOf &&
          (includeDischarged || e.dischargedOn === null || e.dischargedOn > this.asOf),
      )
      .map((e) => {
        const assessments = this.assessmentsOf(e.id);
        const scaleMonths = new Set(
          assessments.filter((a) => scoreAssessment(a.instrument, a.answers).complete).map((a) => monthOf(a.on)),
        );
        return {
          patientId: e.id,
          enrolledAt: e.enrolledOn ?? this.asOf,
          dischargedAt: e.dischargedOn,
          scores: this.scoresOf(assessments, 'PHQ9'),
          contacts: this.clinic.contacts
            .filter((c) => c.episodeId === e.id && c.completed && PATIENT_CONTACT_TYPES.includes(c.type))
            .map((c) => {
              const date = this.local(c.startedAt);
              // A contact of the month in which the patient completed a scale (NYS "contact with scale").
              return { date, withCompletedScale: scaleMonths.has(monthOf(date)) };
            }),
          consultantReviewDates: this.clinic.reviews
            .filter((r) => r.episodeId === e.id)
            .map((r) => this.local(r.reviewedAt)),
        };
      });
  }

  program(): {
    improvementRate: MeasureResult;
    consultationRate: MeasureResult;
    monthlyContactWithScale: MeasureResult;
    averageTreatment: MeasureResult;
  } {
    const patients = this.programPatients();
    const options = { asOf: this.asOf, thresholds: this.thresholds };
    // Average duration over the episodes discharged in the 12 months to asOf (the API's period).
    const discharged = this.clinic.episodes
      .filter((e) => e.enrolledOn !== null && e.dischargedOn !== null && e.dischargedOn >= addDays(this.asOf, -365))
      .map((e) => ({
        patientId: e.id,
        enrolledAt: e.enrolledOn ?? this.asOf,
        dischargedAt: e.dischargedOn,
        scores: [],
      }));
    return {
      improvementRate: computeImprovementRate(patients, options),
      consultationRate: computeConsultationRate(patients, options),
      monthlyContactWithScale: computeMonthlyContactWithScaleRate(this.programPatients(true), {
        month: monthOf(this.asOf),
      }),
      averageTreatment: computeAverageTreatmentDuration(discharged, { asOf: this.asOf }),
    };
  }

  /**
   * Monthly outcomes: per month, the enrolled episodes whose latest complete PHQ-9 of the month is
   * a follow-up score (`computeEpisodeMeasures` as of the month's end judges it); `null` care manager
   * = the clinic.
   */
  trends(
    months: YearMonth[],
  ): Map<string, { measured: number; response: number; remission: number; improved: number }> {
    const result = new Map<string, { measured: number; response: number; remission: number; improved: number }>();
    for (const month of months) {
      const { first, last } = monthBounds(month);
      for (const e of this.clinic.episodes) {
        if (!e.enrolledOn) continue;
        const scores = this.scoresOf(this.assessmentsOf(e.id), 'PHQ9');
        if (!scores.some((s) => s.total !== null && s.date >= first && s.date <= last)) continue;
        const m = computeEpisodeMeasures(scores, {
          enrolledAt: e.enrolledOn,
          asOf: last < this.asOf ? last : this.asOf,
          dischargedAt: e.dischargedOn,
          thresholds: this.thresholds,
        });
        if (!m.latest || m.latest.date < first || m.followUpCount < 1) continue;
        for (const key of [`${month}|clinic`, `${month}|${e.careManagerId}`]) {
          const r = result.get(key) ?? { measured: 0, response: 0, remission: 0, improved: 0 };
          r.measured += 1;
          r.response += m.response === true ? 1 : 0;
          r.remission += m.remission === true ? 1 : 0;
          r.improved += m.improved === true ? 1 : 0;
          result.set(key, r);
        }
      }
    }
    return result;
  }

  /** DRR-E, CMS159 and CBE 1885 over the clinic's patients (all their PHQ-9s, any episode). */
  quality(): Record<string, MeasureResult> {
    const patients: DepressionOutcomePatient[] = this.clinic.patients.map((p) => {
      const diagnoses = this.clinic.episodes.filter((e) => e.patientId === p.id).flatMap((e) => e.diagnoses);
      const assessments = this.clinic.assessments
        .filter((a) => a.patientId === p.id)
        .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.createdAt < b.createdAt ? -1 : 1));
      return {
        patientId: p.id,
        hasDepressionDiagnosis: diagnoses.some(isDepressionDiagnosis),
        exclusionReason: diagnoses.some(isDepressionExclusion) ? 'Bipolar disorder' : null,
        phq9Scores: this.scoresOf(assessments, 'PHQ9'),
      };
    });
    const periods = qualityPeriods(this.asOf);
    const drr = computeDrrEMeasures(patients, { indexPeriod: periods.drrE, asOf: this.asOf });
    return {
      HEDIS_DRR_E_FOLLOW_UP: drr.followUp,
      HEDIS_DRR_E_RESPONSE: drr.response,
      HEDIS_DRR_E_REMISSION: drr.remission,
      CMS159_REMISSION_12M: computeCms159Remission(patients, { indexPeriod: periods.year, asOf: this.asOf }),
      CBE1885_RESPONSE_12M: computeCbe1885Response(patients, { indexPeriod: periods.year, asOf: this.asOf }),
    };
  }

  /** Whether an episode started less than NEW_EPISODE_GAP_MONTHS after an earlier one of the patient ended. */
  private continues(e: EpisodeRow, start: IsoDate): boolean {
    return this.clinic.episodes.some(
      (prev) =>
        prev.patientId === e.patientId &&
        prev.id !== e.id &&
        prev.dischargedOn !== null &&
        prev.dischargedOn <= start &&
        addMonths(prev.dischargedOn, NEW_EPISODE_GAP_MONTHS) > start,
    );
  }

  /** `computeMonthlyBilling` of one episode: CoCM's initiating month is the first month of care after consent. */
  private billEpisode(e: EpisodeRow, month: YearMonth) {
    const consent = e.consentOn;
    if (!consent) throw new Error('billing an episode without consent');
    const entries = this.clinic.contacts
      .filter((c) => c.episodeId === e.id)
      .map((c) => ({
        staffId: c.staffId,
        staffRole: this.staffById.get(c.staffId)?.role,
        startAt: c.startedAt,
        minutes: c.minutes,
      }));
    const result = computeMonthlyBilling(
      entries,
      {
        startDate: consent,
        consentDate: consent,
        dischargeDate: e.dischargedOn,
        continuesEarlierEpisode: this.continues(e, consent),
      },
      month,
      this.tz,
    );
    // The start the API's SQL uses today (enrolment, then consent, then referral): issue #12 item 1.
    const apiStart = e.enrolledOn ?? consent;
    const startDiffersFromConsent =
      monthOf(apiStart) !== monthOf(consent) || this.continues(e, apiStart) !== this.continues(e, consent);
    return { result, startDiffersFromConsent };
  }

  /** Episodes with consent whose consent … discharge window touches the month. */
  private billingEpisodes(month: YearMonth): EpisodeRow[] {
    const { first, last } = monthBounds(month);
    return this.clinic.episodes.filter(
      (e) => e.consentOn !== null && e.consentOn <= last && (e.dischargedOn === null || e.dischargedOn >= first),
    );
  }

  /** The worklist: per patient, the most recently consented episode touching the month. */
  billingWorklist(month: YearMonth): ExpectedBillingRow[] {
    const byPatient = new Map<string, EpisodeRow>();
    for (const e of this.billingEpisodes(month)) {
      const current = byPatient.get(e.patientId);
      if (!current || (e.consentOn ?? '') > (current.consentOn ?? '')) byPatient.set(e.patientId, e);
    }
    return [...byPatient.values()].map((e) => {
      const { result, startDiffersFromConsent } = this.billEpisode(e, month);
      return {
        patientId: e.patientId,
        episodeId: e.id,
        minutes: result.countableMinutes,
        isFirstMonth: result.isFirstMonth,
        lines: result.lines,
        billable:
          notBillableReason({ minutes: result.countableMinutes, lines: result.lines, hasBillingPractitioner: true }) ===
          null,
        startDiffersFromConsent,
      };
    });
  }

  /** The leadership summary: episodes with countable minutes in the month, counted per code. */
  billingSummary(month: YearMonth): ExpectedBillingSummary {
    const summary: ExpectedBillingSummary = {
      patientsWithMinutes: 0,
      totalMinutes: 0,
      codes: {
        '99492': { patients: 0, units: 0 },
        '99493': { patients: 0, units: 0 },
        '99494': { patients: 0, units: 0 },
        G2214: { patients: 0, units: 0 },
      },
      belowThreshold: 0,
      startDiffersFromConsent: false,
    };
    for (const e of this.billingEpisodes(month)) {
      const { result, startDiffersFromConsent } = this.billEpisode(e, month);
      if (result.countableMinutes <= 0) continue;
      summary.startDiffersFromConsent ||= startDiffersFromConsent;
      summary.patientsWithMinutes += 1;
      summary.totalMinutes += result.countableMinutes;
      if (result.lines.length === 0) summary.belowThreshold += 1;
      for (const line of result.lines) {
        const code = summary.codes[line.code];
        if (code) {
          code.patients += 1;
          code.units += line.units;
        }
      }
    }
    return summary;
  }

  /** Months with countable time or episode edges, to read billing for (at most `limit`, newest first). */
  billingMonths(limit: number): YearMonth[] {
    const months = new Set<YearMonth>([monthOf(this.asOf)]);
    for (const c of this.clinic.contacts) if (c.minutes > 0) months.add(monthOf(this.local(c.startedAt)));
    for (const e of this.clinic.episodes) if (e.consentOn) months.add(monthOf(e.consentOn));
    return [...months].sort().reverse().slice(0, limit);
  }

  /** The trend months the API reports by default: the `count` months ending with the last complete one. */
  trendMonths(count: number): YearMonth[] {
    const lastComplete = monthOf(addDays(monthBounds(monthOf(this.asOf)).first, -1));
    return Array.from({ length: count }, (_, i) => monthOf(addMonths(`${lastComplete}-01`, i - count + 1)));
  }
}
