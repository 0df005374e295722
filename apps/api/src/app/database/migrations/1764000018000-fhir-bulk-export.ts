import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * FHIR Bulk Data export jobs (issue #15): one row per `$export` kick-off — who asked (the export is
 * scoped like their own reads), which types and `_since`, status, progress per type, and the NDJSON
 * files written (their paths are derived from the id; `output` holds type and count). The work itself
 * runs on the pg-boss queue `fhir-export`; this table is what the status URL reads.
 */
export class FhirBulkExport1764000018000 implements MigrationInterface {
  name = 'FhirBulkExport1764000018000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE fhir_export_job (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        requested_by uuid NOT NULL REFERENCES staff_user(id),
        requester_role text NOT NULL,
        types text[] NOT NULL CHECK (cardinality(types) > 0),
        since timestamptz,
        request_url text NOT NULL,
        status text NOT NULL DEFAULT 'queued'
          CHECK (status IN ('queued','running','completed','failed','cancelled')),
        progress jsonb NOT NULL DEFAULT '{}',
        output jsonb NOT NULL DEFAULT '[]',
        error text,
        transaction_time timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX ix_fhir_export_job_requester ON fhir_export_job (requested_by, created_at DESC)`);
    await q.query(
      `CREATE INDEX ix_fhir_export_job_unfinished ON fhir_export_job (status) WHERE status IN ('queued','running')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS fhir_export_job`);
  }
}
