import { Client } from 'pg';
import { GuardedClient } from '../src/app/database/guarded-pg-client';
import type { Actor } from '../src/app/common/request-actor';
import { PatientPageService } from '../src/app/patient-page/patient-page.service';
import { createPatient, type ClinicFixture } from './fixtures';
import { api, auditRows, clinicFootprint, openRegistry } from './registry-helpers';
import type { TestApp } from './test-app';

/** GET /api/patients/:id/page (issue #13): the patient page in one request, scoped and audited once. */
describe('patient page', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let http: ReturnType<typeof api>;
  let patientId: string;
  let episodeId: string;

  beforeAll(async () => {
    ({ t, a, b, http } = await openRegistry());
    ({ patientId, episodeId } = await createPatient(t.db, a, { enrolledOn: '2026-01-05' }));
    await http
      .post(`/api/patients/${patientId}/assessments`, a.careManager.auth, {
        instrument: 'PHQ9',
        administeredOn: '2026-03-10',
        source: 'phone',
        answers: {
          phq9_1: 2,
          phq9_2: 2,
          phq9_3: 1,
          phq9_4: 2,
          phq9_5: 1,
          phq9_6: 1,
          phq9_7: 1,
          phq9_8: 0,
          phq9_9: 1,
          phq9_difficulty: 1,
        },
      })
      .expect(201);
    await http
      .post(`/api/patients/${patientId}/contacts`, a.careManager.auth, {
        type: 'follow_up',
        modality: 'phone',
        startedAt: '2026-03-12T10:30:00-04:00',
        minutes: 20,
      })
      .expect(201);
  });
  afterAll(() => t.close());

  it('answers what the page’s own routes answer, part by part', async () => {
    const auth = a.careManager.auth;
    const page = (await http.get(`/api/patients/${patientId}/page?month=2026-03`, auth).expect(200)).body;
    const route = async (path: string): Promise<unknown> => (await http.get(path, auth).expect(200)).body;
    const p = `/api/patients/${patientId}`;
    expect(page.patient).toEqual(await route(p));
    expect(page.episode).toEqual(await route(`/api/episodes/${episodeId}`));
    expect(page.assessments).toEqual(await route(`${p}/assessments`));
    expect(page.assessments).toHaveLength(1);
    expect(page.contacts).toEqual(await route(`${p}/contacts`));
    expect(page.contacts).toHaveLength(1);
    expect(page.flags).toEqual(await route(`${p}/flags`));
    expect(page.flags.computed.map((f: { code: string }) => f.code)).toContain('SAFETY');
    expect(page.recommendations).toEqual(await route(`${p}/recommendations`));
    expect(page.reviews).toEqual(await route(`${p}/reviews`));
    expect(page.medications).toEqual(await route(`${p}/medications`));
    expect(page.medicationEvents).toEqual(await route(`${p}/medication-events`));
    expect(page.flagHistory).toEqual(await route(`${p}/flag-history`));
    expect(page.revisions).toEqual(await route(`${p}/revisions`));
    expect(page.billing).toEqual(await route(`${p}/billing?month=2026-03`));
    expect(page.timeline).toEqual(await route(`${p}/timeline?limit=50`));
    expect(page.selfReportContact).toEqual(await route(`${p}/self-report-contact`));
    expect(page.utilization).toEqual(await route(`${p}/utilization`));
    expect(response(page.relapsePlan)).toEqual(
      response(await http.get(`/api/episodes/${episodeId}/relapse-prevention-plan`, auth).then((r) => r.body)),
    );
  });

  it('writes one audit row naming the parts read, and no row per part', async () => {
    const before = await auditRows(t, a.clinicId);
    await http.get(`/api/patients/${patientId}/page`, a.careManager.auth).expect(200);
    const added = (await auditRows(t, a.clinicId)).slice(before.length);
    expect(added).toHaveLength(1);
    const [row] = added;
    expect(row).toMatchObject({
      action: 'patient.page.read',
      actor_id: a.careManager.id,
      patient_id: patientId,
      resource_type: 'patient',
      resource_id: patientId,
      outcome: 'success',
    });
    // Default month: the clinic's current month (the clock is frozen on 16 March 2026).
    expect(row?.details['month']).toBe('2026-03');
    const parts = (row?.details['parts'] as Array<{ action: string }>).map((part) => part.action);
    expect(parts).toEqual(
      expect.arrayContaining([
        'patient.read',
        'assessment.list',
        'contact.list',
        'patient.flags.read',
        'patient.timeline.read',
        'utilization.list',
      ]),
    );
    expect(parts.length).toBeGreaterThanOrEqual(14);
  });

  it('serves the patient’s consultant and PCP too (each in their own scope)', async () => {
    const asConsultant = (await http.get(`/api/patients/${patientId}/page`, a.consultant.auth).expect(200)).body;
    expect(asConsultant.patient.id).toBe(patientId);
    expect(asConsultant.recommendations).toEqual([]);
    const asPcp = (await http.get(`/api/patients/${patientId}/page`, a.pcp.auth).expect(200)).body;
    expect(asPcp.assessments).toHaveLength(1);
  });

  it.each([
    ['/api/patients/not-a-uuid/page', 'id'],
    ['/api/patients/:id/page?month=2026-13', 'month'],
    ['/api/patients/:id/page?month=March', 'month'],
    ['/api/patients/:id/page?extra=1', 'extra'],
  ])('answers 400 naming the field for %s, writing nothing', async (path, field) => {
    const before = await clinicFootprint(t, a.clinicId);
    const res = await http.get(path.replace(':id', patientId), a.careManager.auth).expect(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
    expect(await clinicFootprint(t, a.clinicId)).toEqual(before);
  });

  it('answers 404 for another clinic’s patient and for another caseload’s, with nothing read', async () => {
    const before = await auditRows(t, a.clinicId, 'patient.page.read');
    const other = await createPatient(t.db, b);
    await http.get(`/api/patients/${other.patientId}/page`, a.careManager.auth).expect(404);
    await http.get(`/api/patients/${patientId}/page`, b.careManager.auth).expect(404);
    await http.get(`/api/patients/${patientId}/page`, a.otherCareManager.auth).expect(404);
    expect(await auditRows(t, a.clinicId, 'patient.page.read')).toEqual(before);
  });

  it('answers 403 to roles without patient access (leadership, admin)', async () => {
    await http.get(`/api/patients/${patientId}/page`, a.leadership.auth).expect(403);
    await http.get(`/api/patients/${patientId}/page`, a.admin.auth).expect(403);
  });

  it('reports its server time and per-request overhead in Server-Timing', async () => {
    const res = await http.get(`/api/patients/${patientId}/page`, a.careManager.auth).expect(200);
    const timing = String(res.headers['server-timing']);
    for (const name of ['total', 'auth', 'scope', 'audit'])
      expect(timing).toMatch(new RegExp(`${name};dur=\\d+\\.\\d{2}`));
    expect(timing).toMatch(/cache-hit;desc=\d+, cache-miss;desc=\d+/);
    const dur = (name: string): number => Number(new RegExp(`${name};dur=([\\d.]+)`).exec(timing)?.[1]);
    // The parts run concurrently, so each share (not their sum) lies within the request's time.
    for (const name of ['auth', 'scope', 'audit']) expect(dur(name)).toBeLessThanOrEqual(dur('total'));
    expect(dur('scope')).toBeGreaterThan(0);
  });

  it('reads everything in one snapshot: far fewer SQL statements than its routes together', async () => {
    const auth = a.careManager.auth;
    const sql = (res: { headers: Record<string, string> }): number =>
      Number(/sql;desc=(\d+)/.exec(String(res.headers['server-timing']))?.[1]);
    const pageResponse = await http.get(`/api/patients/${patientId}/page?month=2026-03`, auth).expect(200);
    const page = sql(pageResponse);
    // Its reads travel together (read-snapshot.ts ReadBatch): fewer messages than statements.
    const roundTrips = Number(/sql-round-trips;desc=(\d+)/.exec(String(pageResponse.headers['server-timing']))?.[1]);
    expect(roundTrips).toBeGreaterThan(0);
    expect(roundTrips).toBeLessThan(page / 2);
    const p = `/api/patients/${patientId}`;
    const routes = [
      p,
      `/api/episodes/${episodeId}`,
      `${p}/assessments`,
      `${p}/contacts`,
      `${p}/flags`,
      `${p}/recommendations`,
      `${p}/reviews`,
      `${p}/medications`,
      `${p}/medication-events`,
      `${p}/flag-history`,
      `${p}/revisions`,
      `${p}/billing?month=2026-03`,
      `${p}/timeline?limit=50`,
      `${p}/self-report-contact`,
      `${p}/utilization`,
      `/api/episodes/${episodeId}/relapse-prevention-plan`,
    ];
    let separately = 0;
    for (const route of routes) separately += sql(await http.get(route, auth).expect(200));
    expect(page).toBeGreaterThan(0);
    // One transaction instead of one per part, and each repeated read (time zone, assessments,
    // revisions, staff names …) sent once: under half of what the routes send.
    expect(page).toBeLessThan(separately / 2);
  });

  it('sends its reads in a few messages on its one connection, and takes no second connection meanwhile', async () => {
    const service = t.app.get(PatientPageService);
    const actor = { ...a.careManager, sessionId: 'test', ip: null } as Actor;
    await service.page(actor, patientId, '2026-03');
    const spy = jest.spyOn(Client.prototype, 'query');
    let sent: Array<{ pid: number; text: string }> = [];
    try {
      await service.page(actor, patientId, '2026-03');
      sent = spy.mock.calls
        .map(([config], i) => ({
          client: spy.mock.contexts[i],
          pid: (spy.mock.contexts[i] as Client & { processID: number }).processID,
          text: typeof config === 'string' ? config : String((config as { text?: string }).text),
        }))
        // The app's pool only (the job queue polls on its own connections meanwhile).
        .filter((s) => s.client instanceof GuardedClient);
    } finally {
      spy.mockRestore();
    }
    // The transaction's start rides at the head of the first message (no BEGIN of its own).
    const begin = sent.findIndex((s) =>
      s.text.startsWith(
        'START TRANSACTION\n;\nSET TRANSACTION ISOLATION LEVEL REPEATABLE READ\n;\nSET TRANSACTION READ ONLY\n;',
      ),
    );
    const commit = sent.findIndex((s) => s.text === 'COMMIT');
    expect(begin).toBeGreaterThanOrEqual(0);
    expect(sent.filter((s) => /^(START|BEGIN|SET TRANSACTION)/.test(s.text))).toHaveLength(1);
    const reads = sent.slice(begin, commit);
    // Everything from the first message to COMMIT on the snapshot's connection: a page that needed a second
    // connection while holding its first exhausted the pool under 50 concurrent pages (cache off).
    expect(new Set([...reads, sent[commit]].map((s) => s?.pid))).toEqual(new Set([sent[begin]?.pid]));
    const statements = reads.reduce((n, s) => n + (s.text.match(/^(SELECT|WITH|EXECUTE)\b/gm)?.length ?? 0), 0);
    // ~27 reads (the parts' own statements), carried by three round trips instead of one each: the scope
    // check; every part's first reads with the patient's episodes; then what those answers name (the open
    // episode, with its care team's names, billing, flags, staff names).
    expect(statements).toBeGreaterThanOrEqual(20);
    expect(reads.length).toBeLessThanOrEqual(3);
  });

  it('shows a write on the next read (nothing is kept between requests)', async () => {
    const auth = a.careManager.auth;
    const url = `/api/patients/${patientId}/page?month=2026-03`;
    const before = (await http.get(url, auth).expect(200)).body;
    await http
      .post(`/api/patients/${patientId}/contacts`, auth, {
        type: 'follow_up',
        modality: 'phone',
        startedAt: '2026-03-13T09:00:00-04:00',
        minutes: 10,
      })
      .expect(201);
    const after = (await http.get(url, auth).expect(200)).body;
    expect(after.contacts).toHaveLength(before.contacts.length + 1);
    expect(after.billing).not.toEqual(before.billing);
    expect(after.timeline.entries.length).toBe(before.timeline.entries.length + 1);
  });
});

/** A relapse-plan answer or a refusal, compared by status-free body. */
function response(body: unknown): unknown {
  return body && typeof body === 'object' && 'statusCode' in body ? null : body;
}
