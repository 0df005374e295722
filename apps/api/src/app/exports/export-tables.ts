import type { CaseloadRow, OutcomeTrends, QualityMeasures, RateCount } from '@huddle/shared-types';
import type { ExportCell, ExportTable } from './table-export';

const rate = (value: RateCount): ExportCell[] => [
  value.numerator,
  value.denominator,
  value.rate === null ? null : Math.round(value.rate * 1000) / 10,
];

/** The caseload as a table: one row per open episode, scores, engagement and flag codes. */
export function caseloadTable(rows: readonly CaseloadRow[], asOf: string): ExportTable {
  return {
    title: `Caseload ${asOf}`,
    header: [
      'Family name',
      'Given name',
      'MRN',
      'Status',
      'Enrolled',
      'Weeks in treatment',
      'PHQ-9 baseline',
      'PHQ-9 latest',
      'PHQ-9 change %',
      'GAD-7 baseline',
      'GAD-7 latest',
      'GAD-7 change %',
      'Last contact',
      'Last review',
      'Minutes this month',
      'Flags',
    ],
    rows: rows.map((r) => [
      r.familyName,
      r.givenName,
      r.mrn,
      r.episodeStatus,
      r.enrolledAt,
      r.weeksInTreatment,
      r.phq9.baseline?.total ?? null,
      r.phq9.latest?.total ?? null,
      r.phq9.percentChange === null ? null : Math.round(r.phq9.percentChange),
      r.gad7.baseline?.total ?? null,
      r.gad7.latest?.total ?? null,
      r.gad7.percentChange === null ? null : Math.round(r.gad7.percentChange),
      r.lastContactAt,
      r.lastReviewAt,
      r.minutesThisMonth,
      r.flags.map((f) => f.code).join(' '),
    ]),
  };
}

/** Outcomes as two tables: monthly trends per series, and the quality measures (aggregates only). */
export function outcomesTables(trends: OutcomeTrends, quality: QualityMeasures): ExportTable[] {
  return [
    {
      title: 'Outcome trends',
      header: [
        'Series',
        'Month',
        'Measured',
        'Response n',
        'Response N',
        'Response %',
        'Remission n',
        'Remission N',
        'Remission %',
        'Improved n',
        'Improved N',
        'Improved %',
      ],
      rows: trends.series.flatMap((series) =>
        series.points.map((p) => [
          series.label,
          p.month,
          p.measured,
          ...rate(p.response),
          ...rate(p.remission),
          ...rate(p.improved),
        ]),
      ),
    },
    {
      title: `Quality measures ${quality.asOf}`,
      header: [
        'Measure',
        'Numerator',
        'Denominator',
        'Rate %',
        'Index period start',
        'Index period end',
        'Window not closed',
      ],
      rows: quality.measures.map((m) => [
        m.label,
        ...rate(m),
        m.indexPeriod.start,
        m.indexPeriod.end,
        m.windowNotClosed,
      ]),
    },
  ];
}
