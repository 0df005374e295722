import { INSTRUMENTS, type InstrumentDefinition, type InstrumentItem } from '@huddle/scoring';
import type { InstrumentId } from '@huddle/shared-types';
import { LOINC, type Coding, type Extension, type FhirResource } from './fhir-resource';
import { questionnaireUrl } from './identifiers';

/** The Questionnaire id of an instrument: its id in lower case (`phq9`, `auditc`). */
export function questionnaireId(instrument: InstrumentId): string {
  return instrument.toLowerCase();
}

/** The instrument a Questionnaire id names, or null. */
export function instrumentOfQuestionnaire(id: string): InstrumentId | null {
  const found = (Object.keys(INSTRUMENTS) as InstrumentId[]).find((instrument) => questionnaireId(instrument) === id);
  return found ?? null;
}

/**
 * An item's linkId: its LOINC code when libs/scoring has one (clinical-reference.md §FHIR R4 shape:
 * "item linkIds = item LOINC codes"), otherwise Huddle's item id.
 */
export function itemLinkId(item: InstrumentItem): string {
  return item.loinc ?? item.id;
}

/** The linkId of the total-score item: the instrument's total LOINC code, or `<id>_total`. */
export function totalLinkId(definition: InstrumentDefinition): string {
  return definition.totalLoinc ?? `${definition.id.toLowerCase()}_total`;
}

/** The coding of an answer value: its LOINC answer code (LA…) when known, else Huddle's ordinal code. */
export function answerCoding(definition: InstrumentDefinition, item: InstrumentItem, value: number): Coding {
  const option = item.options.find((o) => o.value === value);
  if (option?.loinc) return { system: LOINC, code: option.loinc, display: option.label };
  return { system: answerSystem(definition), code: String(value), ...(option ? { display: option.label } : {}) };
}

/** Code system of the ordinal answers that have no LOINC answer code. */
export function answerSystem(definition: InstrumentDefinition): string {
  return `urn:huddle:answers:${definition.id.toLowerCase()}`;
}

const ORDINAL_VALUE = 'http://hl7.org/fhir/StructureDefinition/ordinalValue';

interface QuestionnaireItem {
  linkId: string;
  code?: Coding[];
  text: string;
  type: 'choice' | 'integer';
  required?: boolean;
  readOnly?: boolean;
  answerOption?: Array<{ valueCoding: Coding; extension: Extension[] }>;
}

export interface FhirQuestionnaire extends FhirResource {
  resourceType: 'Questionnaire';
  id: string;
  url: string;
  name: string;
  title: string;
  status: 'active';
  subjectType: ['Patient'];
  code?: Coding[];
  item: QuestionnaireItem[];
}

/**
 * Questionnaire of an instrument, from its libs/scoring definition only: panel, item and answer LOINC
 * codes where known, each answer's score as `ordinalValue`, and the total as a read-only item.
 */
export function toFhirQuestionnaire(definition: InstrumentDefinition): FhirQuestionnaire {
  const id = questionnaireId(definition.id);
  return {
    resourceType: 'Questionnaire',
    id,
    url: questionnaireUrl(id),
    name: definition.name.replace(/[^A-Za-z0-9]/g, ''),
    title: definition.title,
    status: 'active',
    subjectType: ['Patient'],
    ...(definition.panelLoinc
      ? { code: [{ system: LOINC, code: definition.panelLoinc, display: definition.name }] }
      : {}),
    item: [
      ...definition.items.map(
        (item): QuestionnaireItem => ({
          linkId: itemLinkId(item),
          ...(item.loinc ? { code: [{ system: LOINC, code: item.loinc }] } : {}),
          text: item.text,
          type: 'choice',
          required: item.scored,
          answerOption: item.options.map((option) => ({
            valueCoding: answerCoding(definition, item, option.value),
            extension: [{ url: ORDINAL_VALUE, valueDecimal: option.value }],
          })),
        }),
      ),
      {
        linkId: totalLinkId(definition),
        ...(definition.totalLoinc ? { code: [{ system: LOINC, code: definition.totalLoinc }] } : {}),
        text: `${definition.name} total score`,
        type: 'integer',
        readOnly: true,
      },
    ],
  };
}
