import type { AnswerOption, InstrumentItem } from '@huddle/scoring';
import type { InstrumentId, IsoDate } from '@huddle/shared-types';
import {
  bareLinkId,
  instrumentForCodes,
  instrumentFromCanonical,
  type InstrumentCodes,
  INSTRUMENT_CODES,
} from './instrument-codes';
import {
  arrayOf,
  clinicDateOf,
  codesOf,
  firstCoding,
  ImportProblem,
  isObject,
  stringOf,
  type FhirJson,
} from './fhir-values';

/** One administration read from a QuestionnaireResponse or a group of Observations, before scoring. */
export interface ScoreCandidate {
  instrument: InstrumentId;
  administeredOn: IsoDate;
  /** Item id → ordinal value (only the answered items). */
  answers: Record<string, number>;
  /** The total the source states, or `null`. */
  statedTotal: number | null;
  /** FHIRPath of the stated total, to name it when it disagrees with the items. */
  totalExpression: string | null;
}

/**
 * The ordinal value of one answer: a LOINC answer code (LA6568-5 … LA6571-9) or the option's label
 * (US Core's AUDIT-C answers carry codes the reference does not list), or an ordinal number
 * (valueInteger, an integral valueDecimal/valueQuantity, or a numeric valueString).
 * clinical-reference.md §FHIR notes.
 */
export function answerValue(item: InstrumentItem, answer: FhirJson, expression: string): number {
  const coding = answer['valueCoding'] ?? answer['valueCodeableConcept'];
  if (coding !== undefined) {
    const code = firstCoding(coding);
    const display = (code?.display ?? (isObject(coding) ? stringOf(coding['text']) : undefined))?.toLowerCase();
    const option: AnswerOption | undefined =
      item.options.find((candidate) => candidate.loinc !== null && candidate.loinc === code?.code) ??
      item.options.find((candidate) => display !== undefined && candidate.label.toLowerCase() === display);
    if (!option) {
      throw new ImportProblem(
        expression,
        `${expression}: answer code ${code?.code ?? '(none)'} is not an answer of ${item.id}`,
      );
    }
    return option.value;
  }
  const value = ordinal(answer, expression);
  if (value < item.min || value > item.max) {
    throw new ImportProblem(expression, `${expression}: ${item.id} must be ${item.min}–${item.max}, got ${value}`);
  }
  return value;
}

/** An ordinal/total number from value[x]: integer, integral decimal or quantity, or a numeric string. */
export function ordinal(holder: FhirJson, expression: string): number {
  const quantity = holder['valueQuantity'];
  const raw =
    holder['valueInteger'] ??
    holder['valueDecimal'] ??
    (isObject(quantity) ? quantity['value'] : undefined) ??
    (typeof holder['valueString'] === 'string' && /^\s*-?\d+\s*$/.test(holder['valueString'])
      ? Number(holder['valueString'])
      : holder['valueString']);
  if (typeof raw !== 'number' || !Number.isInteger(raw)) {
    throw new ImportProblem(expression, `${expression} must be an integer score`);
  }
  return raw;
}

function itemOf(codes: InstrumentCodes, itemId: string): InstrumentItem {
  const item = codes.definition.items.find((candidate) => candidate.id === itemId);
  if (!item) throw new Error(`instrument-codes maps to unknown item ${itemId}`);
  return item;
}

/** Flattens nested QuestionnaireResponse items (groups), keeping each item's FHIRPath. */
function flatItems(items: unknown, path: string): Array<{ item: FhirJson; path: string }> {
  return arrayOf(items).flatMap((item, index) => {
    if (!isObject(item)) return [];
    const here = `${path}.item[${index}]`;
    return [{ item, path: here }, ...flatItems(item['item'], here)];
  });
}

