import {
  CHRONIC_CONDITION_IDS,
  chronicConditionPrefixes,
  chronicConditionsOf,
  normaliseIcd10,
} from './chronic-condition.cohorts';

describe('chronic-condition cohorts (ICD-10-CM)', () => {
  it.each([
    ['E11.9', ['diabetes']],
    ['E10.65', ['diabetes']],
    ['E14', []],
    ['I10', ['hypertension']],
    ['I11.0', ['hypertension', 'heart_failure']],
    ['I50.22', ['heart_failure']],
    ['J44.1', ['copd']],
    ['J45.909', []],
    ['G89.29', ['chronic_pain']],
    ['G89.3', []],
    ['C50.911', ['cancer']],
    ['D05.10', []],
    ['F32.1', []],
  ])('%s → %j', (code, expected) => {
    expect(chronicConditionsOf(code)).toEqual(expected);
  });

  it('normalises dots, case and spaces', () => {
    expect(normaliseIcd10(' e11.65 ')).toBe('E1165');
  });

  it('gives every cohort at least one prefix, dot-less and upper case', () => {
    for (const id of CHRONIC_CONDITION_IDS) {
      const prefixes = chronicConditionPrefixes(id);
      expect(prefixes.length).toBeGreaterThan(0);
      for (const p of prefixes) expect(p).toBe(normaliseIcd10(p));
    }
  });
});
