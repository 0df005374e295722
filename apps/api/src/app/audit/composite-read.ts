import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuditEntry } from './audit.service';

/**
 * One read that gathers what several routes answer (the patient page, issue #13): while it runs, the
 * parts' read audits are collected instead of written one by one, so the composite read writes one
 * audit row naming them all, and a patient already found in the caller's scope is not looked up again.
 */
interface CompositeRead {
  audits: AuditEntry[];
  scoped: Set<string>;
}

const storage = new AsyncLocalStorage<CompositeRead>();

/** Runs `fn` as one composite read; resolves with its value and the read audits its parts made. */
export async function runCompositeRead<T>(fn: () => Promise<T>): Promise<{ value: T; audits: AuditEntry[] }> {
  const read: CompositeRead = { audits: [], scoped: new Set() };
  const value = await storage.run(read, fn);
  return { value, audits: read.audits };
}

/**
 * True when `entry` was taken into the running composite read (successful reads only, `*.read` and
 * `*.list` events: anything else — a change, a refusal — is recorded as usual).
 */
export function collectReadAudit(entry: AuditEntry): boolean {
  const read = storage.getStore();
  if (!read || entry.outcome !== 'success' || !/\.(read|list)$/.test(entry.action)) return false;
  read.audits.push(entry);
  return true;
}

/** Within a composite read: whether `key` (caller|patient) was already found in scope; `remember` marks it. */
export const scopeMemo = {
  has(key: string): boolean {
    return storage.getStore()?.scoped.has(key) ?? false;
  },
  remember(key: string): void {
    storage.getStore()?.scoped.add(key);
  },
};
