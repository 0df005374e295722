import type { DataSource } from 'typeorm';
import { auditHash, type AuditHashedRow, type AuditOutcome } from './audit.service';

/** Where and why the chain first fails to verify. */
export interface AuditChainBreak {
  id: string;
  /**
   * `hash_mismatch`: the row's content no longer matches its hash (edited or forged row);
   * `prev_hash_mismatch`: the row does not follow the one before it (a row was removed or slipped in).
   */
  reason: 'hash_mismatch' | 'prev_hash_mismatch';
  /** Id of the row before it (null for the first row). */
  previousId: string | null;
}

export interface AuditChainReport {
  ok: boolean;
  rowsChecked: number;
  /** The last row checked: record it outside the database to detect removal of the newest rows later. */
  head: { id: string; hash: string } | null;
  firstBreak: AuditChainBreak | null;
}

interface AuditRow {
  id: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_role: string | null;
  clinic_id: string | null;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  patient_id: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  details: Record<string, unknown>;
  prev_hash: string | null;
  hash: string;
}

const toHashed = (r: AuditRow): AuditHashedRow => ({
  occurredAt: r.occurred_at.toISOString(),
  actorId: r.actor_id,
  actorRole: r.actor_role,
  clinicId: r.clinic_id,
  action: r.action,
  resourceType: r.resource_type,
  resourceId: r.resource_id,
  patientId: r.patient_id,
  outcome: r.outcome,
  ip: r.ip,
  details: r.details,
});

/**
 * Walks the audit hash chain in id order, in batches (no long transaction, appends continue meanwhile),
 * recomputing each row's hash and checking it links to the row before. Stops at the first break.
 * Detects edits, deletions and forged rows in the middle of the chain; removal of the newest rows is
 * only visible against a previously recorded `head`.
 */
export async function verifyAuditChain(db: DataSource, batchSize = 1000): Promise<AuditChainReport> {
  let previous: { id: string; hash: string } | null = null;
  let rowsChecked = 0;
  for (;;) {
    const rows: AuditRow[] = await db.query(
      `SELECT id, occurred_at, actor_id, actor_role, clinic_id, action, resource_type, resource_id, patient_id,
              outcome, ip, details, prev_hash, hash
       FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2`,
      [previous?.id ?? '0', batchSize],
    );
    for (const row of rows) {
      const brokenAt = (reason: AuditChainBreak['reason']): AuditChainReport => ({
        ok: false,
        rowsChecked,
        head: previous,
        firstBreak: { id: row.id, reason, previousId: previous?.id ?? null },
      });
      if (row.prev_hash !== (previous?.hash ?? null)) return brokenAt('prev_hash_mismatch');
      if (auditHash(row.prev_hash, toHashed(row)) !== row.hash) return brokenAt('hash_mismatch');
      rowsChecked++;
      previous = { id: row.id, hash: row.hash };
    }
    if (rows.length < batchSize) return { ok: true, rowsChecked, head: previous, firstBreak: null };
  }
}
