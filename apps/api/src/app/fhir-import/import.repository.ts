import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { IsoDate } from '@huddle/shared-types';
import type { SqlFragment } from '../auth/access.service';
import { entryOrderCreatedAt } from './summary-refresh.sql';
import { createScoreStage, importStagedScores } from './import-score-stage.sql';

/** The clinic facts an import needs. */
export interface ImportClinic {
  timeZone: string;
  /** The clinic's MRN identifier system (`urn:huddle:clinic:<id>:mrn` when none is configured). */
  mrnSystem: string;
  acceptMrIdentifiers: boolean;
}

/** A registry patient an import matched. */
export interface ImportPatientRow {
  id: string;
  mrn: string;
  birthDate: IsoDate;
  /** Whether the caller may see (and so add to) the patient. */
  inScope: boolean;
}

export interface NewPatientRow {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: IsoDate;
  gender: string | null;
  deceasedOn: IsoDate | null;
  /** Referral date of the referred episode created with the patient. */
  referredOn: IsoDate;
}

export interface AssessmentRow {
  id: string;
  /** Entry order in the file or Bundle (`created_at`, summary-refresh.sql.ts `entryOrderCreatedAt`). */
  ord: number;
  patientId: string;
  instrument: string;
  administeredOn: IsoDate;
  answers: Record<string, number | null>;
  total: number | null;
  severity: string | null;
  positiveScreen: boolean | null;
  complete: boolean;
  safetyRisk: boolean;
  /** Import key written with the score (its idempotency key) and the key's resource type; null: none. */
  key: string | null;
  keyType: 'QuestionnaireResponse' | 'Observation' | null;
}

export interface ClinicalEventRow {
  id: string;
  patientId: string;
  kind: string;
  codeSystem: string;
  code: string;
  startsOn: IsoDate | null;
  endsOn: IsoDate | null;
  status: string | null;
  valueCode: string | null;
  valueNumber: number | null;
}

/**
 * SQL of imports (FHIR Bundles and CSV files): set-based statements over arrays, one per step, so a
 * Bundle of thousands of resources costs a handful of round trips.
 */
@Injectable()
export class ImportRepository {
  async clinic(em: EntityManager, clinicId: string): Promise<ImportClinic> {
    const rows: Array<{ timezone: string; mrn_system: string | null; accept_mr_identifiers: boolean }> = await em.query(
      `SELECT timezone, mrn_system, accept_mr_identifiers FROM clinic WHERE id = $1`,
      [clinicId],
    );
    const row = rows[0];
    if (!row) throw new Error('clinic of the caller not found');
    return {
      timeZone: row.timezone,
      mrnSystem: row.mrn_system ?? `urn:huddle:clinic:${clinicId}:mrn`,
      acceptMrIdentifiers: row.accept_mr_identifiers,
    };
  }

  /** Patients of the clinic by MRN or id, each with whether `scope` (parameters from `$4`) admits them. */
  async findPatients(
    em: EntityManager,
    clinicId: string,
    mrns: readonly string[],
    ids: readonly string[],
    scope: SqlFragment,
  ): Promise<ImportPatientRow[]> {
    if (mrns.length === 0 && ids.length === 0) return [];
    const rows: Array<{ id: string; mrn: string; birth_date: IsoDate; in_scope: boolean }> = await em.query(
      `SELECT p.id, p.mrn, p.birth_date::text AS birth_date, (${scope.sql}) AS in_scope
       FROM patient p
       WHERE p.clinic_id = $1 AND (p.mrn = ANY($2::text[]) OR p.id = ANY($3::uuid[]))`,
      [clinicId, mrns, ids, ...scope.params],
    );
    return rows.map((r) => ({ id: r.id, mrn: r.mrn, birthDate: r.birth_date, inScope: r.in_scope }));
  }

