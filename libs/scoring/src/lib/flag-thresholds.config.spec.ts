import { evaluateCaseloadCapacity } from './caseload-capacity.rule';
import { DEFAULT_FLAG_THRESHOLDS, mergeFlagThresholds } from './flag-thresholds.config';
import { ScoringValidationError } from './scoring-validation.error';

describe('mergeFlagThresholds', () => {
  it('merges clinic overrides over the defaults, ignoring undefined', () => {
    const merged = mergeFlagThresholds({ noContactDays: 21, reviewOverdueDays: undefined });
    expect(merged).toEqual({ ...DEFAULT_FLAG_THRESHOLDS, noContactDays: 21 });
    expect(mergeFlagThresholds(null)).toEqual(DEFAULT_FLAG_THRESHOLDS);
  });

  it.each([
    [{ noContactDays: -1 }, 'thresholds.noContactDays'],
    [{ caseloadCapacity: 7.5 }, 'thresholds.caseloadCapacity'],
    [{ responseReductionPercent: 0 }, 'thresholds.responseReductionPercent'],
    [{ responseReductionPercent: 101 }, 'thresholds.responseReductionPercent'],
    [{ notImprovingEarlyWeeks: 11 }, 'thresholds.notImprovingEarlyWeeks'],
  ])('rejects %j', (overrides, field) => {
    expect(() => mergeFlagThresholds(overrides)).toThrow(ScoringValidationError);
    try {
      mergeFlagThresholds(overrides);
    } catch (error) {
      expect((error as ScoringValidationError).field).toBe(field);
    }
  });
});

describe('evaluateCaseloadCapacity', () => {
  it.each([
    [75, 1, false],
    [76, 1, true],
    [37, 0.5, false],
    [38, 0.5, true],
    [0, 1, false],
  ])('%i active patients at %s FTE → flagged %s', (count, fte, flagged) => {
    expect(evaluateCaseloadCapacity(count, DEFAULT_FLAG_THRESHOLDS, fte) !== null).toBe(flagged);
  });

  it('returns evidence and honours a clinic capacity', () => {
    expect(evaluateCaseloadCapacity(76, DEFAULT_FLAG_THRESHOLDS)).toEqual({
      code: 'CASELOAD_OVER_CAPACITY',
      severity: 'medium',
      evidence: { reason: '76 active patients, above the capacity of 75', activePatients: 76, capacity: 75 },
    });
    expect(evaluateCaseloadCapacity(76, { caseloadCapacity: 80 })).toBeNull();
  });

  it.each([
    [-1, 1],
    [1.5, 1],
    [10, 0],
    [10, 1.2],
  ])('rejects count %s at %s FTE', (count, fte) => {
    expect(() => evaluateCaseloadCapacity(count, DEFAULT_FLAG_THRESHOLDS, fte)).toThrow(ScoringValidationError);
  });
});
