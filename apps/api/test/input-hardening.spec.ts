import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  BodyLimitError,
  INPUT_LIMITS,
  jsonShapeProblem,
  parseGuardedJson,
  textProblem,
} from '../src/app/common/input-safety';
import { createPatient, type ClinicFixture } from './fixtures';
import { api, clinicFootprint, freezeClock } from './registry-helpers';
import { createClinic } from './fixtures';
import { createTestApp, type TestApp } from './test-app';

/**
 * Issue #14 items 1, 2, 3, 7 and 10 against the real app, whose JSON log (LOG_LEVEL=trace) goes to a
 * file: hostile input answers 400 naming the field and changes nothing, and the log of the whole run
 * holds none of the names, MRNs or birth dates of the registry.
 */
describe('input hardening and PHI-free logs', () => {
  const logFile = path.join(tmpdir(), `huddle-hardening-${process.pid}.log`);
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let http: ReturnType<typeof api>;
  let patientId: string;

  beforeAll(async () => {
    t = await createTestApp({ LOG_FILE: logFile, LOG_LEVEL: 'trace' });
    freezeClock(t);
    a = await createClinic(t);
    b = await createClinic(t);
    http = api(t);
    patientId = (await createPatient(t.db, a)).patientId;
  });
  afterAll(async () => {
    await t.close();
    rmSync(logFile, { force: true });
  });

  const newPatient = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    mrn: `HX${Math.random().toString(36).slice(2, 10)}`,
    givenName: 'Zelda',
    familyName: 'Quintanilla',
    birthDate: '1971-04-05',
    ...extra,
  });

  /** Sends `body`, expects a 400 whose message names `field`, and that clinic A's data did not change. */
  async function refused(send: () => request.Test, field: string): Promise<void> {
    const before = await clinicFootprint(t, a.clinicId);
    const res = await send();
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(JSON.stringify(res.body.message)).toContain(field);
    expect(await clinicFootprint(t, a.clinicId)).toEqual(before);
  }

  it.each([
    ['NUL', 'Zelda\u0000'],
    ['a C0 control', 'Zel\u0007da'],
    ['a C1 control', 'Zel\u0085da'],
    ['an ANSI escape', '\u001b[31mZelda'],
    ['a newline', 'Zel\nda'],
    ['only a zero-width space', '\u200b'],
    ['a bidi override', 'Zel\u202eda'],
  ])('refuses a patient name with %s (400 naming givenName)', async (_, givenName) => {
    await refused(() => http.post('/api/patients', a.careManager.auth, newPatient({ givenName })), 'givenName');
  });

  it('refuses NUL in a query (?search=) and in a note, but keeps line breaks in notes', async () => {
    await refused(() => http.get('/api/patients?search=Zel%00da', a.careManager.auth), 'search');
    const contact = {
      type: 'follow_up',
      modality: 'phone',
      startedAt: '2026-03-12T10:30:00-04:00',
      minutes: 20,
      note: 'Line one\u0000',
    };
    await refused(() => http.post(`/api/patients/${patientId}/contacts`, a.careManager.auth, contact), 'note');
    await http
      .post(`/api/patients/${patientId}/contacts`, a.careManager.auth, { ...contact, note: 'Line one\nLine two\tok' })
      .expect(201);
  });

  it('refuses a contact before the care-date floor and dates outside the outer bounds', async () => {
    const contact = { type: 'follow_up', modality: 'phone', startedAt: '1900-06-01T10:00:00Z', minutes: 20 };
    await refused(() => http.post(`/api/patients/${patientId}/contacts`, a.careManager.auth, contact), 'startedAt');
    await refused(
      () => http.post('/api/patients', a.careManager.auth, newPatient({ birthDate: '1899-12-31' })),
      'birthDate',
    );
    expect(textProblem('copingStrategies', 'Walk daily\nCall a friend')).toBeNull(); // plan sections are multi-line
    expect(textProblem('startedAt', '1999-12-31T10:00:00Z')).toBeNull(); // inside the outer bounds …
    expect(INPUT_LIMITS.earliestCareDate > '1999-12-31').toBe(true); // … refused by IsIsoInstant's floor
  });

  it.each([
    ['/api/patients?page=99999999999', 'page'],
    ['/api/patients?page=1e20', 'page'],
    ['/api/caseload?page=1e20', 'page'],
    ['/api/billing/monthly?month=0000-01', 'month'],
    ['/api/billing/monthly?month=9999-12', 'month'],
    ['/api/outcomes/billing?month=0000-01', 'month'],
    ['/api/review/agenda?weekOf=9999-12-31', 'weekOf'],
  ])('GET %s → 400 naming %s', async (url, field) => {
    const who = url.includes('outcomes') ? a.leadership : url.includes('review') ? a.consultant : a.careManager;
    const res = await http.get(url, who.auth);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
  });

  it('refuses JSON nested 5,000 deep before parsing it', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const res = await request(t.app.getHttpServer())
      .post('/api/patients')
      .set('Authorization', a.careManager.auth)
      .set('Content-Type', 'application/json')
      .send(`{"givenName":${deep}}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(['givenName nests deeper than 32 levels']);
  });

  it('refuses 60,000 unknown answers keys in linear time, and /api/health/live stays responsive', async () => {
    const answers = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`x${i}`, 1]));
    const body = JSON.stringify({ instrument: 'PHQ9', administeredOn: '2026-03-10', source: 'clinic', answers });
    expect(body.length).toBeGreaterThan(600_000);
    const server = t.app.getHttpServer();
    const [res, live] = await Promise.all([
      request(server)
        .post(`/api/patients/${patientId}/assessments`)
        .set('Authorization', a.careManager.auth)
        .set('Content-Type', 'application/json')
        .send(body),
      request(server).get('/api/health/live'),
    ]);
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(['answers holds more than 1000 keys']);
    expect(live.status).toBe(200);
    // How long the event loop stalls (1.8 s before) is a speed target, measured by `npm run reliability` inside
    // the API on a machine reserved for it (p99 < 100 ms); timed in-process on a shared machine it measured the
    // scheduler (335 ms at nice 19 under load ~30). What makes it cheap is asserted here: the linear pre-parse scan.
    // Refused by the linear pre-parse scan: JSON.parse, validation and scoring never see it.
    expect(() => parseGuardedJson(body)).toThrow(BodyLimitError);
    expect(jsonShapeProblem(body)).toBe('answers holds more than 1000 keys');
  });

  it('the pre-parse scan skips strings whole, escaped quotes and backslashes included', () => {
    // Structural characters inside strings are not counted; an escaped quote does not end a string, an
    // escaped backslash before a quote does.
    const nested = (depth: number, key: string): string =>
      depth === 0 ? '1' : `{${JSON.stringify(key)}:${nested(depth - 1, key)}}`;
    for (const key of ['a', 'x\\"{[', 'q\\', '\\\\"', '}]:,']) {
      expect(jsonShapeProblem(nested(32, key))).toBeNull();
      expect(jsonShapeProblem(nested(33, key))).toMatch(/nests deeper than 32 levels$/);
    }
    const keys = (n: number, key: (i: number) => string): string =>
      JSON.stringify({ answers: Object.fromEntries(Array.from({ length: n }, (_, i) => [key(i), '{"x":[1,2]}'])) });
    expect(jsonShapeProblem(keys(1000, (i) => `k"${i}\\`))).toBeNull();
    expect(jsonShapeProblem(keys(1001, (i) => `k"${i}\\`))).toBe('answers holds more than 1000 keys');
    expect(jsonShapeProblem(keys(1001, (i) => `k:${i}`))).toBe('answers holds more than 1000 keys');
    // The container's name is the last string before it, escapes and all.
    expect(jsonShapeProblem(`{"a\\"b":${keys(1001, String).replace('"answers"', '"ans\\\\"')}}`)).toBe(
      'a\\"b.ans\\\\ holds more than 1000 keys',
    );
    // An unterminated string: nothing to count (JSON.parse refuses the body).
    expect(jsonShapeProblem('{"a": "never closed \\"')).toBeNull();
  });

  it('refuses an array of 10,000 items before validating any of them', async () => {
    const t0 = process.hrtime.bigint();
    const res = await http.post(
      `/api/review/episodes/00000000-0000-4000-8000-00000000dead/reviews`,
      a.consultant.auth,
      {
        weekOf: '2026-03-09',
        recommendations: Array.from({ length: 10_000 }, () => ({ type: 'other', detail: 'z' })),
      },
    );
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(['recommendations holds more than 1000 items']);
    expect(Number(process.hrtime.bigint() - t0) / 1e6).toBeLessThan(5000); // was > 1.5 s of blocked event loop
  });

  it('refuses prototype keys and an empty PHQ-9 like any unknown answer key', async () => {
    const url = `/api/patients/${patientId}/assessments`;
    const base = { instrument: 'PHQ9', administeredOn: '2026-03-10', source: 'clinic' };
    for (const key of ['constructor', 'toString', '__proto__']) {
      const res = await request(t.app.getHttpServer())
        .post(url)
        .set('Authorization', a.careManager.auth)
        .set('Content-Type', 'application/json')
        .send(
          `{"instrument":"PHQ9","administeredOn":"2026-03-10","source":"clinic","answers":{"phq9_1":1,"${key}":1}}`,
        );
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toContain(`answers.${key}`);
    }
    await refused(() => http.post(url, a.careManager.auth, { ...base, answers: {} }), 'answers');
    await refused(() => http.post(url, a.careManager.auth, { ...base, answers: { phq9_1: null } }), 'answers');
  });

  it('answers a 2 MB JSON body 413 naming the limit, after reading it (no EPIPE), on public and signed-in routes', async () => {
    const big = JSON.stringify({ big: 'x'.repeat(2_000_000) });
    for (const [path, auth] of [
      ['/api/auth/refresh', undefined],
      ['/api/staff', a.admin.auth],
      ['/api/self-report/submit', undefined],
    ] as const) {
      let req = request(t.app.getHttpServer()).post(path).set('Content-Type', 'application/json');
      if (auth) req = req.set('Authorization', auth);
      // A refusal sent while the client was still writing used to close the socket: the client saw EPIPE.
      const res = await req.send(big);
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toMatch(/json/);
      expect(res.body.message).toEqual([`body must be at most ${INPUT_LIMITS.maxBodyBytes} bytes (1 MiB)`]);
    }
  });

  it('refuses prototype keys in a JSON body even where the route reads no JSON body (400 naming the key)', async () => {
    const send = (method: 'delete' | 'post', path: string, raw: string) =>
      request(t.app.getHttpServer())
        [method](path)
        .set('Authorization', a.careManager.auth)
        .set('Content-Type', 'application/json')
        .send(raw);
    const cancel = await send(
      'delete',
      '/fhir/R4/bulk-status/00000000-0000-4000-8000-00000000dead',
      '{"constructor":{}}',
    );
    expect(cancel.status).toBe(400);
    expect(JSON.stringify(cancel.body)).toContain('constructor is not an allowed property name');
    const csv = await request(t.app.getHttpServer())
      .post('/api/imports/csv')
      .set('Authorization', a.admin.auth)
      .set('Content-Type', 'application/json')
      .send('{"a":{"__proto__":{"x":1}}}');
    expect(csv.status).toBe(400);
    expect(csv.body.message).toEqual(['a.__proto__ is not an allowed property name']);
  });

  it('refuses malformed FHIR bulk-export ids and file names with an OperationOutcome naming them (400, not 404)', async () => {
    const status = await http.get('/fhir/R4/bulk-status/not-a-uuid', a.careManager.auth).expect(400);
    expect(status.body).toMatchObject({ resourceType: 'OperationOutcome' });
    expect(JSON.stringify(status.body.issue)).toContain('jobId: must be a UUID');
    const file = await http
      .get('/fhir/R4/bulk-files/00000000-0000-4000-8000-00000000dead/..%2Fsecrets', a.careManager.auth)
      .expect(400);
    expect(JSON.stringify(file.body.issue)).toContain('file: must be the name of an export file');
    // A well-formed id of no export of the caller stays a 404.
    await http.get('/fhir/R4/bulk-status/00000000-0000-4000-8000-00000000dead', a.careManager.auth).expect(404);
  });

  it('refuses a PUT of the self-report contact or care preferences that leaves fields out (400 naming them)', async () => {
    const contact = `/api/patients/${patientId}/self-report-contact`;
    await http.put(contact, a.careManager.auth, { email: 'patient@hardening.test', phone: null }).expect(200);
    const empty = await http.put(contact, a.careManager.auth, {}).expect(400);
    expect(empty.body.message).toEqual(
      expect.arrayContaining(['email is required (null clears it)', 'phone is required (null clears it)']),
    );
    // Refused, so nothing was cleared (it used to clear both).
    expect((await http.get(contact, a.careManager.auth).expect(200)).body.email).toBe('patient@hardening.test');
    const prefs = await http
      .put(`/api/patients/${patientId}/care-preferences`, a.careManager.auth, { version: 0 })
      .expect(400);
    expect(prefs.body.message).toEqual(expect.arrayContaining(['contactMethod is required (null clears it)']));
  });

  it('marks every API answer Cache-Control: no-store, errors included', async () => {
    const ok = await http.get(`/api/patients/${patientId}`, a.careManager.auth).expect(200);
    expect(ok.headers['cache-control']).toBe('no-store');
    const missing = await http.get(`/api/patients/${patientId}`, b.careManager.auth).expect(404);
    expect(missing.headers['cache-control']).toBe('no-store');
  });

  it('audits a probe of another clinic’s patient (404) without PHI, and a wrong role (403)', async () => {
    const target = (await createPatient(t.db, a)).patientId;
    await http.get(`/api/patients/${target}`, b.careManager.auth).expect(404);
    await http.get(`/api/patients/${target}`, b.leadership.auth).expect(403);
    const rows: Array<{ action: string; outcome: string; resource_id: string | null; details: object }> =
      await t.db.query(
        `SELECT action, outcome, resource_id, details FROM audit_log
         WHERE clinic_id = $1 AND action LIKE 'access.%' AND (resource_id = $2 OR details->>'route' = 'GET /api/patients/:id')
         ORDER BY id DESC LIMIT 2`,
        [b.clinicId, target],
      );
    expect(rows.reverse()).toEqual([
      {
        action: 'access.not_found',
        outcome: 'denied',
        resource_id: target,
        details: { route: 'GET /api/patients/:id', ids: [target] },
      },
      expect.objectContaining({
        action: 'access.denied',
        outcome: 'denied',
        details: expect.objectContaining({ permission: 'patient:read' }),
      }),
    ]);
  });

  it('answers a constraint violation (duplicate MRN) 409 and a huge string 400, never 500', async () => {
    const first = newPatient();
    await http.post('/api/patients', a.careManager.auth, first).expect(201);
    const dup = await http.post('/api/patients', a.careManager.auth, { ...first, givenName: 'Yolanda' });
    expect(dup.status).toBe(409);
    const huge = await http.post('/api/patients', a.careManager.auth, newPatient({ familyName: 'x'.repeat(100_000) }));
    expect(huge.status).toBe(400);
  });

  it('logged none of the registry’s names, MRNs or birth dates, nor any query string (checked last)', async () => {
    // Route-mapping lines at start-up list the code's routes (`/fhir/R4/Patient`), not data: left out.
    const log = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((line) => !/"context":"(RouterExplorer|RoutesResolver)"/.test(line))
      .join('\n');
    expect(log.length).toBeGreaterThan(1000); // trace level: request lines and errors were written
    const people: Array<{ given_name: string; family_name: string; mrn: string; birth_date: string }> =
      await t.db.query(
        `SELECT given_name, family_name, mrn, birth_date::text AS birth_date FROM patient WHERE clinic_id = ANY($1)`,
        [[a.clinicId, b.clinicId]],
      );
    expect(people.length).toBeGreaterThan(1);
    const secrets = [
      ...people.flatMap((p) => [p.given_name, p.family_name, p.mrn, p.birth_date]),
      'Zelda',
      'Quintanilla',
      'Yolanda',
      '1971-04-05',
      'Line one',
    ];
    // Whole words: the fixtures' generic names (e.g. "Patient") may sit inside class names ("PatientsController").
    const found = (secret: string): boolean =>
      new RegExp(`(^|[^A-Za-z0-9])${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9])`).test(log);
    for (const secret of new Set(secrets)) expect({ secret, found: found(secret) }).toEqual({ secret, found: false });
    expect(log).not.toMatch(/search=|\?page=/);
  });
});