  /** New patients, each with a referred episode on `careManagerId`'s caseload (null: unassigned). */
  async insertPatients(
    em: EntityManager,
    clinicId: string,
    careManagerId: string | null,
    rows: readonly NewPatientRow[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await em.query(
      `INSERT INTO patient (id, clinic_id, mrn, given_name, family_name, birth_date, gender, deceased_on)
       SELECT x.id, $1, x.mrn, x.given_name, x.family_name, x.birth_date, x.gender, x.deceased_on
       FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, mrn text, given_name text, family_name text,
         birth_date date, gender text, deceased_on date)`,
      [
        clinicId,
        JSON.stringify(
          rows.map((r) => ({
            id: r.id,
            mrn: r.mrn,
            given_name: r.givenName,
            family_name: r.familyName,
            birth_date: r.birthDate,
            gender: r.gender,
            deceased_on: r.deceasedOn,
          })),
        ),
      ],
    );
    await em.query(
      `INSERT INTO episode (id, clinic_id, patient_id, status, referred_on, care_manager_id)
       SELECT huddle_time_ordered_uuid(), $1, x.patient_id, 'referred', x.referred_on, $2
       FROM jsonb_to_recordset($3::jsonb) AS x(patient_id uuid, referred_on date)`,
      [clinicId, careManagerId, JSON.stringify(rows.map((r) => ({ patient_id: r.id, referred_on: r.referredOn })))],
    );
  }

  /** Fills a matched patient's gender and date of death where the registry has none. */
  async completePatients(
    em: EntityManager,
    rows: ReadonlyArray<{ id: string; gender: string | null; deceasedOn: IsoDate | null }>,
  ): Promise<void> {
    const useful = rows.filter((r) => r.gender !== null || r.deceasedOn !== null);
    if (useful.length === 0) return;
    await em.query(
      `UPDATE patient p SET gender = COALESCE(p.gender, x.gender), deceased_on = COALESCE(p.deceased_on, x.deceased_on)
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, gender text, deceased_on date)
       WHERE p.id = x.id AND ((p.gender IS NULL AND x.gender IS NOT NULL) OR (p.deceased_on IS NULL AND x.deceased_on IS NOT NULL))`,
      [JSON.stringify(useful.map((r) => ({ id: r.id, gender: r.gender, deceased_on: r.deceasedOn })))],
    );
  }

  /** The import keys of the clinic already loaded, key → target id. */
  async existingKeys(em: EntityManager, clinicId: string, keys: readonly string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const rows: Array<{ key: string; target_id: string }> = await em.query(
      `SELECT key, target_id FROM import_key WHERE clinic_id = $1 AND key = ANY($2::text[])`,
      [clinicId, keys],
    );
    return new Map(rows.map((r) => [r.key, r.target_id]));
  }

  async insertKeys(
    em: EntityManager,
    clinicId: string,
    rows: ReadonlyArray<{ key: string; resourceType: string; targetId: string }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    await em.query(
      `INSERT INTO import_key (clinic_id, key, resource_type, target_id)
       SELECT $1, x.key, x.resource_type, x.target_id
       FROM jsonb_to_recordset($2::jsonb) AS x(key text, resource_type text, target_id uuid)
       ON CONFLICT DO NOTHING`,
      [
        clinicId,
        JSON.stringify(rows.map((r) => ({ key: r.key, resource_type: r.resourceType, target_id: r.targetId }))),
      ],
    );
  }

  /**
   * Imported scores (`source = 'import'`), each on its patient's open episode if any — the same
   * columns a typed score stores, so the episode summary trigger and the flags treat them alike —
   * with their import keys, written by the same call (migration 1764000039000).
   * Summaries must be suspended (`huddle_import_scores` refuses otherwise) and refreshed after.
   */
  async insertAssessments(
    em: EntityManager,
    clinicId: string,
    enteredBy: string,
    rows: readonly AssessmentRow[],
  ): Promise<void> {
    if (rows.length === 0) return;
    // The bulk path (import-score-stage.sql.ts): staged, then inserted after one set-based patient check.
    await createScoreStage(em);
    await em.query(
      `INSERT INTO import_score_stage (id, patient_id, instrument, administered_on, answers, total, severity,
         positive_screen, complete, safety_risk, created_at, key, key_type)
       SELECT x.id, x.patient_id, x.instrument, x.administered_on, x.answers, x.total, x.severity, x.positive_screen,
         x.complete, x.safety_risk, ${entryOrderCreatedAt('x.ord')}, x.key, x.key_type
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, ord int, patient_id uuid, instrument text, administered_on date,
         answers jsonb, total smallint, severity text, positive_screen boolean, complete boolean, safety_risk boolean,
         key text, key_type text)`,
      [
        JSON.stringify(
          rows.map((r) => ({
            id: r.id,
            ord: r.ord,
            patient_id: r.patientId,
            instrument: r.instrument,
            administered_on: r.administeredOn,
            answers: r.answers,
            total: r.total,
            severity: r.severity,
            positive_screen: r.positiveScreen,
            complete: r.complete,
            safety_risk: r.safetyRisk,
            key: r.key,
            key_type: r.keyType,
          })),
        ),
      ],
    );
    const inserted = await importStagedScores(em, clinicId, enteredBy, null);
    if (inserted !== rows.length) throw new Error('FHIR import: staged and inserted scores differ');
  }

  async insertClinicalEvents(em: EntityManager, clinicId: string, rows: readonly ClinicalEventRow[]): Promise<void> {
    if (rows.length === 0) return;
    await em.query(
      `INSERT INTO patient_clinical_event (id, clinic_id, patient_id, kind, code_system, code, starts_on, ends_on, status,
         value_code, value_number)
       SELECT x.id, $1, x.patient_id, x.kind, x.code_system, x.code, x.starts_on, x.ends_on, x.status, x.value_code,
         x.value_number
       FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, patient_id uuid, kind text, code_system text, code text,
         starts_on date, ends_on date, status text, value_code text, value_number numeric)`,
      [
        clinicId,
        JSON.stringify(
          rows.map((r) => ({
            id: r.id,
            patient_id: r.patientId,
            kind: r.kind,
            code_system: r.codeSystem,
            code: r.code,
            starts_on: r.startsOn,
            ends_on: r.endsOn,
            status: r.status,
            value_code: r.valueCode,
            value_number: r.valueNumber,
          })),
        ),
      ],
    );
  }
}
