import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { AuditChainReport } from '../audit/audit-chain';
import { auditHashOf, auditHead, databaseIdentity } from '../audit/audit-log.repository';

/**
 * Signed checkpoints of the audit chain head, kept outside the database (issue #14, fault 6).
 *
 * The hash chain exposes edits and removals in the middle of `audit_log`, but removing the newest rows
 * leaves a shorter chain that still verifies. So the API appends the head (`id`, `hash`) at intervals
 * and at shutdown to a file outside the database, one JSON line each, with an HMAC-SHA256 over the
 * line's fields; `npm run audit:verify` then requires the newest checkpoint's row to be present with
 * the same hash. `db` names the cluster and database (`huddle_database_identity()`), so one file may
 * serve several databases and a restored copy (same cluster identity) is checked against the original's.
 */
export interface AuditCheckpoint {
  v: 1;
  /** When the head was read (ISO). */
  at: string;
  db: string;
  id: string;
  hash: string;
  mac: string;
}

const payload = (c: Omit<AuditCheckpoint, 'mac'>): string => [`v${c.v}`, c.at, c.db, c.id, c.hash].join('|');

export function signCheckpoint(c: Omit<AuditCheckpoint, 'mac'>, key: string): AuditCheckpoint {
  return { ...c, mac: createHmac('sha256', key).update(payload(c)).digest('hex') };
}

export function checkpointSignatureValid(c: AuditCheckpoint, key: string): boolean {
  const expected = Buffer.from(createHmac('sha256', key).update(payload(c)).digest('hex'));
  const actual = Buffer.from(String(c.mac));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The HMAC key: the configured one, else `<file>.key` (made once, mode 0600). */
export async function checkpointKey(
  file: string,
  configured: string | undefined,
  create: boolean,
): Promise<string | null> {
  if (configured) return configured;
  const keyFile = `${file}.key`;
  if (existsSync(keyFile)) return (await readFile(keyFile, 'utf8')).trim();
  if (!create) return null;
  await mkdir(path.dirname(keyFile), { recursive: true });
  const key = randomBytes(32).toString('hex');
  await writeFile(keyFile, `${key}\n`, { mode: 0o600, flag: 'wx' }).catch(() => undefined);
  await chmod(keyFile, 0o600).catch(() => undefined);
  return (await readFile(keyFile, 'utf8')).trim();
}

export { auditHead, databaseIdentity };

export async function appendCheckpoint(file: string, checkpoint: AuditCheckpoint): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(checkpoint)}\n`, { mode: 0o600 });
}

/** What the checkpoints say about the database's chain. */
export type CheckpointVerdict =
  | { status: 'ok'; checkpoint: AuditCheckpoint }
  | { status: 'none'; reason: string }
  | { status: 'head_missing' | 'head_changed' | 'not_verified'; checkpoint: AuditCheckpoint }
  | { status: 'file_altered'; line: number };

/**
 * Checks the newest checkpoint for `identity` (at or before `asOf`, for a point-in-time restore)
 * against the database: its row must exist, with the same hash, within the verified chain.
 */
export async function checkAgainstCheckpoints(
  db: DataSource,
  report: AuditChainReport,
  file: string,
  key: string | null,
  asOf?: Date,
): Promise<CheckpointVerdict> {
  if (!existsSync(file)) return { status: 'none', reason: `no checkpoint file at ${file}` };
  if (!key) return { status: 'none', reason: `no key to check the checkpoints in ${file}` };
  const identity = await databaseIdentity(db);
  let newest: AuditCheckpoint | null = null;
  const lines = readFileSync(file, 'utf8').split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let checkpoint: AuditCheckpoint;
    try {
      checkpoint = JSON.parse(line) as AuditCheckpoint;
    } catch {
      return { status: 'file_altered', line: index + 1 };
    }
    if (!checkpointSignatureValid(checkpoint, key)) return { status: 'file_altered', line: index + 1 };
    if (checkpoint.db !== identity) continue;
    if (asOf && new Date(checkpoint.at).getTime() > asOf.getTime()) continue;
    if (!newest || BigInt(checkpoint.id) > BigInt(newest.id)) newest = checkpoint;
  }
  if (!newest) return { status: 'none', reason: `no checkpoint for this database in ${file}` };
  const hash = await auditHashOf(db, newest.id);
  if (hash === null) return { status: 'head_missing', checkpoint: newest };
  if (hash !== newest.hash) return { status: 'head_changed', checkpoint: newest };
  if (!report.head || BigInt(report.head.id) < BigInt(newest.id)) return { status: 'not_verified', checkpoint: newest };
  return { status: 'ok', checkpoint: newest };
}
