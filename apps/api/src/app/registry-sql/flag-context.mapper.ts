import {
  evaluateFlags,
  getInstrument,
  TRACKING_INSTRUMENT_ID,
  type FlagAssessmentInput,
  type FlagContactInput,
  type FlagThresholds,
  type PatientFlagContext,
} from '@huddle/scoring';
import {
  FlagSeverity,
  ManualFlagCode,
  type Flag,
  type FlagSummary,
  type InstrumentId,
  type IsoDate,
} from '@huddle/shared-types';
import type { AttentionAssessment, EpisodeAggregate, ScoreRef } from './episode-aggregate.model';

/** Fixed severity of the manual flags. */
export const MANUAL_FLAG_SEVERITY: Readonly<Record<ManualFlagCode, FlagSeverity>> = {
  SAFETY_CONCERN: FlagSeverity.CRITICAL,
  DISCUSS_WITH_CONSULTANT: FlagSeverity.MEDIUM,
};

/** Short English label of a manual flag (flag summaries). */
export const MANUAL_FLAG_REASON: Readonly<Record<ManualFlagCode, string>> = {
  SAFETY_CONCERN: 'Safety concern raised by a clinician',
  DISCUSS_WITH_CONSULTANT: 'Care manager asked to discuss with the psychiatric consultant',
};

const SEVERITY_ORDER: readonly FlagSeverity[] = Object.values(FlagSeverity);
const TRACKING_INSTRUMENT: InstrumentId = TRACKING_INSTRUMENT_ID;

/**
 * Rebuilds, from the SQL aggregate, a {@link PatientFlagContext} on which `evaluateFlags` gives
 * exactly the flags it gives on the episode's full history (ADR 0002):
 * - assessments: the tracking instrument's baseline, previous and latest in the window, in that
 *   order with any other safety/incomplete form between them (so `computeEpisodeMeasures` picks the
 *   same three), the last outcome score (NO_SCORE_30D) and every safety/incomplete form;
 * - contacts: the first completed initial assessment and the last completed patient contact
 *   (all FIRST_FOLLOW_UP_OVERDUE and NO_CONTACT_30D look at);
 * - reviews: the last review (all NEVER_REVIEWED and REVIEW_OVERDUE look at).
 */
export function toFlagContext(row: EpisodeAggregate): PatientFlagContext {
  const byId = new Map<string, FlagAssessmentInput>();
  const push = (input: FlagAssessmentInput): void => {
    const existing = byId.get(input.id);
    byId.set(
      input.id,
      existing
        ? {
            ...existing,
            safetyRisk: existing.safetyRisk || input.safetyRisk,
            safetyResolvedAt: existing.safetyResolvedAt ?? input.safetyResolvedAt ?? null,
          }
        : input,
    );
  };
  const complete = (ref: ScoreRef, instrumentId: InstrumentId): FlagAssessmentInput => ({
    id: ref.id,
    instrumentId,
    date: ref.date,
    total: ref.total,
    complete: true,
    safetyRisk: false,
  });

  if (row.phq9First) push(complete(row.phq9First, TRACKING_INSTRUMENT));
  for (const item of row.attention) push(attentionInput(item));
  if (row.phq9Previous) push(complete(row.phq9Previous, TRACKING_INSTRUMENT));
  if (row.phq9Last) push(complete(row.phq9Last, TRACKING_INSTRUMENT));
  if (row.lastOutcome) push(complete(row.lastOutcome, row.lastOutcome.instrument));
  // Map keeps first-insertion order; a re-inserted id keeps its earlier position.
  const assessments = [...byId.values()];

  const contacts: FlagContactInput[] = [];
  if (row.firstInitialAssessmentAt) contacts.push({ date: row.firstInitialAssessmentAt, type: 'initial_assessment' });
  if (row.lastContactAt) contacts.push({ date: row.lastContactAt, type: 'follow_up' });

  return {
    patientId: row.patientId,
    episode: { status: row.status, enrolledAt: row.enrolledAt, dischargedAt: row.dischargedAt },
    trackingInstrumentId: TRACKING_INSTRUMENT,
    assessments,
    contacts,
    consultantReviewDates: row.lastReviewAt ? [row.lastReviewAt] : [],
  };
}

/** The libs/scoring flags of one aggregate row as of `asOf`. */
export function evaluateAggregateFlags(row: EpisodeAggregate, thresholds: FlagThresholds, asOf: IsoDate): Flag[] {
  return evaluateFlags(toFlagContext(row), thresholds, asOf);
}

/** Computed flags then open manual flags as compact summaries, most severe first. */
export function summarizeFlags(computed: readonly Flag[], manual: EpisodeAggregate['manualFlags']): FlagSummary[] {
  const summaries: FlagSummary[] = [
    ...computed.map((flag) => ({
      code: flag.code,
      severity: flag.severity,
      reason: flag.evidence.reason,
      source: 'computed' as const,
    })),
    ...manual.map((flag) => ({
      code: flag.code,
      severity: MANUAL_FLAG_SEVERITY[flag.code],
      reason: MANUAL_FLAG_REASON[flag.code],
      source: 'manual' as const,
    })),
  ];
  return summaries.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
}

/** A SAFETY flag or an open SAFETY_CONCERN. */
export function hasSafety(flags: readonly FlagSummary[]): boolean {
  return flags.some((flag) => flag.code === 'SAFETY' || flag.code === ManualFlagCode.SAFETY_CONCERN);
}

/** Rank of the most severe flag (0 = critical … 4 = none), for priority ordering. */
export function worstSeverityRank(flags: readonly FlagSummary[]): number {
  return flags.reduce((rank, flag) => Math.min(rank, SEVERITY_ORDER.indexOf(flag.severity)), SEVERITY_ORDER.length);
}

function attentionInput(item: AttentionAssessment): FlagAssessmentInput {
  return {
    id: item.id,
    instrumentId: item.instrument,
    date: item.date,
    total: item.complete ? item.total : null,
    complete: item.complete,
    safetyRisk: item.safetyRisk,
    safetyResolvedAt: item.safetyResolvedAt ?? null,
    missingItems: item.complete ? [] : missingItems(item),
  };
}

function missingItems(item: AttentionAssessment): string[] {
  const answers = item.answers ?? {};
  return getInstrument(item.instrument)
    .items.filter((definition) => definition.scored)
    .filter((definition) => answers[definition.id] === null || answers[definition.id] === undefined)
    .map((definition) => definition.id);
}
