import type { FlagThresholds } from '@huddle/scoring';
import { FlagSeverity, type CaseloadRow, type IsoDate } from '@huddle/shared-types';
import type { EpisodeAggregate } from '../registry-sql/episode-aggregate.model';
import {
  evaluateAggregateFlags,
  hasSafety,
  summarizeFlags,
  worstSeverityRank,
} from '../registry-sql/flag-context.mapper';

/** A caseload row with what priority ordering and flag filters need. */
export interface RankedRow {
  row: CaseloadRow;
  worstRank: number;
}

/** Evaluates the libs/scoring flags of an aggregate row and shapes it for the caseload. */
export function toCaseloadRow(aggregate: EpisodeAggregate, thresholds: FlagThresholds, asOf: IsoDate): RankedRow {
  const flags = summarizeFlags(evaluateAggregateFlags(aggregate, thresholds, asOf), aggregate.manualFlags);
  const row: CaseloadRow = {
    patientId: aggregate.patientId,
    episodeId: aggregate.episodeId,
    givenName: aggregate.givenName,
    familyName: aggregate.familyName,
    mrn: aggregate.mrn,
    episodeStatus: aggregate.status,
    enrolledAt: aggregate.enrolledAt,
    careManagerId: aggregate.careManagerId,
    phq9: {
      baseline: point(aggregate.phq9First),
      latest: point(aggregate.phq9Last),
      percentChange: aggregate.phq9PercentChange,
    },
    gad7: {
      baseline: point(aggregate.gad7First),
      latest: point(aggregate.gad7Last),
      percentChange: aggregate.gad7PercentChange,
    },
    weeksInTreatment: aggregate.weeksInTreatment,
    lastContactAt: aggregate.lastContactAt,
    lastReviewAt: aggregate.lastReviewAt,
    minutesThisMonth: aggregate.minutesThisMonth,
    flags,
    safety: hasSafety(flags),
    reviewRequested: aggregate.reviewRequested,
  };
  return { row, worstRank: worstSeverityRank(flags) };
}

/** Rows having `flag` (computed or manual) and a flag at least as severe as `severity`. */
export function matchesFlagFilter(ranked: RankedRow, flag?: string, severity?: FlagSeverity): boolean {
  if (flag !== undefined && !ranked.row.flags.some((summary) => summary.code === flag)) return false;
  if (severity !== undefined && ranked.worstRank > Object.values(FlagSeverity).indexOf(severity)) return false;
  return true;
}

/** Priority: most severe flag first, then more flags, then the SQL order (name). */
export function comparePriority(a: RankedRow, b: RankedRow): number {
  return a.worstRank - b.worstRank || b.row.flags.length - a.row.flags.length;
}

function point(ref: { total: number; date: IsoDate } | null): { date: IsoDate; total: number } | null {
  return ref ? { date: ref.date, total: ref.total } : null;
}
