import {
  HRSN_IMPORT_CODES,
  HRSN_ITEMS,
  HRSN_SAFETY_POSITIVE_ABOVE,
  HrsnAnswerError,
  positiveSocialNeeds,
  scoreHrsn,
  type HrsnAnswers,
} from './social-needs.hrsn';

const NONE: HrsnAnswers = {
  hrsn_living_situation: 'steady',
  hrsn_housing_problems: ['none'],
  hrsn_food_worry: 'never_true',
  hrsn_food_lasted: 'never_true',
  hrsn_transportation: 'no',
  hrsn_utilities: 'no',
  hrsn_safety_hurt: 'never',
  hrsn_safety_insult: 'never',
  hrsn_safety_threaten: 'never',
  hrsn_safety_scream: 'never',
};

describe('AHC HRSN core questions (clinical-reference.md §Social needs)', () => {
  it('has 10 items in 5 domains (2 housing, 2 food, 1 transportation, 1 utilities, 4 safety)', () => {
    const byDomain: Record<string, number> = {};
    for (const item of HRSN_ITEMS) byDomain[item.domain] = (byDomain[item.domain] ?? 0) + 1;
    expect(HRSN_ITEMS).toHaveLength(10);
    expect(byDomain).toEqual({ housing: 2, food: 2, transportation: 1, utilities: 1, safety: 4 });
  });

  it('finds no need when every answer is negative, and every domain complete', () => {
    expect(positiveSocialNeeds(NONE)).toEqual([]);
    expect(scoreHrsn(NONE).every((r) => r.complete)).toBe(true);
  });

  it.each([
    [{ hrsn_living_situation: 'worried' }, ['housing']],
    [{ hrsn_living_situation: 'not_steady' }, ['housing']],
    [{ hrsn_housing_problems: ['mold', 'heat'] }, ['housing']],
    [{ hrsn_food_worry: 'sometimes_true' }, ['food']],
    [{ hrsn_food_lasted: 'often_true' }, ['food']],
    [{ hrsn_transportation: 'yes' }, ['transportation']],
    [{ hrsn_utilities: 'already_shut_off' }, ['utilities']],
    [{ hrsn_utilities: 'yes', hrsn_food_worry: 'often_true' }, ['food', 'utilities']],
  ] as Array<[HrsnAnswers, string[]]>)('marked answers %j → %j', (change, expected) => {
    expect(positiveSocialNeeds({ ...NONE, ...change })).toEqual(expected);
  });

  it('interpersonal safety is a need only when the four items sum to more than 10', () => {
    const atLimit = {
      ...NONE,
      hrsn_safety_hurt: 'fairly_often',
      hrsn_safety_insult: 'sometimes',
      hrsn_safety_threaten: 'rarely',
      hrsn_safety_scream: 'never',
    };
    const safety = scoreHrsn(atLimit).find((r) => r.domain === 'safety');
    expect(safety).toMatchObject({ safetyScore: HRSN_SAFETY_POSITIVE_ABOVE, positive: false });
    const above = { ...atLimit, hrsn_safety_scream: 'rarely' };
    expect(scoreHrsn(above).find((r) => r.domain === 'safety')).toMatchObject({ safetyScore: 11, positive: true });
  });

  it('reports missing items as incomplete and unanswered safety as no score', () => {
    const results = scoreHrsn({ hrsn_food_worry: 'often_true' });
    expect(results.find((r) => r.domain === 'food')).toMatchObject({ positive: true, complete: false });
    expect(results.find((r) => r.domain === 'safety')).toMatchObject({ positive: false, safetyScore: null });
  });

  it('refuses unknown items, unknown answers, two answers to a single item and "none" with others', () => {
    const field = (answers: HrsnAnswers): string | null => {
      try {
        scoreHrsn(answers);
        return null;
      } catch (error) {
        return error instanceof HrsnAnswerError ? error.itemId : 'other';
      }
    };
    expect(field({ hrsn_pets: 'yes' })).toBe('hrsn_pets');
    expect(field({ hrsn_utilities: 'maybe' })).toBe('hrsn_utilities');
    expect(field({ hrsn_transportation: ['yes', 'no'] })).toBe('hrsn_transportation');
    expect(field({ hrsn_housing_problems: ['none', 'mold'] })).toBe('hrsn_housing_problems');
  });

  it('maps every import answer code onto an option of its item', () => {
    for (const { itemId, answers } of Object.values(HRSN_IMPORT_CODES)) {
      const item = HRSN_ITEMS.find((i) => i.id === itemId);
      for (const value of Object.values(answers)) expect(item?.options.map((o) => o.value)).toContain(value);
    }
  });
});
