import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Import of issue #15 (FHIR Bundles, the CMS159 deck, CSV):
 * - `clinic.mrn_system`: the clinic's MRN identifier system (null: `urn:huddle:clinic:<id>:mrn`);
 *   `clinic.accept_mr_identifiers`: also match identifiers typed MR (v2-0203) of any system;
 * - `patient.gender` (FHIR administrative gender) and `patient.deceased_on` (date of death), imported;
 * - `patient_clinical_event`: diagnoses (Condition), encounters, procedures, service requests and
 *   other coded observations (e.g. a hospice assessment) carried by an imported record, coded
 *   (system + code), with their period and value, for quality measures;
 * - `import_key`: what an import already loaded, per clinic (resource identifier, or a content hash
 *   per patient), so the same Bundle or CSV twice creates nothing new;
 * - `import_job`: one row per import (FHIR Bundle or CSV file) with its counts and progress.
 */
export class InteropImport1764000019000 implements MigrationInterface {
  name = 'InteropImport1764000019000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE clinic ADD COLUMN mrn_system text`);
    await q.query(`ALTER TABLE clinic ADD COLUMN accept_mr_identifiers boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE patient ADD COLUMN gender text CHECK (gender IN ('male','female','other','unknown'))`);
    await q.query(`ALTER TABLE patient ADD COLUMN deceased_on date`);
    await q.query(`
      CREATE TABLE patient_clinical_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        kind text NOT NULL CHECK (kind IN ('condition','encounter','procedure','service_request','observation')),
        code_system text NOT NULL,
        code text NOT NULL,
        starts_on date,
        ends_on date,
        status text,
        value_code text,
        value_number numeric,
        source text NOT NULL DEFAULT 'import',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_patient_clinical_event_patient ON patient_clinical_event (patient_id, kind, code)`);
    await q.query(`
      CREATE TABLE import_key (
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        key text NOT NULL,
        resource_type text NOT NULL,
        target_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_import_key PRIMARY KEY (clinic_id, key)
      )`);
    await q.query(`
      CREATE TABLE import_job (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        kind text NOT NULL CHECK (kind IN ('fhir','csv')),
        started_by uuid NOT NULL REFERENCES staff_user(id),
        status text NOT NULL CHECK (status IN ('running','done','failed')),
        dry_run boolean NOT NULL DEFAULT false,
        rows_total integer NOT NULL DEFAULT 0,
        rows_loaded integer NOT NULL DEFAULT 0,
        rows_unchanged integer NOT NULL DEFAULT 0,
        rows_failed integer NOT NULL DEFAULT 0,
        patients_created integer NOT NULL DEFAULT 0,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX ix_import_job_clinic ON import_job (clinic_id, started_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE import_job`);
    await q.query(`DROP TABLE import_key`);
    await q.query(`DROP TABLE patient_clinical_event`);
    await q.query(`ALTER TABLE patient DROP COLUMN deceased_on`);
    await q.query(`ALTER TABLE patient DROP COLUMN gender`);
    await q.query(`ALTER TABLE clinic DROP COLUMN accept_mr_identifiers`);
    await q.query(`ALTER TABLE clinic DROP COLUMN mrn_system`);
  }
}
