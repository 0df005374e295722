import type { DatedScore } from '@huddle/shared-types';
import { computeEpisodeMeasures, type EpisodeMeasureOptions } from './episode-measures.calculator';
import { ScoringValidationError } from './scoring-validation.error';

const base: EpisodeMeasureOptions = { enrolledAt: '2025-01-01', asOf: '2025-04-01' };
const series = (...points: [string, number | null][]): DatedScore[] => points.map(([date, total]) => ({ date, total }));

describe('computeEpisodeMeasures', () => {
  it('computes the usual measures from baseline to latest', () => {
    const m = computeEpisodeMeasures(series(['2025-01-01', 20], ['2025-02-01', 14], ['2025-03-01', 9]), base);
    expect(m).toMatchObject({
      baseline: { date: '2025-01-01', total: 20 },
      latest: { date: '2025-03-01', total: 9 },
      previous: { date: '2025-02-01', total: 14 },
      followUpCount: 2,
      daysInTreatment: 90,
      weeksInTreatment: 12,
      change: -11,
      percentChange: -55,
      response: true,
      remission: false,
      improved: true,
      worsening: false,
      targetScore: 10,
    });
  });

  describe('baseline window (14 days before enrolment)', () => {
    it.each([
      ['2024-12-18', null], // 14 days before: in
      ['2024-12-17', 'excluded'], // 15 days before: out
    ])('a score on %s', (date, outcome) => {
      const m = computeEpisodeMeasures(series([date, 18], ['2025-01-20', 12]), base);
      expect(m.baseline?.date).toBe(outcome === null ? date : '2025-01-20');
    });

    it('uses the earliest in-window score and ignores scores after asOf or discharge', () => {
      const scores = series(['2025-01-10', 16], ['2024-12-25', 19], ['2025-05-01', 2], ['2025-03-15', 7]);
      expect(computeEpisodeMeasures(scores, base)).toMatchObject({ baseline: { total: 19 }, latest: { total: 7 } });
      expect(computeEpisodeMeasures(scores, { ...base, dischargedAt: '2025-03-01' })).toMatchObject({
        latest: { total: 16 },
        daysInTreatment: 59,
      });
    });
  });

  it.each([
    [20, 10, true], // exactly 50%
    [20, 11, false], // 45%
    [15, 7, true], // 53%
    [15, 8, false], // 46.7%
  ])('response from %i to %i → %s (≥ 50%% reduction)', (from, to, response) => {
    const m = computeEpisodeMeasures(series(['2025-01-01', from], ['2025-02-01', to]), base);
    expect(m.response).toBe(response);
    expect(m.targetScore).toBe(Math.floor(from / 2));
  });

  it.each([
    [12, 4, true, true],
    [12, 5, false, true], // 58% reduction: improved, not remission
    [12, 9, false, true], // < 10: improved without response
    [12, 10, false, false],
    [24, 12, false, true], // exactly 50%
    [24, 13, false, false],
  ])('from %i to %i: remission %s, improved (NYS) %s', (from, to, remission, improved) => {
    const m = computeEpisodeMeasures(series(['2025-01-01', from], ['2025-02-01', to]), base);
    expect([m.remission, m.improved]).toEqual([remission, improved]);
  });

  it.each([
    [10, 14, false],
    [10, 15, true], // +5 from previous
    [10, 16, true],
  ])('worsening: previous %i → latest %i → %s', (previous, latest, worsening) => {
    const m = computeEpisodeMeasures(
      series(['2025-01-01', 18], ['2025-02-01', previous], ['2025-03-01', latest]),
      base,
    );
    expect(m.worsening).toBe(worsening);
  });

  it('returns nulls (never NaN) with a single score', () => {
    const m = computeEpisodeMeasures(series(['2025-01-01', 15]), base);
    expect(m).toMatchObject({ baseline: { total: 15 }, latest: { total: 15 }, previous: null, followUpCount: 0 });
    for (const key of [
      'change',
      'percentChange',
      'response',
      'remission',
      'improved',
      'worsening',
      'onTrack',
    ] as const) {
      expect(m[key]).toBeNull();
    }
  });

  it('returns nulls with no scores, skipping incomplete forms', () => {
    const m = computeEpisodeMeasures(series(['2025-01-05', null]), base);
    expect(m).toMatchObject({ baseline: null, latest: null, followUpCount: 0, weeksInTreatment: 12 });
  });

  it('handles a baseline of 0 without dividing by it', () => {
    const m = computeEpisodeMeasures(series(['2025-01-01', 0], ['2025-02-01', 12]), base);
    expect(m).toMatchObject({ change: 12, percentChange: null, response: null, targetScore: null, onTrack: null });
    expect(m.improved).toBe(false);
    expect(m.worsening).toBe(true);
  });

  it('leaves remission/improved null for instruments without cut-offs (PCL-5)', () => {
    const m = computeEpisodeMeasures(series(['2025-01-01', 50], ['2025-02-01', 20]), { ...base, instrumentId: 'PCL5' });
    expect(m).toMatchObject({ response: true, remission: null, improved: null });
  });

  describe('trajectory toward the target by week 12', () => {
    it.each([
      ['2025-01-01', 20, 20, true], // week 0: expected = baseline
      ['2025-02-12', 16, 15, false], // week 6: expected 15
      ['2025-02-12', 15, 15, true],
      ['2025-05-01', 10, 10, true], // after week 12: expected = target
      ['2025-05-01', 11, 10, false],
    ])('latest on %s of %i: expected %i, on track %s', (date, latest, expected, onTrack) => {
      const m = computeEpisodeMeasures(series(['2024-12-30', 20], [date, latest]), { ...base, asOf: '2025-06-01' });
      expect(m.expectedScore).toBeCloseTo(expected, 6);
      expect(m.onTrack).toBe(onTrack);
    });
  });

  it.each([
    ['2025-02-26', 8], // 56 days
    ['2025-02-25', 7],
    ['2025-03-12', 10],
    ['2024-12-01', 0], // asOf before enrolment
  ])('weeks in treatment as of %s = %i', (asOf, weeks) => {
    expect(computeEpisodeMeasures([], { ...base, asOf }).weeksInTreatment).toBe(weeks);
  });

  it('honours threshold overrides and validates them', () => {
    const scores = series(['2025-01-01', 20], ['2025-02-01', 13]);
    expect(computeEpisodeMeasures(scores, { ...base, thresholds: { responseReductionPercent: 35 } }).response).toBe(
      true,
    );
    expect(() => computeEpisodeMeasures(scores, { ...base, thresholds: { targetWeeks: 0 } })).toThrow(
      ScoringValidationError,
    );
  });

  it('uses the thresholds of a frozen object on every call, and re-reads a mutable one each time', () => {
    const scores = series(['2025-01-01', 20], ['2025-02-01', 13]);
    const frozen = Object.freeze({ responseReductionPercent: 35 });
    expect(computeEpisodeMeasures(scores, { ...base, thresholds: frozen }).response).toBe(true);
    expect(computeEpisodeMeasures(scores, { ...base, thresholds: frozen }).response).toBe(true);
    expect(
      computeEpisodeMeasures(scores, { ...base, thresholds: Object.freeze({ responseReductionPercent: 50 }) }).response,
    ).toBe(false);
    const mutable = { responseReductionPercent: 35 };
    expect(computeEpisodeMeasures(scores, { ...base, thresholds: mutable }).response).toBe(true);
    mutable.responseReductionPercent = 50;
    expect(computeEpisodeMeasures(scores, { ...base, thresholds: mutable }).response).toBe(false);
    // A frozen invalid object throws every time (nothing remembered for it).
    const invalid = Object.freeze({ targetWeeks: 0 });
    expect(() => computeEpisodeMeasures(scores, { ...base, thresholds: invalid })).toThrow(ScoringValidationError);
    expect(() => computeEpisodeMeasures(scores, { ...base, thresholds: invalid })).toThrow(ScoringValidationError);
  });

  it('rejects malformed dates and totals out of the instrument range', () => {
    expect(() => computeEpisodeMeasures(series(['2025-1-5', 3]), base)).toThrow(/scores\[0\]\.date/);
    expect(() => computeEpisodeMeasures(series(['2025-01-05', 28]), base)).toThrow(/scores\[0\]\.total/);
  });
});
