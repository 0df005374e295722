import { DEFAULT_FLAG_THRESHOLDS, mergeFlagThresholds } from './flag-thresholds.config';
import { FLAG_RULE_SCOPES } from './flag.evaluator';
import { AGENDA_BUCKET_ORDER } from './review-agenda.sorter';
import { agendaBucketOfPriority, agendaSqlInputs } from './review-agenda.sql-inputs';

describe('agendaSqlInputs', () => {
  it('takes every value from the rules: bucket order, rule scopes, thresholds, the remission cut-off', () => {
    const thresholds = mergeFlagThresholds({
      notImprovingEarlyWeeks: 6,
      notImprovingWeeks: 11,
      responseReductionPercent: 40,
      worseningPoints: 6,
      routineReviewDays: 45,
    });
    expect(agendaSqlInputs(thresholds)).toEqual({
      bucketPriority: {
        safety: 1,
        new_never_reviewed: 2,
        not_improving: 3,
        care_manager_request: 4,
        longest_since_review: 5,
      },
      unenrolledStatus: 'referred',
      safetyStatuses: FLAG_RULE_SCOPES.SAFETY,
      notImprovingStatuses: FLAG_RULE_SCOPES.NOT_IMPROVING,
      worseningStatuses: FLAG_RULE_SCOPES.WORSENING,
      notImprovingFromWeek: 6,
      responseReductionPercent: 40,
      remissionBelow: 5,
      worseningPoints: 6,
      routineReviewDays: 45,
    });
  });

  it('is built once per frozen thresholds object and maps priorities back to buckets', () => {
    expect(agendaSqlInputs(DEFAULT_FLAG_THRESHOLDS)).toBe(agendaSqlInputs(DEFAULT_FLAG_THRESHOLDS));
    expect(AGENDA_BUCKET_ORDER.map((_, index) => agendaBucketOfPriority(index + 1))).toEqual(AGENDA_BUCKET_ORDER);
    expect(() => agendaBucketOfPriority(0)).toThrow(RangeError);
  });
});
