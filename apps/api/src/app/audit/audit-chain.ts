import type { DataSource } from 'typeorm';
import type { AuditLogRow } from './audit-log.row';
import { auditLogPage, patientListsByHash } from './audit-log.repository';
import { auditHash, patientListHash, type AuditHashedRow } from './audit.service';

/** Where and why the chain first fails to verify. */
export interface AuditChainBreak {
  id: string;
  /**
   * `hash_mismatch`: the row's content no longer matches its hash (edited or forged row);
   * `prev_hash_mismatch`: the row does not follow the one before it (a row was removed or slipped in);
   * `patient_list_mismatch`: the patient list the row references is missing or not the one it hashed.
   */
  reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'patient_list_mismatch';
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

const toHashed = (r: AuditLogRow): AuditHashedRow => ({
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
    const rows = await auditLogPage(db, previous?.id ?? '0', batchSize);
    const lists = await patientListsOf(db, rows);
    for (const row of rows) {
      const brokenAt = (reason: AuditChainBreak['reason']): AuditChainReport => ({
        ok: false,
        rowsChecked,
        head: previous,
        firstBreak: { id: row.id, reason, previousId: previous?.id ?? null },
      });
      if (row.prev_hash !== (previous?.hash ?? null)) return brokenAt('prev_hash_mismatch');
      if (auditHash(row.prev_hash, toHashed(row)) !== row.hash) return brokenAt('hash_mismatch');
      const list = listRef(row);
      if (list && lists.get(list.sha256) !== list.count) return brokenAt('patient_list_mismatch');
      rowsChecked++;
      previous = { id: row.id, hash: row.hash };
    }
    if (rows.length < batchSize) return { ok: true, rowsChecked, head: previous, firstBreak: null };
  }
}

/** The patient list a row references (`details.patientList`), if any. */
function listRef(row: AuditLogRow): { sha256: string; count: number } | null {
  const ref = row.details['patientList'] as { sha256?: unknown; count?: unknown } | undefined;
  return typeof ref?.sha256 === 'string' && typeof ref.count === 'number'
    ? { sha256: ref.sha256, count: ref.count }
    : null;
}

/** The referenced lists whose content still matches their hash, with their lengths. */
async function patientListsOf(db: DataSource, rows: AuditLogRow[]): Promise<Map<string, number>> {
  const hashes = [...new Set(rows.map(listRef).flatMap((ref) => (ref ? [ref.sha256] : [])))];
  if (hashes.length === 0) return new Map();
  const lists = await patientListsByHash(db, hashes);
  return new Map(
    lists.filter((l) => patientListHash(l.patient_ids) === l.sha256).map((l) => [l.sha256, l.patient_ids.length]),
  );
}
