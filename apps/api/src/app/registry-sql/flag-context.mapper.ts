import {
  evaluateSummaryFlags,
  getInstrument,
  TRACKING_INSTRUMENT_ID,
  type EpisodeFlagSummary,
  type FlagAssessmentInput,
  type FlagThresholds,
} from '@huddle/scoring';
import { FlagSeverity, ManualFlagCode, type Flag, type FlagSummary, type IsoDate } from '@huddle/shared-types';
import type { AttentionAssessment, EpisodeAggregate } from './episode-aggregate.model';

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

/**
 * The SQL aggregate as libs/scoring's {@link EpisodeFlagSummary}: field for field, nothing rebuilt.
 * `evaluateSummaryFlags` runs the same rules as `evaluateFlags` on these facts (ADR 0002).
 */
export function toFlagSummary(row: EpisodeAggregate): EpisodeFlagSummary {
  return {
    patientId: row.patientId,
    episode: { status: row.status, enrolledAt: row.enrolledAt, dischargedAt: row.dischargedAt },
    trackingInstrumentId: TRACKING_INSTRUMENT_ID,
    baseline: row.phq9First,
    previous: row.phq9Previous,
    latest: row.phq9Last,
    attention: row.attention.map(attentionInput),
    lastOutcomeScoreAt: row.lastOutcome?.date ?? null,
    firstInitialAssessmentAt: row.firstInitialAssessmentAt,
    lastPatientContactAt: row.lastContactAt,
    lastReviewAt: row.lastReviewAt,
  };
}

/** The libs/scoring flags of one aggregate row as of `asOf`. */
export function evaluateAggregateFlags(row: EpisodeAggregate, thresholds: FlagThresholds, asOf: IsoDate): Flag[] {
  return evaluateSummaryFlags(toFlagSummary(row), thresholds, asOf);
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
  return flags.some(isSafetyCode);
}

/** {@link hasSafety} before the summaries are built: the computed flags and the open manual flags. */
export function raisesSafety(computed: readonly Flag[], manual: EpisodeAggregate['manualFlags']): boolean {
  return computed.some(isSafetyCode) || manual.some(isSafetyCode);
}

function isSafetyCode(flag: { code: string }): boolean {
  return flag.code === 'SAFETY' || flag.code === ManualFlagCode.SAFETY_CONCERN;
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
