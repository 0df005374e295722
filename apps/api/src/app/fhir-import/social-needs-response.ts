import {
  HRSN_IMPORT_CODES,
  positiveSocialNeeds,
  PRAPARE_NEED_CODES,
  prapareSocialNeeds,
  SOCIAL_NEED_DOMAINS,
  type SocialNeedDomain,
} from '@huddle/scoring';
import type { IsoDate } from '@huddle/shared-types';
import { arrayOf, clinicDateOf, firstCoding, ImportProblem, isObject, stringOf, type FhirJson } from './fhir-values';

/** A social-needs screen read from a QuestionnaireResponse (Hunger Vital Sign, PRAPARE, AHC HRSN). */
export interface SocialNeedsCandidate {
  screenedOn: IsoDate;
  /** AHC HRSN answers by item id (libs/scoring `HRSN_ITEMS`) and PRAPARE answer codes (`prapare_<LOINC>`). */
  answers: Record<string, string | string[]>;
  positiveDomains: SocialNeedDomain[];
}

/** The last segment of a linkId (`/93042-0/71802-3` → `71802-3`, `/88122-7` → `88122-7`). */
function codeOfLinkId(linkId: string): string {
  const parts = linkId.split('/').filter((p) => p.length > 0);
  return parts[parts.length - 1] ?? '';
}

function answeredItems(items: unknown, path: string): Array<{ item: FhirJson; path: string }> {
  return arrayOf(items).flatMap((item, i) => {
    if (!isObject(item)) return [];
    const here = `${path}.item[${i}]`;
    const self = arrayOf(item['answer']).length > 0 ? [{ item, path: here }] : [];
    return [...self, ...answeredItems(item['item'], here)];
  });
}

/** Whether any answered item (at any depth) is one {@link readSocialNeedsResponse} reads. */
function carriesNeedItem(items: unknown): boolean {
  for (const item of arrayOf(items)) {
    if (!isObject(item)) continue;
    if (arrayOf(item['answer']).length > 0) {
      const question = codeOfLinkId(stringOf(item['linkId']) ?? '');
      if (HRSN_IMPORT_CODES[question] || PRAPARE_NEED_CODES[question]) return true;
    }
    if (carriesNeedItem(item['item'])) return true;
  }
  return false;
}

/** The answer codes of an item (several for a multi-select PRAPARE question). */
function answerCodes(item: FhirJson): string[] {
  return arrayOf(item['answer']).flatMap((answer) => {
    if (!isObject(answer)) return [];
    const code = firstCoding(answer['valueCoding'] ?? answer['valueCodeableConcept'])?.code;
    return code ? [code] : [];
  });
}

/**
 * A QuestionnaireResponse that carries a social-needs item the registry reads is a social-needs
 * screen: the Hunger Vital Sign's items as AHC HRSN food answers (libs/scoring `HRSN_IMPORT_CODES`),
 * and the PRAPARE items of the HRSN domains — housing, food, transportation, utilities, safety — by
 * their LOINC question and answer codes (libs/scoring `PRAPARE_NEED_CODES`), kept as answered
 * (`prapare_<question code>`: answer codes). `null` when it carries none (an instrument score, read
 * elsewhere). Other items are not stored; an answer code the library does not map leaves its item
 * unanswered, and a screen with no readable answer at all is refused naming the first item.
 */
export function readSocialNeedsResponse(
  resource: FhirJson,
  timeZone: string,
  path: string,
): SocialNeedsCandidate | null {
  // Most QuestionnaireResponses of a feed are instrument scores: ruled out without building item paths.
  if (!carriesNeedItem(resource['item'])) return null;
  const answered = answeredItems(resource['item'], path);
  const questionOf = (item: FhirJson): string => codeOfLinkId(stringOf(item['linkId']) ?? '');
  const relevant = answered.filter(
    ({ item }) => HRSN_IMPORT_CODES[questionOf(item)] || PRAPARE_NEED_CODES[questionOf(item)],
  );
  if (relevant.length === 0) return null;
  const status = stringOf(resource['status']);
  if (status !== 'completed' && status !== 'amended') {
    throw new ImportProblem(`${path}.status`, `${path}.status must be completed or amended, got ${status ?? '(none)'}`);
  }
  const screenedOn = clinicDateOf(resource['authored'], timeZone, `${path}.authored`);
  const hrsn: Record<string, string> = {};
  const prapare: Record<string, string[]> = {};
  for (const { item } of relevant) {
    const question = questionOf(item);
    const codes = answerCodes(item);
    const mapping = HRSN_IMPORT_CODES[question];
    const value = mapping && codes[0] ? mapping.answers[codes[0]] : undefined;
    if (mapping && value) hrsn[mapping.itemId] = value;
    if (PRAPARE_NEED_CODES[question]) prapare[question] = codes;
  }
  const fromPrapare = prapareSocialNeeds(prapare);
  const answers: Record<string, string | string[]> = { ...hrsn };
  for (const [question, codes] of Object.entries(fromPrapare.answers)) answers[`prapare_${question}`] = [...codes];
  if (Object.keys(answers).length === 0) {
    const first = relevant[0]?.path ?? `${path}.item`;
    throw new ImportProblem(`${first}.answer[0]`, `${first}.answer[0]: no answer the registry reads as a social need`);
  }
  const needs = new Set<SocialNeedDomain>([...positiveSocialNeeds(hrsn), ...fromPrapare.needs]);
  return { screenedOn, answers, positiveDomains: SOCIAL_NEED_DOMAINS.filter((d) => needs.has(d)) };
}