/** Reads a QuestionnaireResponse of a registry instrument (linkIds = LOINC codes or item ids). */
export function readQuestionnaireResponse(resource: FhirJson, timeZone: string, path: string): ScoreCandidate {
  const status = stringOf(resource['status']);
  if (status !== 'completed' && status !== 'amended') {
    throw new ImportProblem(`${path}.status`, `${path}.status must be completed or amended, got ${status ?? '(none)'}`);
  }
  const administeredOn = clinicDateOf(resource['authored'], timeZone, `${path}.authored`);
  const answered = flatItems(resource['item'], path).filter(({ item }) => arrayOf(item['answer']).length > 0);
  const codes = answered.map(({ item }) => bareLinkId(stringOf(item['linkId']) ?? ''));
  const hint = instrumentFromCanonical(stringOf(resource['questionnaire']));
  const instrument = instrumentForCodes(codes, hint);
  if (!instrument) {
    const unknown = answered.find(
      ({ item }) => !INSTRUMENT_CODES.some((c) => c.roles.has(bareLinkId(String(item['linkId'])))),
    );
    const at = unknown ? `${unknown.path}.linkId` : `${path}.item`;
    throw new ImportProblem(
      at,
      `${at}: the items are not those of a registry instrument (PHQ-9, GAD-7, PHQ-2, GAD-2, PCL-5, AUDIT-C)`,
    );
  }
  const candidate: ScoreCandidate = {
    instrument: instrument.definition.id,
    administeredOn,
    answers: {},
    statedTotal: null,
    totalExpression: null,
  };
  answered.forEach(({ item, path: itemPath }, index) => {
    const role = instrument.roles.get(codes[index] ?? '');
    const answer = arrayOf(item['answer'])[0];
    const answerPath = `${itemPath}.answer[0]`;
    if (!isObject(answer) || !role || role.kind === 'panel') return;
    if (role.kind === 'total') {
      candidate.statedTotal = ordinal(answer, answerPath);
      candidate.totalExpression = answerPath;
    } else {
      candidate.answers[role.itemId] = answerValue(itemOf(instrument, role.itemId), answer, answerPath);
    }
  });
  return candidate;
}

/** One score Observation, classified. */
export interface ObservationFact {
  entryIndex: number;
  path: string;
  /** Family of instruments it belongs to (PHQ-9 for PHQ-2 and PHQ-9 codes). */
  family: InstrumentId;
  code: string;
  administeredOn: IsoDate;
  value: FhirJson;
}

/**
 * Classifies an Observation: a registry instrument's panel, total or item (US Core screening
 * assessment). `null` when its code is none of them.
 */
export function readObservation(
  resource: FhirJson,
  timeZone: string,
  path: string,
  entryIndex: number,
): ObservationFact | null {
  const codes = codesOf(resource['code']);
  const code = codes.find((candidate) => INSTRUMENT_CODES.some((entry) => entry.roles.has(candidate)));
  if (!code) return null;
  const status = stringOf(resource['status']);
  if (status !== 'final' && status !== 'amended' && status !== 'corrected') {
    throw new ImportProblem(
      `${path}.status`,
      `${path}.status must be final, amended or corrected, got ${status ?? '(none)'}`,
    );
  }
  const family = INSTRUMENT_CODES.find((entry) => entry.roles.has(code))?.family;
  if (!family) return null;
  const effective =
    resource['effectiveDateTime'] ??
    (isObject(resource['effectivePeriod']) ? resource['effectivePeriod']['start'] : undefined);
  return {
    entryIndex,
    path,
    family,
    code,
    administeredOn: clinicDateOf(effective, timeZone, `${path}.effectiveDateTime`),
    value: resource,
  };
}

/**
 * One administration from Observations of the same patient, day and instrument family: panel (no
 * value), items (valueCodeableConcept or an ordinal) and total. The instrument is the one whose panel
 * or total code is present, else the smallest one that knows every item code.
 */
export function scoreFromObservations(facts: readonly ObservationFact[]): ScoreCandidate {
  const first = facts[0];
  if (!first) throw new Error('no observations');
  const instrument = instrumentForCodes(facts.map((fact) => fact.code));
  if (!instrument) {
    throw new ImportProblem(`${first.path}.code`, `${first.path}.code: these Observations mix instruments`);
  }
  const candidate: ScoreCandidate = {
    instrument: instrument.definition.id,
    administeredOn: first.administeredOn,
    answers: {},
    statedTotal: null,
    totalExpression: null,
  };
  for (const fact of facts) {
    const role = instrument.roles.get(fact.code);
    if (!role || role.kind === 'panel') continue;
    const has = Object.keys(fact.value).some((key) => key.startsWith('value'));
    if (!has) continue;
    if (role.kind === 'total') {
      candidate.statedTotal = ordinal(fact.value, `${fact.path}.value`);
      candidate.totalExpression = `${fact.path}.value`;
    } else {
      candidate.answers[role.itemId] = answerValue(itemOf(instrument, role.itemId), fact.value, `${fact.path}.value`);
    }
  }
  return candidate;
}
