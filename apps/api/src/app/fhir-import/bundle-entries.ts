import { ScoringValidationError, UTILIZATION_RULES, utilizationKindOfClass } from '@huddle/scoring';
import type { IsoDate } from '@huddle/shared-types';
import {
  arrayOf,
  clinicDateOf,
  firstCoding,
  ImportProblem,
  isObject,
  optionalClinicDate,
  stringOf,
  type FhirJson,
} from './fhir-values';
import type { ImportClinic } from './import.repository';
import { instrumentForCodes, INSTRUMENT_CODES } from './instrument-codes';
import { readSocialNeedsResponse, type SocialNeedsCandidate } from './social-needs-response';
import {
  readObservation,
  readQuestionnaireResponse,
  scoreFromObservations,
  type ObservationFact,
  type ScoreCandidate,
} from './score-reader';

const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const GENDERS = new Set(['male', 'female', 'other', 'unknown']);

/** Who a resource is about: a Patient entry of the Bundle, an MRN, or a registry patient id. */
export type SubjectRef = { kind: 'entry'; index: number } | { kind: 'mrn'; mrn: string } | { kind: 'id'; id: string };

export interface PatientInput {
  index: number;
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: IsoDate;
  gender: string | null;
  deceasedOn: IsoDate | null;
}

export type ClinicalEventKind = 'condition' | 'encounter' | 'procedure' | 'service_request' | 'observation';

export interface EventInput {
  index: number;
  subject: SubjectRef;
  kind: ClinicalEventKind;
  codeSystem: string;
  code: string;
  startsOn: IsoDate | null;
  endsOn: IsoDate | null;
  status: string | null;
  valueCode: string | null;
  valueNumber: number | null;
  /** The sender's resource id: two records of the same code and day stay two. */
  resourceId: string | null;
  identifierKey: string | null;
}

export interface ScoreInput {
  /** Entries the administration was read from (one QuestionnaireResponse, or grouped Observations). */
  indexes: number[];
  path: string;
  resourceType: 'QuestionnaireResponse' | 'Observation';
  subject: SubjectRef;
  candidate: ScoreCandidate;
  identifierKey: string | null;
}

/** A social-needs screen (issue #17): a Hunger Vital Sign / PRAPARE QuestionnaireResponse. */
export interface SocialNeedsInput {
  index: number;
  subject: SubjectRef;
  candidate: SocialNeedsCandidate;
  identifierKey: string | null;
}

/** A Bundle's entries read into import inputs; `problems` holds the entries refused while reading. */
export interface ReadBundle {
  type: 'batch' | 'transaction';
  count: number;
  patients: PatientInput[];
  scores: ScoreInput[];
  events: EventInput[];
  socialNeeds: SocialNeedsInput[];
  problems: Map<number, ImportProblem>;
  resourceTypes: Map<number, string>;
}

const EVENT_KINDS: Record<string, ClinicalEventKind> = {
  Condition: 'condition',
  Encounter: 'encounter',
  Procedure: 'procedure',
  ServiceRequest: 'service_request',
};

