/**
 * Accountable Health Communities Health-Related Social Needs screening tool (AHC HRSN, CMS 2017,
 * updated 2018): the 10 core questions in 5 domains (clinical-reference.md §Social needs).
 * - housing instability (2 items), food insecurity (2, the Hunger Vital Sign), transportation (1),
 *   utilities (1): a domain is a need when any of its items has one of the marked (positive) answers;
 * - interpersonal safety (4 items scored 1–5): a need when the four sum to more than 10.
 * Pure: answers in, needs out. The API stores the answers and the needs; the FHIR import maps the
 * Hunger Vital Sign / PRAPARE answer codes onto the same answers through {@link HRSN_IMPORT_CODES}.
 */
export const SocialNeedDomain = {
  HOUSING: 'housing',
  FOOD: 'food',
  TRANSPORTATION: 'transportation',
  UTILITIES: 'utilities',
  SAFETY: 'safety',
} as const;
/** One of {@link SocialNeedDomain}'s values. */
export type SocialNeedDomain = (typeof SocialNeedDomain)[keyof typeof SocialNeedDomain];

/** The five core domains, in the tool's order. */
export const SOCIAL_NEED_DOMAINS: readonly SocialNeedDomain[] = Object.freeze(Object.values(SocialNeedDomain));

export interface HrsnAnswerOption {
  readonly value: string;
  readonly label: string;
  /** Marked answer of the tool (housing, food, transportation, utilities). */
  readonly positive?: boolean;
  /** Points of an interpersonal-safety answer (1–5). */
  readonly points?: number;
}

export interface HrsnItem {
  readonly id: string;
  readonly domain: SocialNeedDomain;
  readonly text: string;
  /** Several answers may be chosen (housing problems). */
  readonly multiple: boolean;
  readonly options: readonly HrsnAnswerOption[];
}

const OFTEN_SOMETIMES_NEVER: readonly HrsnAnswerOption[] = [
  { value: 'often_true', label: 'Often true', positive: true },
  { value: 'sometimes_true', label: 'Sometimes true', positive: true },
  { value: 'never_true', label: 'Never true', positive: false },
];

const FREQUENCY: readonly HrsnAnswerOption[] = [
  { value: 'never', label: 'Never', points: 1 },
  { value: 'rarely', label: 'Rarely', points: 2 },
  { value: 'sometimes', label: 'Sometimes', points: 3 },
  { value: 'fairly_often', label: 'Fairly often', points: 4 },
  { value: 'frequently', label: 'Frequently', points: 5 },
];

/** The 10 core questions, in the tool's order, with the tool's wording. */
export const HRSN_ITEMS: readonly HrsnItem[] = Object.freeze([
  {
    id: 'hrsn_living_situation',
    domain: 'housing',
    text: 'What is your living situation today?',
    multiple: false,
    options: [
      { value: 'steady', label: 'I have a steady place to live', positive: false },
      {
        value: 'worried',
        label: 'I have a place to live today, but I am worried about losing it in the future',
        positive: true,
      },
      {
        value: 'not_steady',
        label:
          'I do not have a steady place to live (I am temporarily staying with others, in a hotel, in a shelter, living outside on the street, on a beach, in a car, abandoned building, bus or train station, or in a park)',
        positive: true,
      },
    ],
  },
  {
    id: 'hrsn_housing_problems',
    domain: 'housing',
    text: 'Think about the place you live. Do you have problems with any of the following?',
    multiple: true,
    options: [
      { value: 'pests', label: 'Pests such as bugs, ants, or mice', positive: true },
      { value: 'mold', label: 'Mold', positive: true },
      { value: 'lead', label: 'Lead paint or pipes', positive: true },
      { value: 'heat', label: 'Lack of heat', positive: true },
      { value: 'oven', label: 'Oven or stove not working', positive: true },
      { value: 'smoke_detectors', label: 'Smoke detectors missing or not working', positive: true },
      { value: 'water_leaks', label: 'Water leaks', positive: true },
      { value: 'none', label: 'None of the above', positive: false },
    ],
  },
  {
    id: 'hrsn_food_worry',
    domain: 'food',
    text: 'Within the past 12 months, you worried that your food would run out before you got money to buy more.',
    multiple: false,
    options: OFTEN_SOMETIMES_NEVER,
  },
  {
    id: 'hrsn_food_lasted',
    domain: 'food',
    text: "Within the past 12 months, the food you bought just didn't last and you didn't have money to get more.",
    multiple: false,
    options: OFTEN_SOMETIMES_NEVER,
  },
  {
    id: 'hrsn_transportation',
    domain: 'transportation',
    text: 'In the past 12 months, has lack of reliable transportation kept you from medical appointments, meetings, work or from getting things needed for daily living?',
    multiple: false,
    options: [
      { value: 'yes', label: 'Yes', positive: true },
      { value: 'no', label: 'No', positive: false },
    ],
  },
  {
    id: 'hrsn_utilities',
    domain: 'utilities',
    text: 'In the past 12 months has the electric, gas, oil, or water company threatened to shut off services in your home?',
    multiple: false,
    options: [
      { value: 'yes', label: 'Yes', positive: true },
      { value: 'no', label: 'No', positive: false },
      { value: 'already_shut_off', label: 'Already shut off', positive: true },
    ],
  },
  {
    id: 'hrsn_safety_hurt',
    domain: 'safety',
    text: 'How often does anyone, including family and friends, physically hurt you?',
    multiple: false,
    options: FREQUENCY,
  },
  {
    id: 'hrsn_safety_insult',
    domain: 'safety',
    text: 'How often does anyone, including family and friends, insult or talk down to you?',
    multiple: false,
    options: FREQUENCY,
  },
  {
    id: 'hrsn_safety_threaten',
    domain: 'safety',
    text: 'How often does anyone, including family and friends, threaten you with harm?',
    multiple: false,
    options: FREQUENCY,
  },
  {
    id: 'hrsn_safety_scream',
    domain: 'safety',
    text: 'How often does anyone, including family and friends, scream or curse at you?',
    multiple: false,
    options: FREQUENCY,
  },
] satisfies HrsnItem[]);

