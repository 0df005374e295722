import path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import type { StaffRole } from '@huddle/shared-types';
import { openApiDocument } from '../src/app/configure-app';
import { createClinic, createPatient, createStaff, type ClinicFixture, type StaffFixture } from './fixtures';
import { createTestApp, type TestApp } from './test-app';

/** A generated request (reliability/lib/openapi-cases.cjs). */
interface Case {
  op: string;
  label: string;
  url: string;
  method?: string;
  body?: unknown;
  raw?: string;
  contentType?: string;
  auth?: string;
  role?: StaffRole | null;
  expect?: '4xx' | 'no5xx';
  expectStatus?: number | 'allowed' | 'any';
  accept?: string;
  headers?: Record<string, string>;
  field?: string | null;
}
interface Operation {
  key: string;
  method: string;
  path: string;
  public: boolean;
  roles: StaffRole[];
  skipped: string | null;
}
interface Generator {
  NOWHERE: string;
  operations(doc: unknown): Operation[];
  malformedCases(op: Operation, doc: unknown): Case[];
  fuzzCases(op: Operation, options: { runs: number; seed: number }): Case[];
  matrixCases(op: Operation, foreignIds: Record<string, string>): Case[];
  judge(c: Case, response: { status: number; contentType?: string; body: unknown }): string | null;
  authHeader(kind: string | undefined, token: string): string;
  tableChecksums(query: (sql: string) => Promise<Array<Record<string, unknown>>>): Promise<Record<string, string>>;
  changedTables(before: Record<string, string>, after: Record<string, string>): string[];
}

// The same generator as `npm run reliability`, so the fast subset and the full suite cannot drift.
const gen = require(path.resolve(__dirname, '../../../reliability/lib/openapi-cases.cjs')) as Generator;

/** The fast subset: a few routes of each kind (public, list, query-heavy, create, update, nested write). */
const FAST_ROUTES = [
  'POST /api/auth/login',
  'GET /api/patients',
  'POST /api/patients',
  'PATCH /api/patients/:id',
  'POST /api/patients/:id/assessments',
  'POST /api/patients/:id/contacts',
  'GET /api/billing/monthly',
  'GET /api/review/agenda',
  'GET /api/patients/:id',
];

describe('reliability, fast subset (generated from the OpenAPI document)', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let ops: Operation[];
  let doc: unknown;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createClinic(t);
    b = await createClinic(t);
    await createPatient(t.db, a);
    kiosks.set(a.clinicId, await createStaff(t, a.clinicId, 'kiosk'));
    doc = JSON.parse(JSON.stringify(openApiDocument(t.app)));
    ops = gen.operations(doc);
  });
  afterAll(() => t.close());

  const kiosks = new Map<string, StaffFixture>();
  const staffOf = (role: StaffRole, clinic: ClinicFixture): StaffFixture => {
    if (role === 'org_leadership') throw new Error('the fast subset has no organisation-level route');
    if (role === 'kiosk') {
      const kiosk = kiosks.get(clinic.clinicId);
      if (!kiosk) throw new Error('no kiosk account for this clinic');
      return kiosk;
    }
    return {
      care_manager: clinic.careManager,
      psychiatric_consultant: clinic.consultant,
      pcp: clinic.pcp,
      leadership: clinic.leadership,
      admin: clinic.admin,
    }[role];
  };

  async function send(c: Case, op: Operation): Promise<{ status: number; contentType?: string; body: unknown }> {
    const method = (c.method ?? op.method).toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    let req = request(t.app.getHttpServer())[method](c.url);
    const role = c.role === undefined ? (op.roles[0] ?? null) : c.role;
    if (role) {
      const token = staffOf(role, a).auth.slice('Bearer '.length);
      req = req.set('Authorization', gen.authHeader(c.auth, token));
    }
    if (c.accept) req = req.set('Accept', c.accept);
    for (const [name, value] of Object.entries(c.headers ?? {})) req = req.set(name, value);
    if (c.raw !== undefined) req = req.set('Content-Type', c.contentType ?? 'application/json').send(c.raw);
    else if (c.contentType) req = req.set('Content-Type', c.contentType);
    else if (c.body !== undefined) req = req.send(c.body as object);
    const res = await req;
    return { status: res.status, contentType: res.headers['content-type'], body: res.body };
  }

  it('annotates every operation with who may call it', () => {
    expect(ops.length).toBeGreaterThan(50);
    const unannotated = ops.filter((op) => !op.public && op.roles.length === 0 && !op.key.startsWith('GET /api/docs'));
    expect(unannotated.map((op) => op.key)).toEqual([]);
    expect(ops.find((op) => op.key === 'GET /api/health/live')?.public).toBe(true);
    expect(ops.find((op) => op.key === 'GET /api/overview')?.roles).toEqual(
      expect.arrayContaining(['care_manager', 'leadership']),
    );
  });

  it('answers ~150 malformed and fast-check requests with a JSON 4xx naming the field, never a 5xx, changing nothing', async () => {
    const selected = ops.filter((op) => FAST_ROUTES.includes(op.key));
    expect(selected.map((op) => op.key).sort()).toEqual([...FAST_ROUTES].sort());
    const cases = selected.flatMap((op) =>
      [...gen.malformedCases(op, doc), ...gen.fuzzCases(op, { runs: 4, seed: 14 })].map((c) => ({ c, op })),
    );
    expect(cases.length).toBeGreaterThanOrEqual(150);
    // Every route of the subset gets at least 15 malformed variants.
    for (const op of selected) expect(gen.malformedCases(op, doc).length).toBeGreaterThanOrEqual(15);

    // Checksums read every table as the owner: the app role may not read the audit queue (least privilege).
    const owner = new Client({ connectionString: process.env['DATABASE_OWNER_URL'] ?? process.env['DATABASE_URL'] });
    await owner.connect();
    const query = async (sql: string) => (await owner.query(sql)).rows as Array<Record<string, unknown>>;
    const before = await gen.tableChecksums(query);
    const problems: string[] = [];
    for (const { c, op } of cases) {
      const problem = gen.judge(c, await send(c, op));
      if (problem) problems.push(`${c.op} — ${c.label}: ${problem}`);
    }
    expect(problems).toEqual([]);
    const after = await gen.tableChecksums(query);
    await owner.end();
    expect(gen.changedTables(before, after)).toEqual([]);
    // The event-loop delay is a speed target: `npm run reliability` measures it inside the API, out of process
    // and on a machine reserved for the measurement (p99 < 100 ms). In-process here, on a shared machine, it
    // measured the scheduler (0.86–1.04 s at nice 19 under load 15–30) rather than the API.
  }, 120_000);

  it('holds the authorization matrix on the subset: 401 anonymous, 403 wrong role, 404 another clinic’s id', async () => {
    const other = await createPatient(t.db, b);
    const selected = ops.filter((op) => FAST_ROUTES.includes(op.key) && op.key !== 'POST /api/auth/login');
    const cases = selected.flatMap((op) => gen.matrixCases(op, { patient: other.patientId }).map((c) => ({ c, op })));
    expect(cases.some((x) => x.c.expectStatus === 404)).toBe(true);
    expect(cases.some((x) => x.c.expectStatus === 403)).toBe(true);
    const problems: string[] = [];
    for (const { c, op } of cases) {
      const problem = gen.judge(c, await send(c, op));
      if (problem) problems.push(`${c.op} — ${c.label}: ${problem}`);
    }
    expect(problems).toEqual([]);
  }, 60_000);
});
