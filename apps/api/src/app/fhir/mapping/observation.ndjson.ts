import { getInstrument, type InstrumentDefinition } from '@huddle/scoring';
import type { AssessmentRow } from './assessment-row';
import { instant } from './fhir-resource';
import {
  hasPart,
  observationId,
  observationParts,
  toFhirObservation,
  type FhirObservation,
} from './observation.mapper';

/**
 * The NDJSON line of one Observation, byte for byte `JSON.stringify(toFhirObservation(row, ord))`,
 * without building the object (issue #15's export speed: Observations are nine in ten exported
 * resources, and building then serialising each object was most of the export's time).
 *
 * Everything that depends only on the instrument's part (code, the answer's CodeableConcept for each
 * value) is serialised once, from an Observation the mapper itself built, and cached; a row adds its
 * ids, dates and status. observation.ndjson.spec.ts compares its lines with the mapper's (any row, every part).
 */
export function observationNdjson(row: AssessmentRow, ord: number): string {
  const definition = getInstrument(row.instrument);
  const part = observationParts(definition)[ord];
  if (!part) throw new Error(`Observation part ${ord} of ${row.instrument} does not exist`);
  const fixed = fixedOf(definition, ord);
  const id = row.id;
  let tail: string;
  if (part.kind === 'panel') {
    const members: string[] = [];
    for (const p of observationParts(definition)) {
      if (p.kind !== 'panel' && hasPart(row, p))
        members.push(`{"reference":"Observation/${observationId(id, p.ord)}"}`);
    }
    tail = `,"hasMember":[${members.join(',')}]`;
  } else if (part.kind === 'total') {
    tail = row.total === null ? '' : `,"valueInteger":${row.total}`;
  } else {
    const value = part.item ? row.answers[part.item.id] : undefined;
    tail = value === null || value === undefined ? '' : `,"valueCodeableConcept":${valueOf(definition, ord, value)}`;
  }
  return (
    `{"resourceType":"Observation","id":"${observationId(id, ord)}","meta":{"lastUpdated":"${instant(row.created_at)}"` +
    `${fixed.profile}},"status":"${row.complete ? 'final' : 'preliminary'}",${fixed.categoryAndCode}` +
    `,"subject":{"reference":${JSON.stringify(`Patient/${row.patient_id}`)}},"effectiveDateTime":${JSON.stringify(row.administered_on)}` +
    `,"derivedFrom":[{"reference":"QuestionnaireResponse/${id}"}]${tail}}`
  );
}

interface Fixed {
  /** `,"profile":[…]` inside meta. */
  profile: string;
  /** `"category":[…],"code":{…}` */
  categoryAndCode: string;
}

const FIXED = new Map<string, Fixed>();
const VALUES = new Map<string, string>();

/** The part-only elements, cut out of an Observation the mapper built for a sample row. */
function fixedOf(definition: InstrumentDefinition, ord: number): Fixed {
  const key = `${definition.id}:${ord}`;
  let fixed = FIXED.get(key);
  if (!fixed) {
    const sample = toFhirObservation(sampleRow(definition), ord);
    fixed = {
      profile: `,"profile":${JSON.stringify(sample.meta.profile)}`,
      categoryAndCode: `"category":${JSON.stringify(sample.category)},"code":${JSON.stringify(sample.code)}`,
    };
    FIXED.set(key, fixed);
  }
  return fixed;
}

/** An item's answer as the mapper writes it, per value. */
function valueOf(definition: InstrumentDefinition, ord: number, value: number): string {
  const key = `${definition.id}:${ord}:${value}`;
  let json = VALUES.get(key);
  if (json === undefined) {
    const part = observationParts(definition)[ord];
    const row = sampleRow(definition);
    if (part?.item) row.answers = { [part.item.id]: value };
    const sample: FhirObservation = toFhirObservation(row, ord);
    json = JSON.stringify(sample.valueCodeableConcept);
    VALUES.set(key, json);
  }
  return json;
}

function sampleRow(definition: InstrumentDefinition): AssessmentRow {
  return {
    id: '00000000-0000-4000-8000-000000000000',
    patient_id: '00000000-0000-4000-8000-000000000001',
    instrument: definition.id,
    administered_on: '2000-01-01',
    answers: {},
    total: null,
    complete: false,
    created_at: new Date(0),
  };
}
