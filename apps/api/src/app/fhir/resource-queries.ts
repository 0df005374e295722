import { getInstrument, INSTRUMENTS } from '@huddle/scoring';
import type { EpisodeStatus, InstrumentId } from '@huddle/shared-types';
import { invalidParameter } from './fhir-errors';
import type { AssessmentRow } from './mapping/assessment-row';
import { toFhirCarePlan, type CarePlanRow } from './mapping/care-plan.mapper';
import { parseConditionId, toFhirCondition, type ConditionRow } from './mapping/condition.mapper';
import { EPISODE_STATUS_TO_FHIR, toFhirEpisodeOfCare, type EpisodeRow } from './mapping/episode-of-care.mapper';
import { ICD10_CM, LOINC, type FhirResource } from './mapping/fhir-resource';
import { clinicOfMrnSystem } from './mapping/identifiers';
import {
  hasPart,
  observationPartParams,
  observationParts,
  parseObservationId,
  toFhirObservation,
} from './mapping/observation.mapper';
import { observationNdjson } from './mapping/observation.ndjson';
import { toFhirPatient, type PatientRow } from './mapping/patient.mapper';
import { instrumentOfQuestionnaire } from './mapping/questionnaire.mapper';
import { toFhirQuestionnaireResponse } from './mapping/questionnaire-response.mapper';
import { parseDate, parseIds, parsePatient, parseTokens, type DateCriterion } from './search-params';
import type { SqlBuilder } from './sql-builder';

/**
 * The SQL behind each patient-scoped FHIR resource type: its FROM clause (the patient row aliased
 * `p`, so AccessService's scope applies), columns, keyset (the sort and paging key), last-updated
 * column and search parameters. Searches, reads and bulk export all run these; the filtering, paging
 * and counting happen in PostgreSQL (fhir.repository.ts).
 */
export interface ResourceQuery {
  type: PatientScopedType;
  /** The FROM clause; may add parameters (Observation's instrument parts). */
  from(b: SqlBuilder): string;
  columns: string;
  /** Keyset: expressions and their casts, in sort order. */
  key: ReadonlyArray<{ expr: string; cast: string }>;
  lastUpdated: string;
  /** Adds the condition of `_id` = `id`; false when the id cannot be one of this type. */
  byId(b: SqlBuilder, id: string): boolean;
  /** Search parameters beyond `_id`, `_lastUpdated`, `_count`: name → adds the condition of one value. */
  params: Readonly<Record<string, (b: SqlBuilder, raw: string) => void>>;
  /** The resource of one selected row. */
  toResource(row: Record<string, unknown>): FhirResource;
  /** `JSON.stringify(toResource(row))` written directly, where a type has a faster way (bulk export). */
  toNdjson?(row: Record<string, unknown>): string;
  /** The patient a row belongs to (audit). */
  patientOf(row: Record<string, unknown>): string;
  /** What bulk export streams instead of the rows above, where one row holds several resources. */
  bulk?: BulkSource;
}

/** The rows bulk export reads for a type (FROM, columns, keyset) and the NDJSON lines of each. */
export interface BulkSource {
  from(b: SqlBuilder): string;
  columns: string;
  key: ReadonlyArray<{ expr: string; cast: string }>;
  lines(row: Record<string, unknown>): string[];
}

/** A type's bulk export source: its `bulk` one, else its own rows, one resource (line) each. */
export function bulkSource(query: ResourceQuery): BulkSource {
  return (
    query.bulk ?? {
      from: (b) => query.from(b),
      columns: query.columns,
      key: query.key,
      lines: (row) => [query.toNdjson ? query.toNdjson(row) : JSON.stringify(query.toResource(row))],
    }
  );
}