/** Interpersonal safety is a need when the four items' points sum to more than this (AHC HRSN). */
export const HRSN_SAFETY_POSITIVE_ABOVE = 10;

/** Answers by item id: one option value, or several for a `multiple` item. Unanswered items are absent or null. */
export type HrsnAnswers = Readonly<Record<string, string | readonly string[] | null | undefined>>;

export interface HrsnDomainResult {
  readonly domain: SocialNeedDomain;
  /** The domain is a need. */
  readonly positive: boolean;
  /** Every item of the domain was answered (a negative domain with missing items is "not known"). */
  readonly complete: boolean;
  /** Interpersonal safety only: the sum of the answered items. */
  readonly safetyScore: number | null;
}

/** A malformed answer: the item id at fault and why. */
export class HrsnAnswerError extends Error {
  constructor(
    readonly itemId: string,
    message: string,
  ) {
    super(message);
    this.name = 'HrsnAnswerError';
  }
}

const ITEM_BY_ID = new Map(HRSN_ITEMS.map((item) => [item.id, item]));

/** The option values chosen for one item (validated); empty when unanswered. */
function chosen(item: HrsnItem, answer: HrsnAnswers[string]): HrsnAnswerOption[] {
  if (answer === null || answer === undefined) return [];
  const values = typeof answer === 'string' ? [answer] : [...answer];
  if (!item.multiple && values.length > 1) throw new HrsnAnswerError(item.id, `${item.id} takes one answer`);
  if (item.multiple && values.includes('none') && values.length > 1) {
    throw new HrsnAnswerError(item.id, `${item.id}: "none" cannot be chosen with another answer`);
  }
  return values.map((value) => {
    const option = item.options.find((o) => o.value === value);
    if (!option) {
      throw new HrsnAnswerError(
        item.id,
        `${item.id} must be one of ${item.options.map((o) => o.value).join(', ')} (got ${String(value)})`,
      );
    }
    return option;
  });
}

/**
 * Scores an AHC HRSN screen: one result per core domain. Unknown item ids and answers throw
 * {@link HrsnAnswerError} naming the item.
 */
export function scoreHrsn(answers: HrsnAnswers): HrsnDomainResult[] {
  for (const id of Object.keys(answers)) {
    if (!ITEM_BY_ID.has(id)) throw new HrsnAnswerError(id, `${id} is not an AHC HRSN core question`);
  }
  return SOCIAL_NEED_DOMAINS.map((domain) => {
    const items = HRSN_ITEMS.filter((item) => item.domain === domain);
    const picked = items.map((item) => chosen(item, answers[item.id]));
    const complete = picked.every((options) => options.length > 0);
    if (domain === 'safety') {
      const score = picked.flat().reduce((sum, option) => sum + (option.points ?? 0), 0);
      const answered = picked.some((options) => options.length > 0);
      return {
        domain,
        positive: score > HRSN_SAFETY_POSITIVE_ABOVE,
        complete,
        safetyScore: answered ? score : null,
      };
    }
    return { domain, positive: picked.flat().some((option) => option.positive === true), complete, safetyScore: null };
  });
}

/** The domains that are needs. */
export function positiveSocialNeeds(answers: HrsnAnswers): SocialNeedDomain[] {
  return scoreHrsn(answers)
    .filter((result) => result.positive)
    .map((result) => result.domain);
}

/**
 * FHIR codes the import reads into HRSN answers: the Hunger Vital Sign items and answers (LOINC,
 * from US Core's `Questionnaire-hunger-vital-sign-example`), which are the AHC HRSN food questions
 * word for word. PRAPARE items are read by their own table, {@link PRAPARE_NEED_CODES}
 * (social-needs.prapare.ts): their wording differs from the HRSN's, so they are not restated as HRSN answers.
 * Answer codes not listed (e.g. "Don't know/refused", LA15775-2) leave the item unanswered.
 */
export const HRSN_IMPORT_CODES: Readonly<
  Record<string, { itemId: string; answers: Readonly<Record<string, string>> }>
> = Object.freeze({
  '88122-7': {
    itemId: 'hrsn_food_worry',
    answers: { 'LA28397-0': 'often_true', 'LA6729-3': 'sometimes_true', 'LA28398-8': 'never_true' },
  },
  '88123-5': {
    itemId: 'hrsn_food_lasted',
    answers: { 'LA28397-0': 'often_true', 'LA6729-3': 'sometimes_true', 'LA28398-8': 'never_true' },
  },
});

/** Panel / result codes of the Hunger Vital Sign that carry no answer of their own (88121-9 panel, 88124-3 risk). */
export const HRSN_DERIVED_CODES: readonly string[] = Object.freeze(['88121-9', '88124-3']);