/** Reads a batch or transaction Bundle. A Bundle that is not one is an {@link ImportProblem}. */
export function readBundle(body: unknown, clinic: ImportClinic): ReadBundle {
  if (!isObject(body) || body['resourceType'] !== 'Bundle') {
    throw new ImportProblem('Bundle', 'The body must be a FHIR Bundle (resourceType "Bundle")');
  }
  const type = body['type'];
  if (type !== 'batch' && type !== 'transaction') {
    throw new ImportProblem('Bundle.type', 'Bundle.type must be "batch" or "transaction"');
  }
  if (body['entry'] !== undefined && !Array.isArray(body['entry'])) {
    throw new ImportProblem('Bundle.entry', 'Bundle.entry must be an array');
  }
  const entries = arrayOf(body['entry']);
  const read: ReadBundle = {
    type,
    count: entries.length,
    patients: [],
    scores: [],
    events: [],
    socialNeeds: [],
    problems: new Map(),
    resourceTypes: new Map(),
  };
  const localRefs = patientReferences(entries);
  const observations: Array<{ fact: ObservationFact; subject: SubjectRef; identifier: string | null }> = [];
  entries.forEach((entry, index) => {
    const path = `Bundle.entry[${index}].resource`;
    try {
      const resource = isObject(entry) ? entry['resource'] : undefined;
      if (!isObject(resource)) throw new ImportProblem(path, `${path} is missing`);
      const resourceType = stringOf(resource['resourceType']) ?? '(none)';
      read.resourceTypes.set(index, resourceType);
      const subject = (): SubjectRef =>
        subjectOf(resource['subject'] ?? resource['patient'], localRefs, clinic, `${path}.subject`);
      if (resourceType === 'Patient') {
        read.patients.push(readPatient(resource, clinic, path, index));
      } else if (resourceType === 'QuestionnaireResponse') {
        const screen = readSocialNeedsResponse(resource, clinic.timeZone, path);
        if (screen) {
          const identifier = identifierKey(resourceType, resource['identifier']);
          read.socialNeeds.push({ index, subject: subject(), candidate: screen, identifierKey: identifier });
          return;
        }
        read.scores.push({
          indexes: [index],
          path,
          resourceType,
          subject: subject(),
          candidate: readQuestionnaireResponse(resource, clinic.timeZone, path),
          identifierKey: identifierKey(resourceType, resource['identifier']),
        });
      } else if (resourceType === 'Observation') {
        const fact = readObservation(resource, clinic.timeZone, path, index);
        if (!fact) {
          // Not an instrument score (e.g. a hospice assessment): kept as a coded observation.
          read.events.push(readEvent(resource, 'observation', subject(), clinic, path, index));
          return;
        }
        observations.push({
          fact,
          subject: subject(),
          identifier: identifierKey(resourceType, resource['identifier']),
        });
      } else if (EVENT_KINDS[resourceType]) {
        read.events.push(readEvent(resource, EVENT_KINDS[resourceType], subject(), clinic, path, index));
      } else {
        throw new ImportProblem(
          `${path}.resourceType`,
          `${resourceType} is not imported (Patient, QuestionnaireResponse, Observation, Condition, Encounter, Procedure, ServiceRequest)`,
        );
      }
    } catch (error) {
      if (error instanceof ScoringValidationError) {
        read.problems.set(index, new ImportProblem(path, `${path}: ${error.message}`));
        return;
      }
      if (!(error instanceof ImportProblem)) throw error;
      read.problems.set(index, error);
    }
  });
  read.scores.push(...groupObservations(observations, read.problems));
  return read;
}

