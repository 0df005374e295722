import type { Client } from 'pg';

/**
 * What a bulk load takes off a set of tables while it COPYs into them, and puts back afterwards, all in
 * the caller's transaction (other sessions wait on the tables' locks and never see them bare).
 *
 * Maintaining every index row by row and checking every foreign key row by row is what made the
 * population load run at a fraction of a bare COPY (issue #13 item 4). Instead: drop the indexes and
 * constraints, COPY, then build each index once over the whole table (sorted, in parallel workers) and
 * re-add each foreign key, which PostgreSQL validates with one anti-join per key. The user triggers
 * (summaries, change notifications) are disabled for the COPY; the loader derives their effect set-based.
 * The catalog is read, not a list kept here: indexes and keys other migrations add come back too.
 */
export interface SuspendedTables {
  /** PRIMARY KEY / UNIQUE / EXCLUDE constraints (their indexes), re-added first. */
  keys: Array<{ drop: string; add: string }>;
  /** Plain indexes, re-created after the keys. */
  indexes: Array<{ drop: string; add: string }>;
  /** Foreign keys on the tables and pointing at them, re-added (and validated) last. */
  foreignKeys: Array<{ drop: string; add: string }>;
  /** Enabled user triggers, disabled for the load and enabled again. */
  triggers: Array<{ disable: string; enable: string }>;
}

export async function suspendTables(client: Client, tables: readonly string[]): Promise<SuspendedTables> {
  const constraintSql = (types: string, scope: string): string => `
    SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS drop,
           format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) AS add
      FROM pg_constraint c
     WHERE c.contype = ANY(${types}) AND (${scope})
     ORDER BY c.conrelid::regclass::text, c.conname`;
  const foreignKeys = (
    await client.query<{ drop: string; add: string }>(
      constraintSql(`'{f}'::"char"[]`, 'c.conrelid = ANY($1::regclass[]) OR c.confrelid = ANY($1::regclass[])'),
      [tables],
    )
  ).rows;
  const keys = (
    await client.query<{ drop: string; add: string }>(
      constraintSql(`'{p,u,x}'::"char"[]`, 'c.conrelid = ANY($1::regclass[])'),
      [tables],
    )
  ).rows;
  const indexes = (
    await client.query<{ drop: string; add: string }>(
      `SELECT format('DROP INDEX %s', i.indexrelid::regclass) AS drop, pg_get_indexdef(i.indexrelid) AS add
         FROM pg_index i
        WHERE i.indrelid = ANY($1::regclass[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
        ORDER BY i.indexrelid::regclass::text`,
      [tables],
    )
  ).rows;
  const triggers = (
    await client.query<{ disable: string; enable: string }>(
      `SELECT format('ALTER TABLE %s DISABLE TRIGGER %I', t.tgrelid::regclass, t.tgname) AS disable,
              format('ALTER TABLE %s ENABLE TRIGGER %I', t.tgrelid::regclass, t.tgname) AS enable
         FROM pg_trigger t
        WHERE t.tgrelid = ANY($1::regclass[]) AND NOT t.tgisinternal AND t.tgenabled <> 'D'
        ORDER BY t.tgrelid::regclass::text, t.tgname`,
      [tables],
    )
  ).rows;
  for (const fk of foreignKeys) await client.query(fk.drop);
  for (const key of keys) await client.query(key.drop);
  for (const index of indexes) await client.query(index.drop);
  for (const trigger of triggers) await client.query(trigger.disable);
  return { keys, indexes, foreignKeys, triggers };
}

/** Puts back what {@link suspendTables} took off: keys, indexes, foreign keys (validated), triggers. */
export async function restoreTables(client: Client, suspended: SuspendedTables): Promise<void> {
  for (const key of suspended.keys) await client.query(key.add);
  for (const index of suspended.indexes) await client.query(index.add);
  for (const fk of suspended.foreignKeys) await client.query(fk.add);
  for (const trigger of suspended.triggers) await client.query(trigger.enable);
}
