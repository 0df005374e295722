import type { EpisodeMeasures, FlagOf, ProgressEvidence, ScorePoint } from '@huddle/shared-types';
import { FLAG_SEVERITY } from './flag-thresholds.config';
import type { FlagRuleInput } from './flag-rule.model';
import { INSTRUMENTS } from './instrument.registry';

/**
 * SAFETY: any assessment with PHQ-9 item 9 > 0 (complete or not) whose safety follow-up is not
 * documented by `asOf`. Per clinical-reference.md §Measurement-based care rules ("safety flag at
 * once") and §Instruments "Missing items". Unresolved answers do not expire.
 */
export function safetyRule({ facts, asOfDay, dayOf }: FlagRuleInput): FlagOf<'SAFETY'> | null {
  const unresolved = facts.attention.filter(
    (assessment) =>
      assessment.safetyRisk &&
      dayOf(assessment.date) <= asOfDay &&
      !isResolved(assessment.safetyResolvedAt, asOfDay, dayOf),
  );
  if (unresolved.length === 0) return null;
  const latest = unresolved.reduce((a, b) => (dayOf(b.date) > dayOf(a.date) ? b : a));
  const instrument = INSTRUMENTS[latest.instrumentId];
  const itemNumber = instrument.items.findIndex((item) => item.id === instrument.safetyItemId) + 1;
  const item = itemNumber > 0 ? `item ${itemNumber} (safety)` : 'safety item';
  return {
    code: 'SAFETY',
    severity: FLAG_SEVERITY.SAFETY,
    evidence: {
      reason: `${instrument.name} ${item} answered above 0 on ${latest.date}; safety follow-up not documented`,
      assessments: unresolved.map((a) => ({ assessmentId: a.id, instrumentId: a.instrumentId, date: a.date })),
    },
  };
}

/**
 * INCOMPLETE_FORM_NEEDS_REVIEW: an incomplete form not yet reviewed by `asOf`. Per
 * clinical-reference.md §Instruments "Missing items" (stored, marked incomplete, needs review).
 */
export function incompleteFormRule({
  facts,
  asOfDay,
  dayOf,
}: FlagRuleInput): FlagOf<'INCOMPLETE_FORM_NEEDS_REVIEW'> | null {
  const pending = facts.attention.filter(
    (assessment) =>
      !assessment.complete &&
      dayOf(assessment.date) <= asOfDay &&
      !isResolved(assessment.incompleteReviewedAt, asOfDay, dayOf),
  );
  if (pending.length === 0) return null;
  return {
    code: 'INCOMPLETE_FORM_NEEDS_REVIEW',
    severity: FLAG_SEVERITY.INCOMPLETE_FORM_NEEDS_REVIEW,
    evidence: {
      reason: `${pending.length} incomplete form${pending.length === 1 ? '' : 's'} awaiting review`,
      assessments: pending.map((a) => ({
        assessmentId: a.id,
        instrumentId: a.instrumentId,
        date: a.date,
        missingItems: [...(a.missingItems ?? [])],
      })),
    },
  };
}

/**
 * NOT_IMPROVING (from week 10) or NOT_IMPROVING_EARLY (weeks 8–9): less than the response
 * reduction (50%) and not in remission on the latest score. Per clinical-reference.md
 * §Measurement-based care rules (AIMS 10–12 weeks; WA registry week-8 signal). Needs a baseline
 * above 0 and a follow-up score: missing scores are NO_SCORE_30D's concern.
 */
export function notImprovingRule({
  measures,
  thresholds,
}: FlagRuleInput): FlagOf<'NOT_IMPROVING'> | FlagOf<'NOT_IMPROVING_EARLY'> | null {
  const baseline = measures?.baseline;
  const latest = measures?.latest;
  if (!measures || !baseline || !latest || measures.response === null) return null;
  if (measures.response || measures.remission === true) return null;
  const weeks = measures.weeksInTreatment;
  const progress = { measures, baseline, latest, responsePercent: thresholds.responseReductionPercent };
  if (weeks >= thresholds.notImprovingWeeks) {
    return progressFlag('NOT_IMPROVING', thresholds.notImprovingWeeks, progress);
  }
  if (weeks >= thresholds.notImprovingEarlyWeeks) {
    return progressFlag('NOT_IMPROVING_EARLY', thresholds.notImprovingEarlyWeeks, progress);
  }
  return null;
}

/**
 * WORSENING: latest − previous ≥ 5 points on the tracking instrument. Per clinical-reference.md
 * §Measurement-based care rules (reliable change on the PHQ-9 ≈ 5–6 points).
 */
export function worseningRule({ measures, thresholds }: FlagRuleInput): FlagOf<'WORSENING'> | null {
  if (!measures?.worsening || !measures.latest || !measures.previous) return null;
  const increase = measures.latest.total - measures.previous.total;
  return {
    code: 'WORSENING',
    severity: FLAG_SEVERITY.WORSENING,
    evidence: {
      reason: `${measures.instrumentId} rose ${increase} points (${measures.previous.total} → ${measures.latest.total}) since ${measures.previous.date}`,
      instrumentId: measures.instrumentId,
      previousScore: measures.previous.total,
      previousDate: measures.previous.date,
      latestScore: measures.latest.total,
      latestDate: measures.latest.date,
      increase,
      thresholdPoints: thresholds.worseningPoints,
    },
  };
}

interface Progress {
  measures: EpisodeMeasures;
  baseline: ScorePoint;
  latest: ScorePoint;
  responsePercent: number;
}

function progressFlag<C extends 'NOT_IMPROVING' | 'NOT_IMPROVING_EARLY'>(
  code: C,
  thresholdWeeks: number,
  { measures, baseline, latest, responsePercent }: Progress,
): FlagOf<C> {
  const evidence: ProgressEvidence = {
    reason: `Week ${measures.weeksInTreatment}: ${measures.instrumentId} ${baseline.total} → ${latest.total} (${describeChange(measures.percentChange)}; target ≥${responsePercent}% reduction)`,
    instrumentId: measures.instrumentId,
    weeksInTreatment: measures.weeksInTreatment,
    thresholdWeeks,
    baselineScore: baseline.total,
    baselineDate: baseline.date,
    latestScore: latest.total,
    latestDate: latest.date,
    percentChange: measures.percentChange,
    targetScore: measures.targetScore,
  };
  return { code, severity: FLAG_SEVERITY[code], evidence } as FlagOf<C>;
}

function describeChange(percentChange: number | null): string {
  if (percentChange === null) return 'change not measurable';
  const rounded = Number(Math.abs(percentChange).toFixed(1));
  return percentChange <= 0 ? `${rounded}% reduction` : `${rounded}% increase`;
}

function isResolved(resolvedAt: string | null | undefined, asOfDay: number, dayOf: (date: string) => number): boolean {
  return resolvedAt !== null && resolvedAt !== undefined && dayOf(resolvedAt) <= asOfDay;
}
