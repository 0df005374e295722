import { HRSN_IMPORT_CODES, positiveSocialNeeds, type SocialNeedDomain } from '@huddle/scoring';
import type { IsoDate } from '@huddle/shared-types';
import { arrayOf, clinicDateOf, firstCoding, ImportProblem, isObject, stringOf, type FhirJson } from './fhir-values';

/** A social-needs screen read from a QuestionnaireResponse (Hunger Vital Sign, PRAPARE, AHC HRSN). */
export interface SocialNeedsCandidate {
  screenedOn: IsoDate;
  /** AHC HRSN answers by item id (libs/scoring `HRSN_ITEMS`). */
  answers: Record<string, string>;
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

/**
 * A QuestionnaireResponse that carries a social-needs item the registry maps onto the AHC HRSN core
 * questions (libs/scoring `HRSN_IMPORT_CODES`: the Hunger Vital Sign, PRAPARE housing status and
 * transportation) is a social-needs screen: `null` when it carries none (an instrument score, read
 * elsewhere). Other PRAPARE items are not stored; an answer code the library does not map leaves its
 * item unanswered, and a screen with no mapped answer at all is refused naming the first item.
 */
export function readSocialNeedsResponse(
  resource: FhirJson,
  timeZone: string,
  path: string,
): SocialNeedsCandidate | null {
  const answered = answeredItems(resource['item'], path);
  const hrsn = answered.filter(({ item }) => HRSN_IMPORT_CODES[codeOfLinkId(stringOf(item['linkId']) ?? '')]);
  if (hrsn.length === 0) return null;
  const status = stringOf(resource['status']);
  if (status !== 'completed' && status !== 'amended') {
    throw new ImportProblem(`${path}.status`, `${path}.status must be completed or amended, got ${status ?? '(none)'}`);
  }
  const screenedOn = clinicDateOf(resource['authored'], timeZone, `${path}.authored`);
  const answers: Record<string, string> = {};
  for (const { item } of hrsn) {
    const mapping = HRSN_IMPORT_CODES[codeOfLinkId(stringOf(item['linkId']) ?? '')];
    const answer = arrayOf(item['answer'])[0];
    const code = isObject(answer)
      ? firstCoding(answer['valueCoding'] ?? answer['valueCodeableConcept'])?.code
      : undefined;
    const value = mapping && code ? mapping.answers[code] : undefined;
    if (mapping && value) answers[mapping.itemId] = value;
  }
  if (Object.keys(answers).length === 0) {
    const first = hrsn[0]?.path ?? `${path}.item`;
    throw new ImportProblem(`${first}.answer[0]`, `${first}.answer[0]: no answer the registry reads as a social need`);
  }
  return { screenedOn, answers, positiveDomains: positiveSocialNeeds(answers) };
}
