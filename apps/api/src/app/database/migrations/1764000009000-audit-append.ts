import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `audit_append(entries, lists)`: one statement that appends audit rows to the hash chain.
 *
 * The API used to append in four round trips (chain lock, read of the head, INSERT, COMMIT). Under load
 * every round trip waits for a turn of the API's busy event loop, so a group-commit batch of reads took
 * ~20 ms and every audited read waited for it. Now the API sends one statement; the lock, the head, the
 * hashes and the rows are done here, and a batch outside a transaction commits with it.
 *
 * Each entry carries its row's columns and `canonical`, the canonical JSON the API hashed before
 * (`canonicalJson` in audit.service.ts); the hash is SHA-256 over `prev_hash` (or `genesis`), a newline
 * and that text — the formula `verifyAuditChain` recomputes in the API from the stored row. So a row
 * whose columns disagree with its `canonical` text fails verification: the API is checked, not trusted.
 *
 * The head is read by a statement of its own after the lock is granted: in READ COMMITTED each
 * statement of a VOLATILE function takes a new snapshot, so it sees the row committed by the previous
 * holder of the lock.
 */
export class AuditAppend1764000009000 implements MigrationInterface {
  name = 'AuditAppend1764000009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION audit_append(entries jsonb, lists jsonb DEFAULT '[]'::jsonb) RETURNS void
      LANGUAGE plpgsql VOLATILE AS $fn$
      DECLARE
        prev text;
        entry jsonb;
        next_hash text;
      BEGIN
        -- The patient lists the entries reference (details.patientList), stored once per distinct list.
        INSERT INTO audit_patient_list (sha256, patient_ids)
          SELECT l.sha256, l.patient_ids FROM jsonb_to_recordset(lists) AS l(sha256 text, patient_ids uuid[])
          ON CONFLICT (sha256) DO NOTHING;
        -- Serialises appends until the transaction ends (the same key the API took before).
        PERFORM pg_advisory_xact_lock(7404211);
        SELECT a.hash INTO prev FROM audit_log a ORDER BY a.id DESC LIMIT 1;
        FOR entry IN SELECT e.value FROM jsonb_array_elements(entries) WITH ORDINALITY AS e(value, n) ORDER BY e.n
        LOOP
          next_hash := encode(sha256(convert_to(coalesce(prev, 'genesis') || E'\\n' || (entry ->> 'canonical'), 'UTF8')), 'hex');
          INSERT INTO audit_log (occurred_at, actor_id, actor_role, clinic_id, action, resource_type, resource_id,
                                 patient_id, outcome, ip, details, prev_hash, hash)
          VALUES ((entry ->> 'occurredAt')::timestamptz, (entry ->> 'actorId')::uuid, entry ->> 'actorRole',
                  (entry ->> 'clinicId')::uuid, entry ->> 'action', entry ->> 'resourceType', entry ->> 'resourceId',
                  (entry ->> 'patientId')::uuid, entry ->> 'outcome', entry ->> 'ip', entry -> 'details', prev, next_hash);
          prev := next_hash;
        END LOOP;
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS audit_append(jsonb, jsonb)`);
  }
}
