import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { GuardedClient } from '../src/app/database/guarded-pg-client';
import { readManager, readTransaction, runInReadSnapshot } from '../src/app/database/read-snapshot';
import { createClinic, createPatient, type ClinicFixture } from './fixtures';
import { createTestApp, type TestApp } from './test-app';

/**
 * The read snapshot behind the patient page (database/read-snapshot.ts, issue #13): the parts' reads on
 * one connection in one REPEATABLE READ, READ ONLY transaction opened by its first message, each distinct
 * read sent once, copies handed out.
 */
describe('read snapshot', () => {
  let t: TestApp;
  let db: DataSource;
  let clinic: ClinicFixture;
  let patientId: string;
  beforeAll(async () => {
    t = await createTestApp();
    db = t.db;
    clinic = await createClinic(t);
    ({ patientId } = await createPatient(db, clinic));
  });
  afterAll(() => t.close());

  /** A pool of our own on the test database, with the app's connection class. */
  const ownPool = (max: number, preparedStatements: boolean): Promise<DataSource> =>
    new DataSource({
      type: 'postgres',
      url: process.env['DATABASE_URL'],
      extra: { max, Client: GuardedClient, preparedStatements },
    }).initialize();

  const probe = 'SELECT id, family_name AS "familyName" FROM patient WHERE id = $1';
  type Probe = Array<{ id: string; familyName: string }>;
  const familyName = async (em = readManager(db)): Promise<string> =>
    must(((await em.query(probe, [patientId])) as Probe)[0]).familyName;
  const rename = (name: string): Promise<unknown> =>
    readManager(db).query('UPDATE patient SET family_name = $2 WHERE id = $1', [patientId, name]);
  const pool = (): { totalCount: number; idleCount: number } =>
    (db.driver as unknown as { master: { totalCount: number; idleCount: number } }).master;
  /** Every pooled connection back in the pool (a snapshot's COMMIT is not waited for: its connection returns once answered). */
  const allReturned = async (): Promise<void> => {
    for (let i = 0; i < 100 && pool().idleCount !== pool().totalCount; i++) await new Promise((r) => setTimeout(r, 10));
    expect(pool().idleCount).toBe(pool().totalCount);
  };
  const patientsOfClinic = async (): Promise<number> =>
    Number(
      must(
        (
          (await readManager(db).query('SELECT count(*) AS n FROM patient WHERE clinic_id = $1', [
            clinic.clinicId,
          ])) as Array<{
            n: string;
          }>
        )[0],
      ).n,
    );

  /** The statements sent to PostgreSQL while `fn` runs whose text matches `pattern`. */
  async function sent(pattern: RegExp, fn: () => Promise<unknown>): Promise<string[]> {
    const spy = jest.spyOn(Client.prototype, 'query');
    try {
      await fn();
      return (
        spy.mock.calls
          // The app's pool only (the job queue polls on its own connections meanwhile).
          .filter((_, i) => spy.mock.contexts[i] instanceof GuardedClient)
          .map(([config]) => (typeof config === 'string' ? config : ((config as { text?: string }).text ?? '')))
          .filter((text) => pattern.test(text))
      );
    } finally {
      spy.mockRestore();
    }
  }

  const backend = (em = readManager(db)): Promise<Array<{ pid: number }>> => em.query('SELECT pg_backend_pid() AS pid');

  it('runs every part on one connection, inside one transaction, and nothing outside it', async () => {
    const pids = new Set<number>();
    const control = await sent(/^(START TRANSACTION|COMMIT|BEGIN)/, () =>
      runInReadSnapshot(db, { prepared: true }, async () => {
        await Promise.all(
          Array.from({ length: 6 }, async (_, i) => {
            // Parts that open "their own" transaction join the snapshot instead.
            const [row] = await readTransaction(db, (em) =>
              em.query('SELECT pg_backend_pid() AS pid, $1::int AS part', [i]),
            );
            pids.add((row as { pid: number }).pid);
            pids.add(must((await backend())[0]).pid);
          }),
        );
      }),
    );
    expect(pids.size).toBe(1);
    // The transaction's start rides at the head of the first message; no BEGIN of its own.
    expect(control.map((text) => text.split('\n')[0])).toEqual(['START TRANSACTION', 'COMMIT']);
    expect(must(control[0]).split('\n;\n').slice(0, 3)).toEqual([
      'START TRANSACTION',
      'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ',
      'SET TRANSACTION READ ONLY',
    ]);
    // A snapshot that reads nothing sends nothing at all.
    expect(await sent(/./, () => runInReadSnapshot(db, { prepared: true }, () => Promise.resolve(1)))).toEqual([]);
    // Outside a snapshot a read's transaction is its own, as before.
    const own = await sent(/^(START TRANSACTION|COMMIT)/, () => readTransaction(db, (em) => em.query('SELECT 1')));
    // (Its opening rides with its first statement: GuardedClient.)
    expect(own).toEqual(['START TRANSACTION\n;\nSELECT 1', 'COMMIT']);
  });

  it('sends a repeated read once and gives each caller its own copy', async () => {
    let first: Probe = [];
    let second: Probe = [];
    let third: Probe = [];
    let original = '';
    const texts = await sent(/FROM patient WHERE id/, () =>
      runInReadSnapshot(db, { prepared: false }, async () => {
        [first, second] = await Promise.all([
          readManager(db).query(probe, [patientId]),
          readManager(db).query(probe, [patientId]),
        ]);
        expect(first).not.toBe(second);
        original = must(first[0]).familyName;
        must(first[0]).familyName = 'Changed by one part';
        must(second[0]).familyName = 'Changed by the other';
        // Asked again after both callers had their rows: the rows they changed are not what it gets.
        third = (await readManager(db).query(probe, [patientId])) as Probe;
        // Other parameters: another read.
        await readManager(db).query(probe, [clinic.clinicId]);
      }),
    );
    expect(must(third[0]).familyName).toBe(original);
    // The pair once; the later repeat again, since one caller had the rows themselves; the other parameters.
    expect(texts).toHaveLength(3);

    // That text's rows are now kept for later callers: a repeat after the pair is not sent again.
    let later: Probe = [];
    const again = await sent(/FROM patient WHERE id/, () =>
      runInReadSnapshot(db, { prepared: false }, async () => {
        const one = (await readManager(db).query(probe, [patientId])) as Probe;
        must(one[0]).familyName = 'Changed by one part';
        later = (await readManager(db).query(probe, [patientId])) as Probe;
      }),
    );
    expect(again).toHaveLength(1);
    expect(must(later[0]).familyName).toBe(original);
  });

  it('sends reads as named prepared statements when allowed, and plain ones otherwise', async () => {
    // Prepared statements off (PgBouncer in transaction mode): the pool's connections name nothing either.
    const plainDb = await ownPool(2, false);
    const names = async (prepared: boolean): Promise<unknown[]> => {
      const source = prepared ? db : plainDb;
      const spy = jest.spyOn(Client.prototype, 'query');
      try {
        await runInReadSnapshot(source, { prepared }, async () => {
          // The first message (which opens the transaction) carries even a single read; later ones go alone.
          await backend(readManager(source));
          return familyName(readManager(source));
        });
        return spy.mock.calls
          .map(([config]) => config as unknown)
          .filter((c): c is { text: string; name?: string } => typeof c === 'object' && c !== null && 'text' in c)
          .filter((c) => c.text === probe)
          .map((c) => c.name);
      } finally {
        spy.mockRestore();
      }
    };
    try {
      expect(await names(true)).toEqual([expect.stringMatching(/^h_[0-9a-f]{24}$/)]);
      expect(await names(false)).toStrictEqual([]);
    } finally {
      await plainDb.destroy();
    }
  });

  it('sends every call of a function with a changing answer, and reads again after a statement that changes something', async () => {
    await runInReadSnapshot(db, { prepared: true }, async () => {
      const clock = async (): Promise<string> =>
        must(((await readManager(db).query('SELECT clock_timestamp()::text AS at')) as Array<{ at: string }>)[0]).at;
      const at = await clock();
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(await clock()).not.toBe(at);
      const setting = async (): Promise<string> =>
        must(
          (
            (await readManager(db).query("SELECT current_setting('huddle.probe', true) AS v")) as Array<{ v: string }>
          )[0],
        ).v;
      const set = (value: string): Promise<unknown> =>
        readManager(db).query("SELECT set_config('huddle.probe', $1, true)", [value]);
      await set('one');
      expect(await setting()).toBe('one');
      await set('two');
      expect(await setting()).toBe('two');
    });
  });

  it('cannot write: the snapshot is READ ONLY, so its unawaited COMMIT loses nothing', async () => {
    const before = await familyName(db.manager);
    await expect(
      runInReadSnapshot(db, { prepared: true }, async () => {
        await familyName();
        await rename('Written in a read snapshot');
      }),
    ).rejects.toThrow(/read-only transaction/);
    // Even as the snapshot's very first statement (the opening is sent alone before it).
    await expect(runInReadSnapshot(db, { prepared: false }, () => rename('First thing'))).rejects.toThrow(
      /read-only transaction/,
    );
    expect(await familyName(db.manager)).toBe(before);
    await allReturned();
  });

  it('sees one snapshot: a patient added elsewhere meanwhile is not seen, and is seen afterwards', async () => {
    const before = await patientsOfClinic();
    await runInReadSnapshot(db, { prepared: false }, async () => {
      expect(await patientsOfClinic()).toBe(before);
      // Committed on another connection while the snapshot is open.
      await createPatient(db, clinic);
      const rows = await readManager(db).query('SELECT id FROM patient WHERE clinic_id = $1', [clinic.clinicId]);
      expect(rows).toHaveLength(before);
    });
    expect(await patientsOfClinic()).toBe(before + 1);
  });

  it('sends the reads its parts ask for together in one message, each answering what it answers alone', async () => {
    // Values of every kind the registry's reads bind, including ones that need escaping.
    const reads: Array<[string, unknown[]]> = [
      [probe, [patientId]],
      ['SELECT $1::text AS t, $2::text AS n, length($1::text) AS len', ["O'Brien \\ ; -- $1 'x'", null]],
      ['SELECT $1::uuid[] AS ids, cardinality($1::uuid[]) AS n', [[patientId, clinic.clinicId]]],
      [
        'SELECT $1::date AS d, $2::timestamptz AS at, ($2::timestamptz AT TIME ZONE $3)::date::text AS local',
        ['2026-03-16', new Date('2026-03-16T03:30:00.000Z'), 'America/New_York'],
      ],
      [
        'SELECT $1::jsonb AS doc, $2::int + 1 AS next, $3::boolean AS yes, $4::bigint AS big',
        [{ a: "it's" }, 41, true, '9007199254740993'],
      ],
      [
        'SELECT id FROM patient WHERE clinic_id = $1 AND family_name <> $2 ORDER BY id LIMIT $3',
        [clinic.clinicId, 'x', 5],
      ],
      // A last line that is a comment: the next statement must not end up inside it.
      ['SELECT $1::int AS n -- the trailing comment', [7]],
    ];
    const alone = [];
    for (const [text, values] of reads) alone.push(await db.manager.query(text, values));
    /** The answers inside a snapshot, and the messages (other than BEGIN/COMMIT) that carried them. */
    const inSnapshot = async (prepared: boolean): Promise<{ answers: unknown[]; messages: string[] }> => {
      let answers: unknown[] = [];
      const spy = jest.spyOn(Client.prototype, 'query');
      try {
        await runInReadSnapshot(db, { prepared }, async () => {
          answers = await Promise.all(reads.map(([text, values]) => readManager(db).query(text, values)));
        });
        const messages = spy.mock.calls
          .filter((_, i) => spy.mock.contexts[i] instanceof GuardedClient)
          .map(([config]) => (typeof config === 'string' ? config : ((config as { text?: string }).text ?? '')))
          .filter((text) => text !== 'COMMIT');
        return { answers, messages };
      } finally {
        spy.mockRestore();
      }
    };
    const count = (message: string, pattern: RegExp): number => message.match(pattern)?.length ?? 0;
    // Prepared statements allowed: one message for all six reads, each a named SQL-level prepared
    // statement. A statement new to the connection is prepared first, each PREPARE in a message of its own
    // (PostgreSQL keeps the whole message as the statement's source and copies it on every EXECUTE).
    for (let round = 0; round < 2; round++) {
      const { answers, messages } = await inSnapshot(true);
      const batch = messages.filter((message) => !message.startsWith('PREPARE '));
      expect(batch).toHaveLength(1);
      expect(count(must(batch[0]), /^EXECUTE b_[0-9a-f]{24}/gm)).toBe(reads.length);
      expect(must(batch[0])).not.toMatch(/PREPARE/);
      const prepares = messages.filter((m) => m.startsWith('PREPARE '));
      for (const message of prepares) expect(message.split('\n;\n')).toHaveLength(1);
      // Each statement prepared at most once on the connection, before the message that executes it.
      expect(new Set(prepares).size).toBe(prepares.length);
      expect(messages.indexOf(must(batch[0]))).toBe(messages.length - 1);
      expect(answers).toEqual(alone);
    }
    // On a connection that has run the batch, nothing is prepared again.
    const again = await inSnapshot(true);
    expect(again.messages.filter((m) => m.startsWith('PREPARE ')).length).toBeLessThan(reads.length);
    // Without prepared statements (PgBouncer): the parameters are written into the statements.
    const plain = await inSnapshot(false);
    expect(plain.messages).toHaveLength(1);
    // The transaction's four opening statements, then one statement per read.
    expect(must(plain.messages[0]).split(';\n')).toHaveLength(reads.length + 4);
    expect(must(plain.messages[0])).not.toMatch(/\$\d+::|[=(] ?\$\d|PREPARE|EXECUTE/);
    expect(plain.answers).toEqual(alone);
    expect((plain.answers[1] as Array<{ len: number }>)[0]?.len).toBe("O'Brien \\ ; -- $1 'x'".length);
  });

  it("keeps each prepared statement's own text as its source, not the batch that first executed it", async () => {
    // One connection, so the second snapshot sees the first one's session.
    const single = await ownPool(1, true);
    try {
      const texts = [
        'SELECT $1::int + 1 AS n',
        'SELECT $1::text || $2::text AS s',
        'SELECT count(*)::int AS n FROM clinic WHERE id = $1',
      ];
      await runInReadSnapshot(single, { prepared: true }, () =>
        Promise.all([
          readManager(single).query(must(texts[0]), [1]),
          readManager(single).query(must(texts[1]), ['a', 'b']),
          readManager(single).query(must(texts[2]), [clinic.clinicId]),
        ]),
      );
      const stored = (await runInReadSnapshot(single, { prepared: true }, () =>
        readManager(single).query(
          `SELECT statement FROM pg_prepared_statements WHERE name LIKE 'b\\_%' ORDER BY statement`,
        ),
      )) as Array<{ statement: string }>;
      // PostgreSQL keeps the message a PREPARE came in as its source and copies it on every EXECUTE.
      const batched = stored.map((row) => row.statement).filter((text) => !text.includes('pg_prepared_statements'));
      expect(batched).toHaveLength(texts.length);
      expect(batched).toEqual(
        expect.arrayContaining(
          texts.map((text) =>
            expect.stringMatching(new RegExp(`^PREPARE b_[0-9a-f]{24} AS ${text.replace(/[$()*|+]/g, '\\$&')}$`)),
          ),
        ),
      );
    } finally {
      await single.destroy();
    }
  });

  it('keeps one generic plan per read inside the snapshot, and leaves the setting as it was after it', async () => {
    const mode = async (): Promise<string> =>
      must(
        (
          (await readManager(db).query(`SELECT current_setting('plan_cache_mode') AS mode`)) as Array<{ mode: string }>
        )[0],
      ).mode;
    expect(await runInReadSnapshot(db, { prepared: true }, mode)).toBe('force_generic_plan');
    // SET LOCAL: gone with the transaction, on whichever connection the pool gives next.
    for (let i = 0; i < 3; i++) expect(await mode()).toBe('auto');
  });

  it('fails every read of a message when one of them fails, and rolls back', async () => {
    const results = await runInReadSnapshot(db, { prepared: true }, () =>
      Promise.allSettled([
        readManager(db).query(probe, [patientId]),
        readManager(db).query('SELECT 1 / $1::int AS boom', [0]),
      ]),
    ).catch((error: unknown) => error);
    expect(Array.isArray(results)).toBe(true);
    const settled = results as PromiseSettledResult<unknown>[];
    expect(settled.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await allReturned();
    // The statements prepared for the failed message stay prepared (PostgreSQL's are not transactional):
    // the same reads run afterwards on the pool's connections.
    for (let i = 0; i < 3; i++) {
      const answers = await runInReadSnapshot(db, { prepared: true }, () =>
        Promise.all([
          readManager(db).query(probe, [patientId]),
          readManager(db).query('SELECT 1 / $1::int AS boom', [1]),
        ]),
      );
      expect(answers[1]).toEqual([{ boom: 1 }]);
    }
  });

  it('rolls back and gives the connection back when a part fails', async () => {
    const before = await familyName(db.manager);
    await expect(
      runInReadSnapshot(db, { prepared: true }, async () => {
        await familyName();
        throw new Error('part failed');
      }),
    ).rejects.toThrow('part failed');
    expect(await familyName(db.manager)).toBe(before);
    await allReturned();
  });
});

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('missing');
  return value;
}
