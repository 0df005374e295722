import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { chronicConditionsOf, COHORT_OUTCOME_RULES } from '@huddle/scoring';
import type { IsoDate, ProblemView, VitalsView } from '@huddle/shared-types';
import { firstRow } from '../registry-sql/sql-params';

/** Code systems and LOINC codes of the problem list and the values shown beside it. */
export const PROBLEM_CODES = Object.freeze({
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  loinc: 'http://loinc.org',
  hba1c: '4548-4',
  systolic: '8480-6',
  diastolic: '8462-4',
});

interface ProblemRow {
  id: string;
  patientId: string;
  code: string;
  text: string | null;
  onsetOn: IsoDate | null;
  active: boolean;
  resolvedOn: IsoDate | null;
  source: string;
  version: number;
}

export interface LockedProblem {
  id: string;
  patientId: string;
  active: boolean;
  onsetOn: IsoDate | null;
  version: number;
}

/**
 * The problem list (ICD-10-CM conditions) and HbA1c / blood-pressure values, kept in
 * `patient_clinical_event` beside imported diagnoses and observations (`source = 'manual'` when
 * entered here). A condition is active when its status is one of the library's active statuses.
 */
@Injectable()
export class ProblemListRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private select(where: string): string {
    return `SELECT ce.id, ce.patient_id AS "patientId", ce.code, ce.display AS text, ce.starts_on::text AS "onsetOn",
        (COALESCE(ce.status, 'active') = ANY($2::text[])) AS active, ce.ends_on::text AS "resolvedOn",
        ce.source, ce.version
      FROM patient_clinical_event ce
      WHERE ce.kind = 'condition' AND ce.code_system = $3 AND ${where}`;
  }

  private params(first: unknown): unknown[] {
    return [first, COHORT_OUTCOME_RULES.activeConditionStatuses, PROBLEM_CODES.icd10cm];
  }

  /** The patient's ICD-10-CM problems, active first, then by onset (newest first). */
  async list(patientId: string, em: EntityManager = this.db.manager): Promise<ProblemView[]> {
    const rows: ProblemRow[] = await em.query(
      `${this.select('ce.patient_id = $1')}
       ORDER BY (COALESCE(ce.status, 'active') = ANY($2::text[])) DESC, ce.starts_on DESC NULLS LAST, ce.code, ce.id`,
      this.params(patientId),
    );
    return rows.map(toProblemView);
  }

  async one(id: string, em: EntityManager): Promise<ProblemView> {
    const rows: ProblemRow[] = await em.query(this.select('ce.id = $1'), this.params(id));
    return toProblemView(firstRow(rows, `problem ${id}`));
  }

  async lock(id: string, clinicId: string, em: EntityManager): Promise<LockedProblem | null> {
    const rows: LockedProblem[] = await em.query(
      `SELECT ce.id, ce.patient_id AS "patientId", (COALESCE(ce.status, 'active') = ANY($3::text[])) AS active,
         ce.starts_on::text AS "onsetOn", ce.version
       FROM patient_clinical_event ce
       WHERE ce.id = $1 AND ce.clinic_id = $2 AND ce.kind = 'condition' AND ce.code_system = $4 FOR UPDATE`,
      [id, clinicId, COHORT_OUTCOME_RULES.activeConditionStatuses, PROBLEM_CODES.icd10cm],
    );
    return rows[0] ?? null;
  }

  async insert(
    em: EntityManager,
    values: { clinicId: string; patientId: string; code: string; text: string; onsetOn: IsoDate | null; by: string },
  ): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO patient_clinical_event (clinic_id, patient_id, kind, code_system, code, display, starts_on, status,
         source, recorded_by)
       VALUES ($1, $2, 'condition', $3, $4, $5, $6, 'active', 'manual', $7) RETURNING id`,
      [values.clinicId, values.patientId, PROBLEM_CODES.icd10cm, values.code, values.text, values.onsetOn, values.by],
    );
    return firstRow(rows, 'inserted problem').id;
  }

  async resolve(em: EntityManager, id: string, version: number, resolvedOn: IsoDate): Promise<boolean> {
    const [, affected]: [unknown[], number] = await em.query(
      `UPDATE patient_clinical_event SET status = 'resolved', ends_on = $3, version = version + 1
       WHERE id = $1 AND version = $2`,
      [id, version, resolvedOn],
    );
    return affected === 1;
  }

  /** Stores LOINC-coded values of one date (HbA1c, or systolic + diastolic); returns their ids. */
  async insertValues(
    em: EntityManager,
    values: { clinicId: string; patientId: string; on: IsoDate; by: string; codes: Array<[string, number]> },
  ): Promise<string[]> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO patient_clinical_event (clinic_id, patient_id, kind, code_system, code, starts_on, value_number,
         status, source, recorded_by)
       SELECT $1, $2, 'observation', $3, v.code, $4, v.value, 'final', 'manual', $5
       FROM unnest($6::text[], $7::numeric[]) AS v(code, value) RETURNING id`,
      [
        values.clinicId,
        values.patientId,
        PROBLEM_CODES.loinc,
        values.on,
        values.by,
        values.codes.map(([code]) => code),
        values.codes.map(([, value]) => value),
      ],
    );
    return rows.map((r) => r.id);
  }

  /** The latest HbA1c and the latest blood pressure (a date with both a systolic and a diastolic value). */
  async vitals(patientId: string, em: EntityManager = this.db.manager): Promise<VitalsView> {
    const rows: Array<{ code: string; on: IsoDate; value: string; diastolic: string | null }> = await em.query(
      `(SELECT 'hba1c' AS code, ce.starts_on::text AS on, ce.value_number::text AS value, NULL::text AS diastolic
        FROM patient_clinical_event ce
        WHERE ce.patient_id = $1 AND ce.kind = 'observation' AND ce.code_system = $2 AND ce.code = $3
          AND ce.value_number IS NOT NULL AND ce.starts_on IS NOT NULL
        ORDER BY ce.starts_on DESC, ce.created_at DESC LIMIT 1)
       UNION ALL
       (SELECT 'bp', s.starts_on::text, s.value_number::text, d.value_number::text
        FROM patient_clinical_event s
        JOIN LATERAL (SELECT d.value_number FROM patient_clinical_event d
          WHERE d.patient_id = s.patient_id AND d.kind = 'observation' AND d.code_system = $2 AND d.code = $5
            AND d.starts_on = s.starts_on AND d.value_number IS NOT NULL
          ORDER BY d.created_at DESC LIMIT 1) d ON true
        WHERE s.patient_id = $1 AND s.kind = 'observation' AND s.code_system = $2 AND s.code = $4
          AND s.value_number IS NOT NULL
        ORDER BY s.starts_on DESC, s.created_at DESC LIMIT 1)`,
      [patientId, PROBLEM_CODES.loinc, PROBLEM_CODES.hba1c, PROBLEM_CODES.systolic, PROBLEM_CODES.diastolic],
    );
    const hba1c = rows.find((r) => r.code === 'hba1c');
    const bp = rows.find((r) => r.code === 'bp');
    return {
      hba1c: hba1c ? { value: Number(hba1c.value), on: hba1c.on } : null,
      bloodPressure: bp ? { systolic: Number(bp.value), diastolic: Number(bp.diastolic), on: bp.on } : null,
    };
  }
}

function toProblemView(row: ProblemRow): ProblemView {
  return {
    id: row.id,
    patientId: row.patientId,
    code: row.code,
    text: row.text,
    onsetOn: row.onsetOn,
    status: row.active ? 'active' : 'resolved',
    resolvedOn: row.active ? null : row.resolvedOn,
    chronicConditions: chronicConditionsOf(row.code),
    source: row.source === 'manual' ? 'manual' : 'import',
    version: row.version,
  };
}
