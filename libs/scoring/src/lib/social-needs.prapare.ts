import { SOCIAL_NEED_DOMAINS, type SocialNeedDomain } from './social-needs.hrsn';

/**
 * PRAPARE items that correspond to the AHC HRSN core domains (clinical-reference.md §Social needs:
 * PRAPARE is the common alternative in health centres), by LOINC question code, with the LOINC answer
 * codes that mark a need and those that answer the question without one. Codes and wording from US
 * Core's `Questionnaire-prapare-example` (shared/fixtures/us-core-examples). An answer code in neither
 * list ("I choose not to answer this question" LA30122-8, "Unsure" LA14072-5, "Patient unable to
 * respond" LA30257-2) leaves the item unanswered.
 *
 * - 71802-3 Housing status: "I do not have housing …" (LA30190-5) → housing; "I have housing" (LA30189-7).
 * - 93033-9 Are you worried about losing your housing: Yes (LA33-6) → housing; No (LA32-8).
 * - 93031-3 Unable to get, when really needed, in the past year (several answers): Food (LA30125-1) →
 *   food; Utilities (LA30124-4) → utilities; any other answer (clothing, child care, medicine, phone,
 *   other) answers the question without a food or utility need.
 * - 93030-5 Has lack of transportation kept you from …: either "Yes, it has kept me from …" (LA30133-5
 *   medical, LA30134-3 non-medical) → transportation; No (LA32-8).
 * - 93026-3 Do you feel physically and emotionally safe where you currently live: No (LA32-8) → safety; Yes (LA33-6).
 * - 76501-6 Within the last year, have you been afraid of your partner or ex-partner: Yes (LA33-6) → safety; No (LA32-8).
 */
export interface PrapareQuestionRule {
  /** Answer codes that are a need, and the domain each marks. */
  readonly needs: Readonly<Record<string, SocialNeedDomain>>;
  /** Answer codes that answer the question without a need. */
  readonly noNeed: readonly string[];
  /** The domains the question screens (answered without a need: negative for these). */
  readonly domains: readonly SocialNeedDomain[];
}

const YES = 'LA33-6';
const NO = 'LA32-8';

export const PRAPARE_NEED_CODES: Readonly<Record<string, PrapareQuestionRule>> = Object.freeze({
  '71802-3': { needs: { 'LA30190-5': 'housing' }, noNeed: ['LA30189-7'], domains: ['housing'] },
  '93033-9': { needs: { [YES]: 'housing' }, noNeed: [NO], domains: ['housing'] },
  '93031-3': {
    needs: { 'LA30125-1': 'food', 'LA30124-4': 'utilities' },
    noNeed: ['LA30126-9', 'LA30127-7', 'LA30128-5', 'LA30129-3', 'LA46-8'],
    domains: ['food', 'utilities'],
  },
  '93030-5': {
    needs: { 'LA30133-5': 'transportation', 'LA30134-3': 'transportation' },
    noNeed: [NO],
    domains: ['transportation'],
  },
  '93026-3': { needs: { [NO]: 'safety' }, noNeed: [YES], domains: ['safety'] },
  '76501-6': { needs: { [YES]: 'safety' }, noNeed: [NO], domains: ['safety'] },
} satisfies Record<string, PrapareQuestionRule>);

export interface PrapareNeedsResult {
  /** The needs found, in the HRSN domain order. */
  readonly needs: SocialNeedDomain[];
  /** The answer codes read, by question code (only codes of {@link PRAPARE_NEED_CODES}). */
  readonly answers: Readonly<Record<string, readonly string[]>>;
}

/**
 * The social needs a PRAPARE response shows, from its answer codes by LOINC question code (questions
 * outside {@link PRAPARE_NEED_CODES} are ignored; answer codes the rule does not list are dropped).
 */
export function prapareSocialNeeds(answers: Readonly<Record<string, readonly string[]>>): PrapareNeedsResult {
  const needs = new Set<SocialNeedDomain>();
  const read: Record<string, readonly string[]> = {};
  for (const [question, codes] of Object.entries(answers)) {
    const rule = PRAPARE_NEED_CODES[question];
    if (!rule) continue;
    const known = codes.filter((code) => code in rule.needs || rule.noNeed.includes(code));
    if (known.length === 0) continue;
    read[question] = known;
    for (const code of known) {
      const domain = rule.needs[code];
      if (domain) needs.add(domain);
    }
  }
  return { needs: SOCIAL_NEED_DOMAINS.filter((d) => needs.has(d)), answers: read };
}
