import { CptCode } from '@huddle/shared-types';
import { CASELOAD_COUNTED_STATUSES, caseloadCapacityOf, evaluateCaseloadCapacity } from './caseload-capacity.rule';
import { computeMonthlyBilling, EPISODE_START_ORDER, episodeInitiatingDate } from './cocm-billing.calculator';
import { clampFlagThresholds, DEFAULT_FLAG_THRESHOLDS, mergeFlagThresholds } from './flag-thresholds.config';
import { judgeMonthlyOutcome, PROGRAM_METRIC_WINDOWS } from './program-outcome.measures';
import { OUTCOME_INSTRUMENT_IDS, SCORING_CONSTANTS } from './rule-inputs.const';
import { ScoringValidationError } from './scoring-validation.error';
import { THRESHOLD_BOUNDS } from './threshold-bounds.const';

describe('episodeInitiatingDate (CoCM initiating month)', () => {
  it.each([
    [{ consentOn: '2026-10-30', enrolledOn: '2026-11-03', referredOn: '2026-10-01' }, '2026-10-30'],
    [{ consentOn: null, enrolledOn: '2026-11-03', referredOn: '2026-10-01' }, '2026-11-03'],
    [{ consentOn: null, enrolledOn: null, referredOn: '2026-10-01' }, '2026-10-01'],
    [{}, null],
  ])('%j → %s', (dates, expected) => {
    expect(episodeInitiatingDate(dates)).toBe(expected);
  });

  it('tries consent first', () => {
    expect(EPISODE_START_ORDER[0]).toBe('consentOn');
  });

  it('consent 30 Oct, enrolment 3 Nov, 40 minutes each month: October 99492, November 99493', () => {
    const startDate = episodeInitiatingDate({ consentOn: '2026-10-30', enrolledOn: '2026-11-03' });
    expect(startDate).toBe('2026-10-30');
    const episode = { startDate: startDate ?? '', consentDate: '2026-10-30' };
    const codes = (month: string, startAt: string): CptCode[] =>
      computeMonthlyBilling([{ staffId: 'cm', startAt, minutes: 40 }], episode, month, 'America/New_York')
        .eligibleCodes;
    expect(codes('2026-10', '2026-10-30T10:00:00-04:00')).toEqual([CptCode.CPT_99492]);
    expect(codes('2026-11', '2026-11-10T10:00:00-05:00')).toEqual([CptCode.CPT_99493]);
  });
});

describe('caseloadCapacityOf (one caseload capacity)', () => {
  it.each([
    [75, 1, 75],
    [75, 0.5, 37],
    [75, 0.8, 60],
    [100, 0.29, 29],
    [60, 0.75, 45],
  ])('capacity %d × %d FTE = %d (rounded down)', (caseloadCapacity, fte, expected) => {
    expect(caseloadCapacityOf({ caseloadCapacity }, fte)).toBe(expected);
  });

  it('the flag uses the same capacity: 37 at 0.5 FTE is fine, 38 is flagged', () => {
    expect(evaluateCaseloadCapacity(37, { caseloadCapacity: 75 }, 0.5)).toBeNull();
    expect(evaluateCaseloadCapacity(38, { caseloadCapacity: 75 }, 0.5)?.evidence.capacity).toBe(37);
  });

  it('counts enrolled, active and relapse-prevention episodes, not referred or discharged', () => {
    expect([...CASELOAD_COUNTED_STATUSES].sort()).toEqual(['active', 'enrolled', 'relapse_prevention']);
  });

  it('refuses an FTE outside (0, 1]', () => {
    expect(() => caseloadCapacityOf({ caseloadCapacity: 75 }, 0)).toThrow(ScoringValidationError);
    expect(() => caseloadCapacityOf({ caseloadCapacity: 75 }, 1.5)).toThrow(ScoringValidationError);
  });
});

