import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The patients a list read showed (caseload page, agenda, patient search, billing month), stored once
 * per distinct list and referenced from the audit row by its SHA-256 (`details.patientList`). An agenda
 * lists ~460 patients and is read again and again: writing the list into every audit row was half of
 * the agenda's cost (docs/adr/0005-read-caches.md). Append-only like `audit_log`; the chain covers the
 * hash, and `verifyAuditChain` checks each referenced list against it.
 */
export class AuditPatientLists1764000008000 implements MigrationInterface {
  name = 'AuditPatientLists1764000008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_patient_list (
        sha256 text PRIMARY KEY,
        patient_ids uuid[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // "Who saw this patient": lists containing a patient.
    await q.query(`CREATE INDEX ix_audit_patient_list_patients ON audit_patient_list USING gin (patient_ids)`);
    await q.query(`
      CREATE TRIGGER trg_audit_patient_list_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_patient_list
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS audit_patient_list`);
  }
}