export const PATIENT_SCOPED_TYPES = [
  'Patient',
  'EpisodeOfCare',
  'Condition',
  'QuestionnaireResponse',
  'Observation',
  'CarePlan',
] as const;
export type PatientScopedType = (typeof PATIENT_SCOPED_TYPES)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * FHIR date search semantics over a period [start, end] of date columns (end NULL = still open):
 * the resource's range against the parameter's range (https://hl7.org/fhir/R4/search.html#prefix).
 */
export function dateCondition(b: SqlBuilder, c: DateCriterion, start: string, end: string = start): string {
  const last = end === start ? start : `COALESCE(${end}, 'infinity'::date)`;
  // Placeholders only for the bounds a prefix uses (an unused parameter has no type in PostgreSQL).
  const from = (): string => b.p(c.start, 'date');
  const to = (): string => b.p(c.end, 'date');
  switch (c.prefix) {
    case 'eq':
      return `(${start} >= ${from()} AND ${last} <= ${to()})`;
    case 'ne':
      return `NOT (${start} >= ${from()} AND ${last} <= ${to()})`;
    case 'ge':
      return `${last} >= ${from()}`;
    case 'gt':
      return `${last} > ${to()}`;
    case 'le':
      return `${start} <= ${to()}`;
    case 'lt':
      return `${start} < ${from()}`;
  }
}

/** `_lastUpdated` over a timestamptz column: an instant compared as such, a date in the clinic's calendar. */
export function lastUpdatedCondition(b: SqlBuilder, c: DateCriterion, column: string): string {
  if (c.instant === undefined) return dateCondition(b, c, `clinic_local_date(p.clinic_id, ${column})`);
  const at = b.p(c.instant, 'timestamptz');
  const ops: Record<DateCriterion['prefix'], string> = {
    eq: `date_trunc('milliseconds', ${column}) = ${at}`,
    ne: `date_trunc('milliseconds', ${column}) <> ${at}`,
    ge: `${column} >= ${at}`,
    gt: `${column} > ${at}`,
    le: `${column} <= ${at}`,
    lt: `${column} < ${at}`,
  };
  return ops[c.prefix];
}

function patientParam(column: string) {
  return (b: SqlBuilder, raw: string): void => {
    b.where(`${column} = ANY(${b.p(parsePatient(raw), 'uuid[]')})`);
  };
}

function uuidIds(b: SqlBuilder, column: string, raw: string): void {
  const ids = parseIds(raw)
    .filter((id) => UUID.test(id))
    .map((id) => id.toLowerCase());
  b.where(`${column} = ANY(${b.p(ids, 'uuid[]')})`);
}

/** Codes of token values whose system is `system` or unstated; others match nothing. */
function codesOf(raw: string, name: string, system: string): string[] {
  return parseTokens(raw, name)
    .filter((token) => token.system === null || token.system === system)
    .map((token) => token.code);
}

const PATIENT_COLUMNS = `p.id, p.clinic_id, p.mrn, p.given_name, p.family_name, p.birth_date::text AS birth_date,
  p.preferred_language, p.updated_at`;

const patientQuery: ResourceQuery = {
  type: 'Patient',
  from: () => 'patient p',
  columns: PATIENT_COLUMNS,
  key: [{ expr: 'p.id', cast: 'uuid' }],
  lastUpdated: 'p.updated_at',
  byId(b, id) {
    if (!UUID.test(id)) return false;
    b.where(`p.id = ${b.p(id.toLowerCase(), 'uuid')}`);
    return true;
  },
  params: {
    _id: (b, raw) => uuidIds(b, 'p.id', raw),
    identifier: (b, raw) => {
      const tokens = parseTokens(raw, 'identifier');
      const or = tokens.map((token) => {
        const clinic = token.system === null ? null : clinicOfMrnSystem(token.system);
        if (token.system !== null && clinic === null) return 'FALSE';
        return `(p.mrn = ${b.p(token.code)}${clinic ? ` AND p.clinic_id = ${b.p(clinic, 'uuid')}` : ''})`;
      });
      b.where(or.join(' OR '));
    },
    birthdate: (b, raw) => b.where(dateCondition(b, parseDate(raw, 'birthdate'), 'p.birth_date')),
  },
  toResource: (row) => toFhirPatient(row as unknown as PatientRow),
  patientOf: (row) => row['id'] as string,
};

/** FHIR EpisodeOfCare statuses → Huddle's episode statuses. */
function episodeStatuses(raw: string): EpisodeStatus[] {
  const wanted = parseTokens(raw, 'status').map((t) => t.code);
  const known = new Set(['planned', 'waitlist', 'active', 'onhold', 'finished', 'cancelled', 'entered-in-error']);
  const unknown = wanted.find((code) => !known.has(code));
  if (unknown) throw invalidParameter('status', `${unknown} is not an EpisodeOfCare status`);
  return (Object.keys(EPISODE_STATUS_TO_FHIR) as EpisodeStatus[]).filter((s) =>
    wanted.includes(EPISODE_STATUS_TO_FHIR[s]),
  );
}

const episodeQuery: ResourceQuery = {
  type: 'EpisodeOfCare',
  from: () => 'episode e JOIN patient p ON p.id = e.patient_id',
  columns: `e.id, e.patient_id, e.status, e.referred_on::text AS referred_on, e.enrolled_on::text AS enrolled_on,
    e.discharged_on::text AS discharged_on, e.diagnoses, e.updated_at`,
  key: [{ expr: 'e.id', cast: 'uuid' }],
  lastUpdated: 'e.updated_at',
  byId(b, id) {
    if (!UUID.test(id)) return false;
    b.where(`e.id = ${b.p(id.toLowerCase(), 'uuid')}`);
    return true;
  },
  params: {
    _id: (b, raw) => uuidIds(b, 'e.id', raw),
    patient: patientParam('e.patient_id'),
    status: (b, raw) => b.where(`e.status = ANY(${b.p(episodeStatuses(raw), 'text[]')})`),
    date: (b, raw) => b.where(dateCondition(b, parseDate(raw, 'date'), 'e.referred_on', 'e.discharged_on')),
  },
  toResource: (row) => toFhirEpisodeOfCare(row as unknown as EpisodeRow),
  patientOf: (row) => row['patient_id'] as string,
};

const conditionQuery: ResourceQuery = {
  type: 'Condition',
  from: () => 'episode e JOIN patient p ON p.id = e.patient_id CROSS JOIN LATERAL unnest(e.diagnoses) AS d(code)',
  columns: `e.id AS episode_id, e.patient_id, d.code, e.status AS episode_status, e.referred_on::text AS referred_on,
    e.updated_at`,
  key: [
    { expr: 'e.id', cast: 'uuid' },
    { expr: 'd.code', cast: 'text' },
  ],
  lastUpdated: 'e.updated_at',
  byId(b, id) {
    const parsed = parseConditionId(id);
    if (!parsed) return false;
    b.where(`e.id = ${b.p(parsed.episodeId, 'uuid')} AND d.code = ${b.p(parsed.code)}`);
    return true;
  },
  params: {
    _id: (b, raw) => {
      const ids = parseIds(raw).map(parseConditionId);
      const or = ids.map((id) => (id ? `(e.id = ${b.p(id.episodeId, 'uuid')} AND d.code = ${b.p(id.code)})` : 'FALSE'));
      b.where(or.join(' OR '));
    },
    patient: patientParam('e.patient_id'),
    code: (b, raw) => b.where(`d.code = ANY(${b.p(codesOf(raw, 'code', ICD10_CM), 'text[]')})`),
    'clinical-status': (b, raw) => {
      const codes = parseTokens(raw, 'clinical-status').map((t) => t.code);
      const open = codes.includes('active');
      const closed = codes.includes('inactive');
      b.where(
        open && closed ? 'TRUE' : open ? `e.status <> 'discharged'` : closed ? `e.status = 'discharged'` : 'FALSE',
      );
    },
  },
  toResource: (row) => toFhirCondition(row as unknown as ConditionRow),
  patientOf: (row) => row['patient_id'] as string,
};

const ASSESSMENT_COLUMNS = `a.id, a.patient_id, a.instrument, a.administered_on::text AS administered_on, a.answers, a.total,
  a.complete, a.created_at`;

/** Instruments a `questionnaire=` value names (canonical URL or Questionnaire/<id>). */
function instrumentsOf(raw: string): InstrumentId[] {
  return raw.split(',').flatMap((value) => {
    const id = value
      .replace(/^urn:huddle:questionnaire:/, '')
      .replace(/^Questionnaire\//, '')
      .replace(/\|.*$/, '');
    const instrument = instrumentOfQuestionnaire(id);
    return instrument ? [instrument] : [];
  });
}

const questionnaireResponseQuery: ResourceQuery = {
  type: 'QuestionnaireResponse',
  from: () => 'assessment a JOIN patient p ON p.id = a.patient_id',
  columns: ASSESSMENT_COLUMNS,
  key: [{ expr: 'a.id', cast: 'uuid' }],
  lastUpdated: 'a.created_at',
  byId(b, id) {
    if (!UUID.test(id)) return false;
    b.where(`a.id = ${b.p(id.toLowerCase(), 'uuid')}`);
    return true;
  },
  params: {
    _id: (b, raw) => uuidIds(b, 'a.id', raw),
    patient: patientParam('a.patient_id'),
    subject: (b, raw) => patientParam('a.patient_id')(b, raw),
    authored: (b, raw) => b.where(dateCondition(b, parseDate(raw, 'authored'), 'a.administered_on')),
    questionnaire: (b, raw) => b.where(`a.instrument = ANY(${b.p(instrumentsOf(raw), 'text[]')})`),
    status: (b, raw) => {
      const codes = parseTokens(raw, 'status').map((t) => t.code);
      const complete = codes.includes('completed');
      const partial = codes.includes('in-progress');
      b.where(complete && partial ? 'TRUE' : complete ? 'a.complete' : partial ? 'NOT a.complete' : 'FALSE');
    },
  },
  toResource: (row) => toFhirQuestionnaireResponse(row as unknown as AssessmentRow),
  patientOf: (row) => row['patient_id'] as string,
};

const INSTRUMENT_IDS = Object.keys(INSTRUMENTS) as InstrumentId[];

const observationQuery: ResourceQuery = {
  type: 'Observation',
  // One row per Observation: the assessment joined to its instrument's parts (libs/scoring, as
  // parameters), the total only when scored and an item only when answered.
  from(b) {
    const parts = observationPartParams(INSTRUMENT_IDS);
    return `assessment a JOIN patient p ON p.id = a.patient_id
      CROSS JOIN LATERAL (
        SELECT m.ord, m.code FROM unnest(${b.p(parts.instrument, 'text[]')}, ${b.p(parts.ord, 'int[]')},
          ${b.p(parts.code, 'text[]')}, ${b.p(parts.item, 'text[]')}) AS m(instrument, ord, code, item)
        WHERE m.instrument = a.instrument
          AND (m.item IS NULL OR (m.item = '' AND a.total IS NOT NULL) OR (m.item <> '' AND a.answers ->> m.item IS NOT NULL))
      ) m`;
  },
  columns: `${ASSESSMENT_COLUMNS}, m.ord`,
  key: [
    { expr: 'a.id', cast: 'uuid' },
    { expr: 'm.ord', cast: 'int' },
  ],
  lastUpdated: 'a.created_at',
  byId(b, id) {
    const parsed = parseObservationId(id);
    if (!parsed) return false;
    b.where(`a.id = ${b.p(parsed.assessmentId, 'uuid')} AND m.ord = ${b.p(parsed.ord, 'int')}`);
    return true;
  },
  params: {
    _id: (b, raw) => {
      const ids = parseIds(raw).map(parseObservationId);
      const or = ids.map((id) =>
        id ? `(a.id = ${b.p(id.assessmentId, 'uuid')} AND m.ord = ${b.p(id.ord, 'int')})` : 'FALSE',
      );
      b.where(or.join(' OR '));
    },
    patient: patientParam('a.patient_id'),
    subject: (b, raw) => patientParam('a.patient_id')(b, raw),
    code: (b, raw) => b.where(`m.code = ANY(${b.p(codesOf(raw, 'code', LOINC), 'text[]')})`),
    date: (b, raw) => b.where(dateCondition(b, parseDate(raw, 'date'), 'a.administered_on')),
    category: (b, raw) => {
      const codes = parseTokens(raw, 'category').map((t) => t.code);
      b.where(codes.includes('survey') ? 'TRUE' : 'FALSE');
    },
  },
  toResource: (row) => toFhirObservation(row as unknown as AssessmentRow, row['ord'] as number),
  toNdjson: (row) => observationNdjson(row as unknown as AssessmentRow, row['ord'] as number),
  patientOf: (row) => row['patient_id'] as string,
  // Bulk export: one row per assessment (a tenth of the rows, each parsed once), its Observations written
  // in the keyset's order (a.id, then part order) for the parts the FROM above keeps (`hasPart`, the same
  // test; fhir-bulk-export.spec.ts compares both).
  bulk: {
    from: (b) =>
      `assessment a JOIN patient p ON p.id = a.patient_id AND a.instrument = ANY(${b.p(INSTRUMENT_IDS, 'text[]')})`,
    columns: ASSESSMENT_COLUMNS,
    key: [{ expr: 'a.id', cast: 'uuid' }],
    lines: (row) => {
      const assessment = row as unknown as AssessmentRow;
      return observationParts(getInstrument(assessment.instrument))
        .filter((part) => hasPart(assessment, part))
        .map((part) => observationNdjson(assessment, part.ord));
    },
  },
};

const carePlanQuery: ResourceQuery = {
  type: 'CarePlan',
  from: () =>
    'relapse_prevention_plan rp JOIN episode e ON e.id = rp.episode_id JOIN patient p ON p.id = rp.patient_id',
  columns: `rp.episode_id, rp.patient_id, rp.warning_signs, rp.coping_strategies, rp.supports, rp.maintenance_treatment,
    rp.maintenance_duration, rp.monitoring_plan, rp.if_symptoms_return, e.status AS episode_status,
    COALESCE(e.relapse_prevention_on, clinic_local_date(rp.clinic_id, rp.created_at))::text AS relapse_prevention_on,
    e.discharged_on::text AS discharged_on, e.diagnoses,
    rp.created_at, rp.updated_at`,
  key: [{ expr: 'rp.episode_id', cast: 'uuid' }],
  lastUpdated: 'rp.updated_at',
  byId(b, id) {
    if (!UUID.test(id)) return false;
    b.where(`rp.episode_id = ${b.p(id.toLowerCase(), 'uuid')}`);
    return true;
  },
  params: {
    _id: (b, raw) => uuidIds(b, 'rp.episode_id', raw),
    patient: patientParam('rp.patient_id'),
    subject: (b, raw) => patientParam('rp.patient_id')(b, raw),
    status: (b, raw) => {
      const codes = parseTokens(raw, 'status').map((t) => t.code);
      const active = codes.includes('active');
      const completed = codes.includes('completed');
      b.where(
        active && completed
          ? 'TRUE'
          : active
            ? `e.status <> 'discharged'`
            : completed
              ? `e.status = 'discharged'`
              : 'FALSE',
      );
    },
    date: (b, raw) =>
      b.where(
        dateCondition(
          b,
          parseDate(raw, 'date'),
          'COALESCE(e.relapse_prevention_on, clinic_local_date(rp.clinic_id, rp.created_at))',
          'e.discharged_on',
        ),
      ),
  },
  toResource: (row) => toFhirCarePlan(row as unknown as CarePlanRow),
  patientOf: (row) => row['patient_id'] as string,
};

export const RESOURCE_QUERIES: Readonly<Record<PatientScopedType, ResourceQuery>> = {
  Patient: patientQuery,
  EpisodeOfCare: episodeQuery,
  Condition: conditionQuery,
  QuestionnaireResponse: questionnaireResponseQuery,
  Observation: observationQuery,
  CarePlan: carePlanQuery,
};
