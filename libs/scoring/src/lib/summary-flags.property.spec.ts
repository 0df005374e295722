import fc from 'fast-check';
import { ACTIVE_EPISODE_STATUSES, type ContactType, type EpisodeStatus, type InstrumentId } from '@huddle/shared-types';
import { addDays, toDayNumber } from './date.utils';
import { DEFAULT_FLAG_THRESHOLDS } from './flag-thresholds.config';
import { evaluateFlags, evaluateSummaryFlags, type EpisodeFlagSummary } from './flag.evaluator';
import { INSTRUMENTS } from './instrument.registry';
import type { FlagAssessmentInput, PatientFlagContext } from './patient-flag-context.model';

const START = '2026-01-01';
const day = (offset: number): string => addDays(START, offset);
const instruments: InstrumentId[] = ['PHQ9', 'GAD7', 'PCL5', 'PHQ2'];
const contactTypes: ContactType[] = [
  'initial_assessment',
  'follow_up',
  'relapse_prevention',
  'outreach_attempt',
  'care_coordination',
];
const statuses: EpisodeStatus[] = ['referred', 'enrolled', 'active', 'relapse_prevention'];

const assessment = fc.record({
  instrumentId: fc.constantFrom(...instruments),
  day: fc.integer({ min: 0, max: 200 }),
  total: fc.integer({ min: 0, max: 27 }),
  complete: fc.boolean(),
  safetyRisk: fc.boolean(),
  resolvedAfter: fc.option(fc.integer({ min: 0, max: 30 })),
});

const context = fc.record({
  status: fc.constantFrom(...statuses),
  enrolledDay: fc.integer({ min: 0, max: 100 }),
  assessments: fc.array(assessment, { maxLength: 10 }),
  contacts: fc.array(fc.record({ day: fc.integer({ min: 0, max: 200 }), type: fc.constantFrom(...contactTypes) }), {
    maxLength: 6,
  }),
  reviews: fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 3 }),
  asOfDay: fc.integer({ min: 0, max: 200 }),
});

/** What the SQL aggregate computes from a history (flags/episode-aggregate.repository.ts), in JS. */
function summarize(ctx: PatientFlagContext, asOf: string): EpisodeFlagSummary {
  const asOfDay = toDayNumber(asOf, 'asOf');
  const enrolled = ACTIVE_EPISODE_STATUSES.includes(ctx.episode.status) ? ctx.episode.enrolledAt : null;
  const from = enrolled ? toDayNumber(enrolled, 'e') - DEFAULT_FLAG_THRESHOLDS.baselineLookbackDays : -Infinity;
  const series = ctx.assessments
    .map((a, index) => ({ a, index, d: toDayNumber(a.date, 'd') }))
    .filter(({ a, d }) => a.instrumentId === 'PHQ9' && a.complete && d >= from && d <= asOfDay)
    .sort((x, y) => x.d - y.d || x.index - y.index)
    .map(({ a }) => ({ id: a.id, date: a.date, total: a.total }));
  const max = (dates: string[]): string | null => (dates.length ? dates.reduce((m, d) => (d > m ? d : m)) : null);
  const upTo = (date: string) => toDayNumber(date, 'd') <= asOfDay;
  const initial = ctx.contacts.filter((c) => c.type === 'initial_assessment' && upTo(c.date)).map((c) => c.date);
  return {
    patientId: ctx.patientId,
    episode: ctx.episode,
    baseline: series[0] ?? null,
    previous: series.length >= 2 ? (series[series.length - 2] ?? null) : null,
    latest: series[series.length - 1] ?? null,
    attention: ctx.assessments.filter((a) => (a.safetyRisk || !a.complete) && upTo(a.date)),
    lastOutcomeScoreAt: max(
      ctx.assessments
        .filter((a) => a.complete && INSTRUMENTS[a.instrumentId].tracksOutcome && upTo(a.date))
        .map((a) => a.date),
    ),
    firstInitialAssessmentAt: initial.length ? initial.reduce((m, d) => (d < m ? d : m)) : null,
    lastPatientContactAt: max(
      ctx.contacts
        .filter(
          (c) =>
            ['initial_assessment', 'follow_up', 'relapse_prevention'].includes(c.type ?? 'follow_up') && upTo(c.date),
        )
        .map((c) => c.date),
    ),
    lastReviewAt: max(ctx.consultantReviewDates.filter(upTo)),
  };
}

describe('evaluateSummaryFlags', () => {
  it('gives evaluateFlags’ flags from what SQL reduces a history to', () => {
    fc.assert(
      fc.property(context, (g) => {
        const assessments: FlagAssessmentInput[] = g.assessments.map((a, i) => ({
          id: `a${i}`,
          instrumentId: a.instrumentId,
          date: day(a.day),
          total: a.complete ? Math.min(a.total, INSTRUMENTS[a.instrumentId].totalRange.max) : null,
          complete: a.complete,
          safetyRisk: a.safetyRisk && a.instrumentId === 'PHQ9',
          safetyResolvedAt: a.resolvedAfter === null ? null : day(a.day + a.resolvedAfter),
        }));
        const ctx: PatientFlagContext = {
          patientId: 'p',
          episode: { status: g.status, enrolledAt: g.status === 'referred' ? null : day(g.enrolledDay) },
          assessments,
          contacts: g.contacts.map((c) => ({ date: day(c.day), type: c.type })),
          consultantReviewDates: g.reviews.map(day),
        };
        const asOf = day(g.asOfDay);
        expect(evaluateSummaryFlags(summarize(ctx, asOf), DEFAULT_FLAG_THRESHOLDS, asOf)).toEqual(
          evaluateFlags(ctx, DEFAULT_FLAG_THRESHOLDS, asOf),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('returns nothing for a discharged episode', () => {
    const summary: EpisodeFlagSummary = {
      patientId: 'p',
      episode: { status: 'discharged', enrolledAt: START },
      baseline: null,
      previous: null,
      latest: null,
      attention: [],
      lastOutcomeScoreAt: null,
      firstInitialAssessmentAt: null,
      lastPatientContactAt: null,
      lastReviewAt: null,
    };
    expect(evaluateSummaryFlags(summary, DEFAULT_FLAG_THRESHOLDS, START)).toEqual([]);
  });
});
