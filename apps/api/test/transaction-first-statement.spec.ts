import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { GuardedClient } from '../src/app/database/guarded-pg-client';
import { poolQuery } from '../src/app/database/prepared-query';
import type { Pool } from 'pg';

/**
 * A transaction's first statement rides in its opening's message (GuardedClient, issue #13). With
 * prepared statements on, it goes as a SQL-level prepared statement, so that its plan is kept on the
 * connection instead of parsed and planned again on every call (the write path's scope check planned
 * for 0.27 ms each time, longer than it ran).
 */
describe("a transaction's first statement", () => {
  const url = process.env['DATABASE_URL'] ?? '';
  const sources: DataSource[] = [];
  /** A data source of one connection, so that every transaction runs on the same session. */
  const open = async (prepared: boolean): Promise<DataSource> => {
    const ds = new DataSource({
      type: 'postgres',
      url,
      extra: { max: 1, Client: GuardedClient, preparedStatements: prepared },
    });
    sources.push(ds);
    return ds.initialize();
  };
  afterAll(async () => {
    for (const ds of sources) await ds.destroy();
  });

  /** The messages the data sources' connections sent while `fn` ran, and what it answered. */
  async function sent<T>(fn: () => Promise<T>): Promise<{ messages: string[]; result: T }> {
    const spy = jest.spyOn(Client.prototype, 'query');
    try {
      const result = await fn();
      const messages = spy.mock.calls
        .filter((_, i) => spy.mock.contexts[i] instanceof GuardedClient)
        .map(([config]) => (typeof config === 'string' ? config : String((config as { text?: string }).text)));
      return { messages, result };
    } finally {
      spy.mockRestore();
    }
  }
  const prepared = (ds: DataSource): Promise<string[]> =>
    ds
      .query('SELECT name FROM pg_prepared_statements')
      .then((rows: Array<{ name: string }>) => rows.map((r) => r.name));

  const text = 'SELECT $1::int * 2 AS doubled, $2::text AS label';

  it('is prepared alone once per connection, then executed in the message that opens the transaction', async () => {
    const ds = await open(true);
    const run = (): Promise<{ messages: string[]; result: unknown }> =>
      sent(() => ds.transaction((em) => em.query(text, [21, "O'Brien; --"])));

    const first = await run();
    expect(first.result).toEqual([{ doubled: 42, label: "O'Brien; --" }]);
    const [prepare, opening, commit] = first.messages;
    expect(first.messages).toHaveLength(3);
    const name = /^PREPARE (b_[0-9a-f]{24}) AS SELECT \$1::int \* 2/.exec(prepare ?? '')?.[1];
    expect(name).toBeDefined();
    expect(opening).toBe(`START TRANSACTION\n;\nEXECUTE ${name}('21', 'O''Brien; --')`);
    expect(commit).toBe('COMMIT');
    expect(await prepared(ds)).toContain(name);

    // The next transaction on the connection only executes it.
    const second = await run();
    expect(second.result).toEqual(first.result);
    expect(second.messages).toEqual([opening, 'COMMIT']);
  });

  it('stays prepared when the transaction it opened fails, and is only executed afterwards', async () => {
    const ds = await open(true);
    const divide = 'SELECT 100 / $1::int AS q';
    const failing = await sent(() =>
      ds
        .transaction((em) => em.query(divide, [0]))
        .then(
          () => null,
          (error: { driverError?: { code?: string } }) => error.driverError?.code,
        ),
    );
    expect(failing.result).toBe('22012');
    expect(failing.messages[0]).toMatch(/^PREPARE b_/);

    const after = await sent(() => ds.transaction((em) => em.query(divide, [4])));
    expect(after.result).toEqual([{ q: 25 }]);
    expect(after.messages[0]).toMatch(/^START TRANSACTION\n;\nEXECUTE b_[0-9a-f]{24}\('4'\)$/);
  });

  it('fails with the error of a PREPARE that fails, and tries it again next time', async () => {
    const ds = await open(true);
    const broken = 'SELECT no_such_column FROM clinic WHERE id = $1';
    const attempt = (): Promise<{ messages: string[]; result: unknown }> =>
      sent(() =>
        ds
          .transaction((em) => em.query(broken, ['00000000-0000-0000-0000-000000000000']))
          .then(
            () => null,
            (error: { driverError?: { code?: string } }) => error.driverError?.code,
          ),
      );
    // Undefined column: what a plain parameterised query answers too (not "prepared statement does not exist").
    expect((await attempt()).result).toBe('42703');
    const again = await attempt();
    expect(again.result).toBe('42703');
    expect(again.messages[0]).toMatch(/^PREPARE b_/);
    // The connection is usable afterwards.
    expect(await ds.transaction((em) => em.query(text, [1, 'x']))).toEqual([{ doubled: 2, label: 'x' }]);
  });

  it("sends the transaction's later statements, and statements outside one, as named prepared statements", async () => {
    const ds = await open(true);
    const later = 'SELECT $1::int + 1 AS next';
    /** The configs the connection's pg client was asked to run (named ones are objects). */
    async function configs(fn: () => Promise<unknown>): Promise<unknown[]> {
      const spy = jest.spyOn(Client.prototype, 'query');
      try {
        await fn();
        return spy.mock.calls.filter((_, i) => spy.mock.contexts[i] instanceof GuardedClient).map(([config]) => config);
      } finally {
        spy.mockRestore();
      }
    }
    const inTransaction = await configs(() =>
      ds.transaction(async (em) => {
        await em.query(text, [1, 'a']);
        expect(await em.query(later, [41])).toEqual([{ next: 42 }]);
      }),
    );
    expect(inTransaction).toContainEqual({
      name: expect.stringMatching(/^h_[0-9a-f]{24}$/),
      text: later,
      values: [41],
    });
    const alone = await configs(() => ds.query(later, [1]));
    expect(alone).toEqual([{ name: expect.stringMatching(/^h_/), text: later, values: [1] }]);
    // pg-pool's own query passes a callback after the values: named all the same.
    const pool = (ds.driver as unknown as { master: Pool }).master;
    const pooled = await configs(async () => expect((await pool.query(later, [2])).rows).toEqual([{ next: 3 }]));
    expect(pooled).toEqual([expect.objectContaining({ name: expect.stringMatching(/^h_/), text: later, values: [2] })]);
    // The server has it once, as pg's own parsed statement of the connection.
    const rows: Array<{ n: string }> = await ds.query(
      `SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = $1`,
      [later],
    );
    expect(Number(rows[0]?.n)).toBe(1);
  });

  it('runs a statement on the pool directly with one generic plan, prepared alone once per connection', async () => {
    const ds = await open(true);
    // A parameter the planner would plan for each time: an array, and an `IS NULL OR` on a parameter.
    const aggregate = 'SELECT count(*)::int AS n FROM clinic WHERE id = ANY($1::uuid[]) OR $2::text IS NULL';
    const ids = ['00000000-0000-0000-0000-000000000000'];
    const { messages, result } = await sent(async () => {
      const answers = [];
      for (let i = 0; i < 7; i++)
        answers.push(await poolQuery<{ n: number }>(ds, aggregate, [ids, i % 2 ? 'x' : null]));
      return answers;
    });
    // Every clinic when the text is null, none of them otherwise: each call answered for its own values.
    const clinics = Number((await ds.query('SELECT count(*) AS n FROM clinic'))[0].n);
    expect(result.map((rows) => rows[0]?.n)).toEqual([clinics, 0, clinics, 0, clinics, 0, clinics]);
    expect(messages.filter((m) => m.startsWith('PREPARE '))).toHaveLength(1);
    expect(
      messages.filter((m) => m.startsWith('SET LOCAL plan_cache_mode = force_generic_plan\n;\nEXECUTE b_')),
    ).toHaveLength(7);
    const [plans] = (await ds.query(
      `SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE statement LIKE $1`,
      [`PREPARE b_% AS ${aggregate}`],
    )) as Array<{ generic: number; custom: number }>;
    expect(plans).toEqual({ generic: 7, custom: 0 });
    // The setting lasted for each message only.
    expect(await ds.query(`SELECT current_setting('plan_cache_mode') AS mode`)).toEqual([{ mode: 'auto' }]);
  });

  it('has its parameters written in when prepared statements are off (PgBouncer in transaction mode)', async () => {
    const ds = await open(false);
    const { messages, result } = await sent(() => ds.transaction((em) => em.query(text, [21, "O'Brien"])));
    expect(result).toEqual([{ doubled: 42, label: "O'Brien" }]);
    expect(messages).toEqual([
      `START TRANSACTION\n;\nSELECT '21'::int * 2 AS doubled, 'O''Brien'::text AS label`,
      'COMMIT',
    ]);
    expect(await prepared(ds)).toEqual([]);
    // Nor is any other statement named.
    const spy = jest.spyOn(Client.prototype, 'query');
    try {
      await ds.query(text, [2, 'y']);
      expect(spy.mock.calls.map(([config]) => typeof config)).toEqual(['string']);
    } finally {
      spy.mockRestore();
    }
  });
});