describe('THRESHOLD_BOUNDS', () => {
  it('bounds every flag threshold, with a reason, and holds the defaults', () => {
    expect(Object.keys(THRESHOLD_BOUNDS).sort()).toEqual(Object.keys(DEFAULT_FLAG_THRESHOLDS).sort());
    for (const [key, bounds] of Object.entries(THRESHOLD_BOUNDS)) {
      const value = DEFAULT_FLAG_THRESHOLDS[key as keyof typeof DEFAULT_FLAG_THRESHOLDS];
      expect(bounds.reason.length).toBeGreaterThan(20);
      expect(value).toBeGreaterThanOrEqual(bounds.min);
      expect(value).toBeLessThanOrEqual(bounds.max);
    }
  });

  it.each(Object.entries(THRESHOLD_BOUNDS))('%s: min and max accepted, one beyond refused', (key, { min, max }) => {
    const others = key === 'notImprovingEarlyWeeks' ? { notImprovingWeeks: 52 } : {};
    const early = key === 'notImprovingWeeks' ? { notImprovingEarlyWeeks: 0 } : {};
    expect(mergeFlagThresholds({ ...others, ...early, [key]: min })[key as 'caseloadCapacity']).toBe(min);
    expect(mergeFlagThresholds({ ...others, ...early, [key]: max })[key as 'caseloadCapacity']).toBe(max);
    const named = expect.objectContaining({ field: `thresholds.${key}` });
    expect(() => mergeFlagThresholds({ ...others, [key]: max + 1 })).toThrow(named);
    expect(() => mergeFlagThresholds({ ...others, ...early, [key]: min - 1 })).toThrow(named);
  });

  it('refuses a baseline look-back of 100000000 days, naming it', () => {
    expect(() => mergeFlagThresholds({ baselineLookbackDays: 100_000_000 })).toThrow(
      expect.objectContaining({ field: 'thresholds.baselineLookbackDays' }),
    );
  });
});

describe('clampFlagThresholds (read paths never fail on a stored value)', () => {
  it('clamps out-of-range values, defaults non-numbers, keeps valid ones', () => {
    const { thresholds, adjusted } = clampFlagThresholds({
      baselineLookbackDays: 100_000_000,
      caseloadCapacity: -4,
      noContactDays: 'soon',
      noScoreDays: 21,
    });
    expect(thresholds).toMatchObject({
      baselineLookbackDays: 90,
      caseloadCapacity: 1,
      noContactDays: 30,
      noScoreDays: 21,
    });
    expect(adjusted.sort()).toEqual(['baselineLookbackDays', 'caseloadCapacity', 'noContactDays']);
    expect(() => mergeFlagThresholds(thresholds)).not.toThrow();
  });

  it('lowers an early week past the not-improving week', () => {
    const { thresholds } = clampFlagThresholds({ notImprovingEarlyWeeks: 12, notImprovingWeeks: 10 });
    expect(thresholds.notImprovingEarlyWeeks).toBe(10);
  });

  it('gives the defaults for no overrides', () => {
    expect(clampFlagThresholds(null)).toEqual({ thresholds: DEFAULT_FLAG_THRESHOLDS, adjusted: [] });
  });
});

describe('judgeMonthlyOutcome (outcome trends)', () => {
  const enrolledAt = '2026-09-01';
  it('a baseline alone is not measured, however low', () => {
    expect(judgeMonthlyOutcome([{ date: '2026-09-01', total: 3 }], { enrolledAt, month: '2026-09' })).toBeNull();
  });

  it('a referred, never enrolled episode is not measured', () => {
    const scores = [
      { date: '2026-09-01', total: 20 },
      { date: '2026-09-20', total: 3 },
    ];
    expect(judgeMonthlyOutcome(scores, { enrolledAt: null, month: '2026-09' })).toBeNull();
  });

  it('judges the month’s last score against the baseline', () => {
    const scores = [
      { date: '2026-09-01', total: 20 },
      { date: '2026-10-05', total: 12 },
      { date: '2026-10-25', total: 9 },
    ];
    expect(judgeMonthlyOutcome(scores, { enrolledAt, month: '2026-10' })).toEqual({
      response: true,
      remission: false,
      improved: true,
    });
    expect(judgeMonthlyOutcome(scores, { enrolledAt, month: '2026-11' })).toBeNull();
  });

  it('ignores scores after discharge', () => {
    const scores = [
      { date: '2026-09-01', total: 20 },
      { date: '2026-10-25', total: 4 },
    ];
    expect(judgeMonthlyOutcome(scores, { enrolledAt, dischargedAt: '2026-10-01', month: '2026-10' })).toBeNull();
  });
});

describe('rule inputs for SQL', () => {
  it('program windows and constants are the clinical reference’s', () => {
    expect(PROGRAM_METRIC_WINDOWS).toMatchObject({ improvementMinDaysEnrolled: 70, consultationWindowDays: 60 });
    expect(OUTCOME_INSTRUMENT_IDS).toEqual(['PHQ9', 'GAD7', 'PCL5']);
    expect(SCORING_CONSTANTS).toMatchObject({ baselineLookbackDays: 14, trackingInstrument: 'PHQ9' });
  });
});
