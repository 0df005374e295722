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
  keys: SuspendedObject[];
  /** Plain indexes, re-created after the keys. */
  indexes: SuspendedObject[];
  /** Foreign keys on the tables and pointing at them, re-added (and validated) last. */
  foreignKeys: SuspendedObject[];
  /** Enabled user triggers, disabled for the load and enabled again. */
  triggers: Array<{ table: string; disable: string; enable: string }>;
}

/** One index or constraint taken off: the table it is on, its name, and the statements. */
export interface SuspendedObject {
  table: string;
  name: string;
  /** Foreign keys: the table referenced. */
  references?: string;
  drop: string;
  add: string;
}

export async function suspendTables(client: Client, tables: readonly string[]): Promise<SuspendedTables> {
  const constraintSql = (types: string, scope: string): string => `
    SELECT c.conrelid::regclass::text AS "table", c.conname AS name, c.confrelid::regclass::text AS "references",
           format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS drop,
           format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) AS add
      FROM pg_constraint c
     WHERE c.contype = ANY(${types}) AND (${scope})
     ORDER BY c.conrelid::regclass::text, c.conname`;
  const foreignKeys = (
    await client.query<SuspendedObject>(
      constraintSql(`'{f}'::"char"[]`, 'c.conrelid = ANY($1::regclass[]) OR c.confrelid = ANY($1::regclass[])'),
      [tables],
    )
  ).rows;
  const keys = (
    await client.query<SuspendedObject>(constraintSql(`'{p,u,x}'::"char"[]`, 'c.conrelid = ANY($1::regclass[])'), [
      tables,
    ])
  ).rows;
  const indexes = (
    await client.query<SuspendedObject>(
      `SELECT i.indrelid::regclass::text AS "table", c.relname AS name,
              format('DROP INDEX %s', i.indexrelid::regclass) AS drop, pg_get_indexdef(i.indexrelid) AS add
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE i.indrelid = ANY($1::regclass[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
        ORDER BY i.indexrelid::regclass::text`,
      [tables],
    )
  ).rows;
  const triggers = (
    await client.query<{ table: string; disable: string; enable: string }>(
      `SELECT t.tgrelid::regclass::text AS "table", format('ALTER TABLE %s DISABLE TRIGGER %I', t.tgrelid::regclass, t.tgname) AS disable,
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
export async function restoreTables(
  client: Client,
  suspended: SuspendedTables,
  onStep: (sql: string, ms: number) => void = () => undefined,
): Promise<void> {
  const run = async (sql: string): Promise<void> => {
    const started = performance.now();
    await client.query(sql);
    onStep(sql, performance.now() - started);
  };
  for (const key of suspended.keys) await run(key.add);
  for (const index of suspended.indexes) await run(index.add);
  for (const fk of suspended.foreignKeys) await run(fk.add);
  for (const trigger of suspended.triggers) await run(trigger.enable);
}

/**
 * Puts back whatever of {@link suspendTables}' list is missing (after a load that committed in steps
 * failed part-way): indexes and constraints re-created only when absent by name, triggers enabled.
 */
export async function restoreMissing(client: Client, suspended: SuspendedTables): Promise<void> {
  const present = async (sql: string, object: SuspendedObject): Promise<boolean> =>
    (await client.query(sql, [object.table, object.name])).rows.length > 0;
  const constraint = `SELECT 1 FROM pg_constraint WHERE conrelid = $1::regclass AND conname = $2`;
  const index = `SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = $1::regclass AND c.relname = $2`;
  for (const key of suspended.keys) if (!(await present(constraint, key))) await client.query(key.add);
  for (const ix of suspended.indexes) if (!(await present(index, ix))) await client.query(ix.add);
  for (const fk of suspended.foreignKeys) if (!(await present(constraint, fk))) await client.query(fk.add);
  for (const trigger of suspended.triggers) await client.query(trigger.enable);
}