/** Patient entries by every way a reference can name them: fullUrl, `Patient/<id>`. */
function patientReferences(entries: unknown[]): Map<string, number> {
  const refs = new Map<string, number>();
  entries.forEach((entry, index) => {
    if (!isObject(entry) || !isObject(entry['resource']) || entry['resource']['resourceType'] !== 'Patient') return;
    const fullUrl = stringOf(entry['fullUrl']);
    const id = stringOf(entry['resource']['id']);
    if (fullUrl) refs.set(fullUrl, index);
    if (id) refs.set(`Patient/${id}`, index);
    if (fullUrl && /\/Patient\/[^/]+$/.test(fullUrl)) refs.set(fullUrl.slice(fullUrl.lastIndexOf('Patient/')), index);
  });
  return refs;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function subjectOf(value: unknown, localRefs: Map<string, number>, clinic: ImportClinic, path: string): SubjectRef {
  if (!isObject(value)) throw new ImportProblem(path, `${path} must reference the patient`);
  const reference = stringOf(value['reference']);
  if (reference) {
    const local = localRefs.get(reference) ?? localRefs.get(reference.slice(reference.lastIndexOf('Patient/')));
    if (local !== undefined) return { kind: 'entry', index: local };
    const conditional = /^Patient\?identifier=(.*)$/.exec(reference);
    if (conditional?.[1]) {
      const token = decodeURIComponent(conditional[1]);
      const bar = token.lastIndexOf('|');
      const system = bar < 0 ? null : token.slice(0, bar);
      const mrn = bar < 0 ? token : token.slice(bar + 1);
      if ((system === null || system === clinic.mrnSystem) && mrn) return { kind: 'mrn', mrn };
      throw new ImportProblem(`${path}.reference`, `${path}.reference: identifier system must be ${clinic.mrnSystem}`);
    }
    const id = /^Patient\/([^/]+)$/.exec(reference)?.[1];
    if (id && UUID.test(id)) return { kind: 'id', id: id.toLowerCase() };
    throw new ImportProblem(
      `${path}.reference`,
      `${path}.reference does not resolve to a Patient of this Bundle or the registry`,
      404,
    );
  }
  const mrn = mrnOf([value['identifier']], clinic);
  if (mrn) return { kind: 'mrn', mrn };
  throw new ImportProblem(path, `${path} must reference the patient`);
}

/**
 * The MRN among identifiers: one of the clinic's MRN system, else (when the clinic allows it) one
 * typed MR in HL7 v2 table 0203, whatever its system.
 */
export function mrnOf(identifiers: unknown[], clinic: ImportClinic): string | null {
  const all = identifiers.filter(isObject);
  const own = all.find((identifier) => identifier['system'] === clinic.mrnSystem && stringOf(identifier['value']));
  if (own) return String(own['value']);
  if (!clinic.acceptMrIdentifiers) return null;
  const typed = all.find(
    (identifier) =>
      stringOf(identifier['value']) &&
      isObject(identifier['type']) &&
      arrayOf(identifier['type']['coding']).some(
        (coding) => isObject(coding) && coding['system'] === V2_0203 && coding['code'] === 'MR',
      ),
  );
  return typed ? String(typed['value']) : null;
}

function readPatient(resource: FhirJson, clinic: ImportClinic, path: string, index: number): PatientInput {
  const mrn = mrnOf(arrayOf(resource['identifier']), clinic);
  if (!mrn) {
    throw new ImportProblem(
      `${path}.identifier`,
      `${path}.identifier has no MRN (system ${clinic.mrnSystem}${clinic.acceptMrIdentifiers ? ', or type MR' : ''})`,
    );
  }
  const name = arrayOf(resource['name']).find(isObject) ?? {};
  const givenName =
    arrayOf(name['given'])
      .filter((g): g is string => typeof g === 'string')
      .join(' ') || stringOf(name['text']);
  const familyName = stringOf(name['family']);
  if (!givenName || !familyName)
    throw new ImportProblem(`${path}.name`, `${path}.name needs a given and a family name`);
  if (resource['birthDate'] === undefined)
    throw new ImportProblem(`${path}.birthDate`, `${path}.birthDate is required`);
  const birthDate = clinicDateOf(resource['birthDate'], clinic.timeZone, `${path}.birthDate`);
  const gender = stringOf(resource['gender']) ?? null;
  if (gender !== null && !GENDERS.has(gender))
    throw new ImportProblem(`${path}.gender`, `${path}.gender is not a FHIR gender`);
  return {
    index,
    mrn,
    givenName,
    familyName,
    birthDate,
    gender,
    deceasedOn: optionalClinicDate(resource['deceasedDateTime'], clinic.timeZone, `${path}.deceasedDateTime`),
  };
}

function readEvent(
  resource: FhirJson,
  kind: ClinicalEventKind,
  subject: SubjectRef,
  clinic: ImportClinic,
  path: string,
  index: number,
): EventInput {
  const concept = kind === 'encounter' ? arrayOf(resource['type'])[0] : resource['code'];
  // Issue #17: an ED visit or inpatient stay (Encounter.class EMER / IMP) is a utilization event, kept by its class.
  const encounterClass = kind === 'encounter' ? firstCoding(resource['class']) : null;
  const coding =
    encounterClass && utilizationKindOfClass(encounterClass.code)
      ? { system: UTILIZATION_RULES.classSystem, code: encounterClass.code }
      : firstCoding(concept);
  if (!coding)
    throw new ImportProblem(
      `${path}.${kind === 'encounter' ? 'type' : 'code'}`,
      `${path}: a coded ${kind} is required`,
    );
  const period = isObject(resource['period'])
    ? resource['period']
    : isObject(resource['performedPeriod'])
      ? resource['performedPeriod']
      : isObject(resource['onsetPeriod'])
        ? resource['onsetPeriod']
        : isObject(resource['occurrencePeriod'])
          ? resource['occurrencePeriod']
          : {};
  const start =
    resource['onsetDateTime'] ??
    resource['performedDateTime'] ??
    resource['occurrenceDateTime'] ??
    period['start'] ??
    resource['recordedDate'] ??
    resource['authoredOn'];
  const start2 = kind === 'observation' ? (resource['effectiveDateTime'] ?? resource['issued']) : undefined;
  const end = resource['abatementDateTime'] ?? period['end'];
  const value = resource['valueCodeableConcept'] ?? resource['valueCoding'];
  const quantity = isObject(resource['valueQuantity']) ? resource['valueQuantity']['value'] : undefined;
  const number = resource['valueInteger'] ?? resource['valueDecimal'] ?? quantity;
  const status = firstCoding(resource['clinicalStatus'])?.code ?? stringOf(resource['status']) ?? null;
  return {
    index,
    subject,
    kind,
    codeSystem: coding.system,
    code: coding.code,
    startsOn: optionalClinicDate(start ?? start2, clinic.timeZone, `${path}.start`),
    endsOn: optionalClinicDate(end, clinic.timeZone, `${path}.end`),
    status,
    // Conditions carry no value: their verification status is kept there (CMS159 counts verified
    // diagnoses only); an encounter's is its discharge disposition (CMS159's hospice discharges).
    valueCode:
      kind === 'condition'
        ? (firstCoding(resource['verificationStatus'])?.code ?? null)
        : kind === 'encounter'
          ? (firstCoding(
              isObject(resource['hospitalization']) ? resource['hospitalization']['dischargeDisposition'] : undefined,
            )?.code ?? null)
          : value === undefined
            ? null
            : (firstCoding(value)?.code ?? null),
    valueNumber: typeof number === 'number' ? number : null,
    resourceId: stringOf(resource['id']) ?? null,
    identifierKey: identifierKey(kind, resource['identifier']),
  };
}

/** `<type>:<system>|<value>` of a resource's first full identifier, the strongest idempotency key. */
function identifierKey(type: string, identifiers: unknown): string | null {
  const found = arrayOf(identifiers).find((i) => isObject(i) && stringOf(i['system']) && stringOf(i['value']));
  return isObject(found) ? `${type}:${String(found['system'])}|${String(found['value'])}` : null;
}

function subjectKey(subject: SubjectRef): string {
  return subject.kind === 'entry' ? `e${subject.index}` : subject.kind === 'mrn' ? `m${subject.mrn}` : `i${subject.id}`;
}

/**
 * US Core splits one administration into Observations (panel, items, total) of the same patient
 * and time: grouped by patient, clinic day and instrument family, each group is one score.
 */
function groupObservations(
  observations: ReadonlyArray<{ fact: ObservationFact; subject: SubjectRef; identifier: string | null }>,
  problems: Map<number, ImportProblem>,
): ScoreInput[] {
  const groups = new Map<string, Array<{ fact: ObservationFact; subject: SubjectRef; identifier: string | null }>>();
  for (const observation of observations) {
    const key = `${subjectKey(observation.subject)}|${observation.fact.administeredOn}|${observation.fact.family}`;
    groups.set(key, [...(groups.get(key) ?? []), observation]);
  }
  return [...groups.values()].flatMap(administrationsOf).flatMap((group): ScoreInput[] => {
    const first = group[0];
    if (!first) return [];
    try {
      return [
        {
          indexes: group.map((o) => o.fact.entryIndex),
          path: first.fact.path,
          resourceType: 'Observation',
          subject: first.subject,
          candidate: scoreFromObservations(group.map((o) => o.fact)),
          identifierKey: group.length === 1 ? first.identifier : null,
        },
      ];
    } catch (error) {
      if (!(error instanceof ImportProblem)) throw error;
      for (const o of group) problems.set(o.fact.entryIndex, error);
      return [];
    }
  });
}

/**
 * One day's Observations of an instrument family that no single instrument explains — e.g. a PHQ-2 and
 * the PHQ-9 it led to, the same visit (clinical-reference.md §Instruments: PHQ-2 ≥ 3 → give the PHQ-9) —
 * are several administrations: split in Bundle order (US Core lists each panel, its items, its total
 * together), a new one starting at a panel code or where a code repeats or no instrument knows the codes
 * so far. A group one instrument explains is left whole, as before.
 */
function administrationsOf<T extends { fact: ObservationFact }>(group: T[]): T[][] {
  if (instrumentForCodes(group.map((o) => o.fact.code))) return [group];
  const parts: T[][] = [];
  let current: T[] = [];
  for (const observation of [...group].sort((x, y) => x.fact.entryIndex - y.fact.entryIndex)) {
    const code = observation.fact.code;
    const codes = current.map((o) => o.fact.code);
    const isPanel = INSTRUMENT_CODES.some((entry) => entry.roles.get(code)?.kind === 'panel');
    if (current.length > 0 && (isPanel || codes.includes(code) || !instrumentForCodes([...codes, code]))) {
      parts.push(current);
      current = [];
    }
    current.push(observation);
  }
  if (current.length > 0) parts.push(current);
  return parts;
}
