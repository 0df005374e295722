import { DEPRESSION_OUTCOME_RULES, INSTRUMENTS } from '@huddle/scoring';
import type { CaseloadRow, CaseloadScores, EpisodeStatus } from '@huddle/shared-types';
import { formatIsoDate } from '../shared/dates';
import { EPISODE_STATUS_LABELS, patientName } from '../shared/labels';

/** A score pair as shown: "18 → 8", its spoken form, and the change with its outcome. */
export interface ScoreView {
  /** "18 → 8" (or "—" without a baseline), hidden from screen readers in favour of `spoken`. */
  readonly pair: string;
  readonly spoken: string;
  /** "-56%" / "+12%", or null without a follow-up score. */
  readonly change: string | null;
  /** At least the response reduction (shown bold). */
  readonly good: boolean;
  /** Worse than the baseline. */
  readonly bad: boolean;
  /** "remission", "response" or "". */
  readonly outcome: string;
}

/**
 * One caseload row with every text it shows worked out once when the page arrives (the table and the
 * cards only bind strings; nothing is recomputed or formatted per cell on each change detection).
 */
export interface CaseloadRowView {
  readonly row: CaseloadRow;
  readonly name: string;
  /** The patient page's URL (a plain link; the list follows it with one delegated handler). */
  readonly href: string;
  readonly status: string;
  readonly weeks: string;
  readonly phq9: ScoreView;
  readonly gad7: ScoreView;
  readonly lastContact: string;
  readonly minutes: string;
  readonly flagsLabel: string;
  readonly actionsLabel: string;
}

const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * Response and remission labels for a score pair (clinical-reference.md §Quality measures, cut-offs
 * from libs/scoring): remission = a follow-up below the instrument's remission cut-off (PHQ-9 and
 * GAD-7: < 5); response = at least 50% below the baseline.
 */
export function scoreOutcome(scores: CaseloadScores, instrument: 'PHQ9' | 'GAD7' = 'PHQ9'): string {
  const latest = scores.latest?.total;
  const change = scores.percentChange;
  const remissionBelow =
    INSTRUMENTS[instrument].outcomeCutoffs?.remissionBelow ?? DEPRESSION_OUTCOME_RULES.remissionBelow;
  if (change === null) return '';
  if (latest !== undefined && latest !== null && latest < remissionBelow) return 'remission';
  if (change <= -DEPRESSION_OUTCOME_RULES.responseReductionPercent) return 'response';
  return '';
}

export function scoreView(s: CaseloadScores, instrument: 'PHQ9' | 'GAD7'): ScoreView {
  const change = s.percentChange;
  return {
    pair: s.baseline ? `${s.baseline.total} → ${s.latest?.total ?? '—'}` : '—',
    spoken: s.baseline ? `baseline ${s.baseline.total}, latest ${s.latest?.total ?? 'none'}` : 'no score',
    change: change === null ? null : `${change > 0 ? '+' : ''}${INTEGER.format(change)}%`,
    good: change !== null && change <= -DEPRESSION_OUTCOME_RULES.responseReductionPercent,
    bad: change !== null && change > 0,
    outcome: scoreOutcome(s, instrument),
  };
}

export function caseloadRowView(row: CaseloadRow): CaseloadRowView {
  const name = patientName(row);
  return {
    row,
    name,
    href: `/patients/${encodeURIComponent(row.patientId)}`,
    status: EPISODE_STATUS_LABELS[row.episodeStatus as EpisodeStatus],
    weeks: row.weeksInTreatment === null ? '—' : String(row.weeksInTreatment),
    phq9: scoreView(row.phq9, 'PHQ9'),
    gad7: scoreView(row.gad7, 'GAD7'),
    lastContact: formatIsoDate(row.lastContactAt),
    minutes: INTEGER.format(row.minutesThisMonth),
    flagsLabel: `Flags for ${name}`,
    actionsLabel: `Actions for ${name}`,
  };
}
