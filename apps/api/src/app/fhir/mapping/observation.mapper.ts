import { getInstrument, type InstrumentDefinition, type InstrumentItem } from '@huddle/scoring';
import type { InstrumentId } from '@huddle/shared-types';
import type { AssessmentRow } from './assessment-row';
import {
  instant,
  LOINC,
  OBSERVATION_CATEGORY,
  patientReference,
  US_CORE,
  type CodeableConcept,
  type FhirResource,
  type Meta,
  type Reference,
} from './fhir-resource';
import { answerCoding } from './questionnaire.mapper';

/**
 * An assessment is several Observations in the US Core screening-assessment shape
 * (clinical-reference.md §FHIR R4 shape; the us-core-examples PHQ-9 and AUDIT-C panels): the panel
 * (id = the assessment's id) whose `hasMember` are the total score (`<id>-total`, valueInteger) and
 * each answered item (`<id>-item<n>`, the answer as a CodeableConcept).
 */
export interface ObservationPart {
  /** Order within the assessment: 0 panel, 1 total, 2… items (the keyset of Observation searches). */
  ord: number;
  kind: 'panel' | 'total' | 'item';
  /** The LOINC code searched with `code=`, or null when libs/scoring has none. */
  loinc: string | null;
  /** The answer key of an item part. */
  item: InstrumentItem | null;
}

const PARTS = new Map<InstrumentDefinition, readonly ObservationPart[]>();

/** The Observation parts of an instrument, in `ord` order (built once per definition). */
export function observationParts(definition: InstrumentDefinition): readonly ObservationPart[] {
  let parts = PARTS.get(definition);
  if (!parts) {
    parts = buildParts(definition);
    PARTS.set(definition, parts);
  }
  return parts;
}

function buildParts(definition: InstrumentDefinition): ObservationPart[] {
  return [
    { ord: 0, kind: 'panel', loinc: definition.panelLoinc, item: null },
    { ord: 1, kind: 'total', loinc: definition.totalLoinc, item: null },
    ...definition.items.map((item, i): ObservationPart => ({ ord: i + 2, kind: 'item', loinc: item.loinc, item })),
  ];
}

/** The Observation id of a part. */
export function observationId(assessmentId: string, ord: number): string {
  return ord === 0 ? assessmentId : ord === 1 ? `${assessmentId}-total` : `${assessmentId}-item${ord - 1}`;
}

/** The assessment id and part of an Observation id, or null when it is not one Huddle writes. */
export function parseObservationId(id: string): { assessmentId: string; ord: number } | null {
  const match = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:-(total|item([1-9][0-9]?)))?$/i.exec(
    id,
  );
  if (!match?.[1]) return null;
  const ord = match[2] === undefined ? 0 : match[2] === 'total' ? 1 : Number(match[3]) + 1;
  return { assessmentId: match[1].toLowerCase(), ord };
}

/** Whether an assessment has the part (the total only when scored, an item only when answered). */
export function hasPart(row: AssessmentRow, part: ObservationPart): boolean {
  if (part.kind === 'total') return row.total !== null;
  if (part.kind === 'item' && part.item)
    return row.answers[part.item.id] !== null && row.answers[part.item.id] !== undefined;
  return true;
}

export interface FhirObservation extends FhirResource {
  resourceType: 'Observation';
  id: string;
  meta: Meta;
  status: 'final' | 'preliminary';
  category: CodeableConcept[];
  code: CodeableConcept;
  subject: Reference;
  effectiveDateTime: string;
  valueInteger?: number;
  valueCodeableConcept?: CodeableConcept;
  hasMember?: Reference[];
  derivedFrom: Reference[];
}

const SURVEY: CodeableConcept = { coding: [{ system: OBSERVATION_CATEGORY, code: 'survey', display: 'Survey' }] };

function partCode(definition: InstrumentDefinition, part: ObservationPart): CodeableConcept {
  const text =
    part.kind === 'panel'
      ? definition.title
      : part.kind === 'total'
        ? `${definition.name} total score`
        : (part.item?.text ?? '');
  return part.loinc ? { coding: [{ system: LOINC, code: part.loinc }], text } : { text };
}

/** One Observation of an assessment (see {@link observationParts}); the caller checks {@link hasPart}. */
export function toFhirObservation(row: AssessmentRow, ord: number): FhirObservation {
  const definition = getInstrument(row.instrument);
  const parts = observationParts(definition);
  const part = parts[ord];
  if (!part) throw new Error(`Observation part ${ord} of ${row.instrument} does not exist`);
  const base: FhirObservation = {
    resourceType: 'Observation',
    id: observationId(row.id, ord),
    meta: { lastUpdated: instant(row.created_at), profile: [`${US_CORE}/us-core-observation-screening-assessment`] },
    status: row.complete ? 'final' : 'preliminary',
    category: [SURVEY],
    code: partCode(definition, part),
    subject: patientReference(row.patient_id),
    effectiveDateTime: row.administered_on,
    derivedFrom: [{ reference: `QuestionnaireResponse/${row.id}` }],
  };
  if (part.kind === 'panel') {
    base.hasMember = parts
      .filter((p) => p.kind !== 'panel' && hasPart(row, p))
      .map((p) => ({ reference: `Observation/${observationId(row.id, p.ord)}` }));
  } else if (part.kind === 'total') {
    base.valueInteger = row.total ?? undefined;
  } else if (part.item) {
    const value = row.answers[part.item.id];
    if (value !== null && value !== undefined) {
      const coding = answerCoding(definition, part.item, value);
      base.valueCodeableConcept = { coding: [coding], ...(coding.display ? { text: coding.display } : {}) };
    }
  }
  return base;
}

/** Every Observation of an assessment, panel first. */
export function toFhirObservations(row: AssessmentRow): FhirObservation[] {
  return observationParts(getInstrument(row.instrument))
    .filter((part) => hasPart(row, part))
    .map((part) => toFhirObservation(row, part.ord));
}

/** The parts of every instrument as parallel arrays: the SQL parameters of Observation queries. */
export function observationPartParams(instruments: readonly InstrumentId[]): {
  instrument: string[];
  ord: number[];
  code: Array<string | null>;
  item: Array<string | null>;
} {
  const out = {
    instrument: [] as string[],
    ord: [] as number[],
    code: [] as Array<string | null>,
    item: [] as Array<string | null>,
  };
  for (const instrument of instruments) {
    for (const part of observationParts(getInstrument(instrument))) {
      out.instrument.push(instrument);
      out.ord.push(part.ord);
      out.code.push(part.loinc);
      out.item.push(part.kind === 'total' ? '' : part.kind === 'panel' ? null : (part.item?.id ?? null));
    }
  }
  return out;
}
