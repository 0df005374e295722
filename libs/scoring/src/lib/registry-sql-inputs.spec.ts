import {
  countOverviewRecent,
  EPISODE_STATUS_SORT_ORDER,
  episodeStatusRank,
  OVERVIEW_RECENT_SCORES,
  overviewRecentWindow,
} from './registry-sql-inputs.const';
import {
  DEPRESSION_DIAGNOSIS_CODES,
  depressionDiagnosisSqlPatterns,
  isDepressionDiagnosis,
  isDepressionExclusion,
} from './depression-diagnosis.codes';

describe('depression diagnosis codes (CMS159 / CBE 1885 / DRR-E denominators)', () => {
  it.each(['F32.0', 'F32.1', 'F32.A', 'F33.1', 'F33.9', 'F34.1', 'f32.2'])('%s qualifies', (code) => {
    expect(isDepressionDiagnosis(code)).toBe(true);
  });

  it.each(['F34.0', 'F34.8', 'F41.1', 'F31.9', 'F43.10', 'Z00.0'])('%s does not qualify', (code) => {
    expect(isDepressionDiagnosis(code)).toBe(false);
  });

  it('bipolar disorder (F31) excludes; depression codes do not', () => {
    expect(isDepressionExclusion('F31.9')).toBe(true);
    expect(isDepressionExclusion('F31.81')).toBe(true);
    expect(isDepressionExclusion('F32.1')).toBe(false);
  });

  it('gives SQL the same lists as LIKE patterns', () => {
    expect(depressionDiagnosisSqlPatterns()).toEqual({
      qualifyingLike: ['F32%', 'F33%'],
      qualifyingCodes: ['F34.1'],
      exclusionLike: ['F31%'],
    });
    expect(Object.isFrozen(DEPRESSION_DIAGNOSIS_CODES)).toBe(true);
  });
});

describe('episode status sort order', () => {
  it('ranks referral first, then the treatment phases in order; discharged has no rank', () => {
    expect(EPISODE_STATUS_SORT_ORDER).toEqual(['referred', 'enrolled', 'active', 'relapse_prevention']);
    expect(episodeStatusRank('referred')).toBe(1);
    expect(episodeStatusRank('relapse_prevention')).toBe(4);
    expect(episodeStatusRank('discharged')).toBeNull();
  });
});

describe("overview's recent PHQ-9 count", () => {
  it('counts dates within 30 days up to today, both ends included, nothing after today', () => {
    expect(OVERVIEW_RECENT_SCORES).toEqual({ instrumentId: 'PHQ9', days: 30 });
    expect(overviewRecentWindow('2026-03-31')).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(
      countOverviewRecent(['2026-02-28', '2026-03-01', '2026-03-15', '2026-03-31', '2026-04-01'], '2026-03-31'),
    ).toBe(3);
  });
});
