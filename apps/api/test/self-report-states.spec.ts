import { createServer, type IncomingMessage, type Server } from 'node:http';
import request from 'supertest';
import { SessionService } from '../src/app/auth/session.service';
import { answersFor, freezeClock as freezeAt } from './builders';
import { createClinic, createPatient, type ClinicFixture, type StaffFixture } from './fixtures';
import { api, auditRows, NOW, TODAY } from './registry-helpers';
import { createTestApp, type TestApp } from './test-app';

const SID = `AC${'b2'.repeat(16)}`;

/**
 * The caseload's self-report badges (issue #16): `GET /api/self-report/states?episodeIds=…` answers the
 * state of the caller's open episodes in one query, with a frozen clock; and links sent by SMS through
 * the Twilio transport, against a local HTTP server standing in for api.twilio.com.
 */
describe('self-report states and SMS links', () => {
  let sms: Server;
  const texts: Array<{ url: string; auth: string; body: URLSearchParams }> = [];
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let http: ReturnType<typeof api>;

  beforeAll(async () => {
    sms = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        texts.push({ url: req.url ?? '', auth: req.headers.authorization ?? '', body: new URLSearchParams(body) });
        res.writeHead(201, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ sid: 'SM1' }));
      });
    });
    await new Promise<void>((resolve) => sms.listen(0, '127.0.0.1', resolve));
    const address = sms.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    t = await createTestApp({
      PUBLIC_URL: 'https://huddle.test',
      SMS_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: 'test-token',
      TWILIO_FROM: '+15005550006',
      TWILIO_API_BASE: `http://127.0.0.1:${port}`,
    });
    freezeAt(t, NOW);
    a = await createClinic(t);
    b = await createClinic(t);
    http = api(t);
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => sms.close(() => resolve()));
  });

  const phq9On = (c: ClinicFixture, p: { patientId: string; episodeId: string }, on: string) =>
    t.db.query(
      `INSERT INTO assessment (clinic_id, patient_id, episode_id, instrument, administered_on, source, answers, total,
         severity, positive_screen, complete, safety_risk)
       VALUES ($1, $2, $3, 'PHQ9', $4, 'clinic', $5, 12, 'moderate', true, true, false)`,
      [c.clinicId, p.patientId, p.episodeId, on, JSON.stringify(answersFor('PHQ9', 12))],
    );
  const states = (ids: string[], auth: string) => http.get(`/api/self-report/states?episodeIds=${ids.join(',')}`, auth);
  const byEpisode = (body: Array<{ episodeId: string; state: string; dueOn: string; patientId: string }>) =>
    Object.fromEntries(body.map((r) => [r.episodeId, r]));

  it('answers scheduled, overdue, sent and completed for the episodes asked (frozen clock); audited', async () => {
    // NOW = 16 March 2026, 11:00 New York; every 14 days in active treatment, links 3 days ahead.
    const scheduled = await createPatient(t.db, a, { enrolledOn: '2026-03-02' });
    await phq9On(a, scheduled, '2026-03-10'); // due 24 March: not yet
    const overdue = await createPatient(t.db, a, { enrolledOn: '2026-02-01' });
    await phq9On(a, overdue, '2026-02-20'); // due 6 March, nothing since
    const texted = await createPatient(t.db, a, { enrolledOn: '2026-03-02' });
    await phq9On(a, texted, '2026-03-05'); // due 19 March: in the 3-day window
    const notAsked = await createPatient(t.db, a, { enrolledOn: '2026-03-02' });

    const ids = [scheduled.episodeId, overdue.episodeId, texted.episodeId];
    const before = byEpisode((await states(ids, a.careManager.auth).expect(200)).body);
    expect(Object.keys(before).sort()).toEqual([...ids].sort());
    expect(before[scheduled.episodeId]).toEqual({
      episodeId: scheduled.episodeId,
      patientId: scheduled.patientId,
      state: 'scheduled',
      dueOn: '2026-03-24',
    });
    expect(before[overdue.episodeId]).toMatchObject({ state: 'overdue', dueOn: '2026-03-06' });
    expect(before[texted.episodeId]).toMatchObject({ state: 'due', dueOn: '2026-03-19' });
    expect(before[notAsked.episodeId]).toBeUndefined();

    // The SMS goes through the Twilio API (local stand-in): form-encoded, basic auth, the link in the text.
    texts.length = 0;
    const contact = await http.get(`/api/patients/${texted.patientId}/self-report-contact`, a.careManager.auth);
    expect(contact.body).toMatchObject({ smsAvailable: true, emailAvailable: false, phone: null });
    await http
      .post(`/api/patients/${texted.patientId}/self-report-links`, a.careManager.auth, {
        instruments: ['PHQ9'],
        channel: 'sms',
        phone: '+12125550123',
        language: 'es',
      })
      .expect(201)
      .expect((res) => expect(res.body).toMatchObject({ channel: 'sms', delivery: 'sent' }));
    expect(texts).toHaveLength(1);
    const [text] = texts;
    expect(text?.url).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(text?.auth).toBe(`Basic ${Buffer.from(`${SID}:test-token`).toString('base64')}`);
    expect(text?.body.get('To')).toBe('+12125550123');
    expect(text?.body.get('From')).toBe('+15005550006');
    const message = text?.body.get('Body') ?? '';
    expect(message).toContain('conteste su cuestionario');
    const token = /\/r#([A-Za-z0-9_-]{43})/.exec(message)?.[1];
    expect(token).toBeDefined();
    expect(message).not.toContain(scheduled.patientId);
    expect(byEpisode((await states(ids, a.careManager.auth).expect(200)).body)[texted.episodeId]?.state).toBe('sent');

    // The patient answers through the texted link: completed, and the next due date moves on.
    await request(t.app.getHttpServer())
      .post('/api/self-report/submit')
      .send({ token, responses: [{ instrument: 'PHQ9', answers: answersFor('PHQ9', 4) }], language: 'es' })
      .expect(200);
    const after = byEpisode((await states(ids, a.careManager.auth).expect(200)).body);
    expect(after[texted.episodeId]).toMatchObject({ state: 'completed', dueOn: '2026-03-30' });
    expect(after[overdue.episodeId]?.state).toBe('overdue');

    // A day later the clock moves: the scheduled one stays scheduled, the overdue one stays overdue.
    freezeAt(t, '2026-03-21T15:00:00Z');
    try {
      const later = `Bearer ${(await t.app.get(SessionService).open(a.careManager)).accessToken}`;
      const moved = byEpisode((await states(ids, later).expect(200)).body);
      expect(moved[scheduled.episodeId]?.state).toBe('due'); // 21 March ≥ 24 March − 3 days
      expect(moved[texted.episodeId]?.state).toBe('completed');
    } finally {
      freezeAt(t, NOW);
    }

    const audit = (await auditRows(t, a.clinicId, 'self_report.states.read')).filter(
      (r) => r.actor_id === a.careManager.id,
    );
    expect(audit.length).toBeGreaterThanOrEqual(3);
    expect(audit[0]).toMatchObject({ outcome: 'success', resource_type: 'self_report_status' });
    expect(TODAY).toBe('2026-03-16');
  });

  it("answers 404 for another clinic's or another caseload's episode, 403 to roles without the caseload", async () => {
    const mine = await createPatient(t.db, a, { enrolledOn: '2026-03-02' });
    const otherCaseload = await createPatient(t.db, a, {
      enrolledOn: '2026-03-02',
      careManagerId: a.otherCareManager.id,
    });
    const otherClinic = await createPatient(t.db, b, { enrolledOn: '2026-03-02' });
    await states([mine.episodeId, otherClinic.episodeId], a.careManager.auth).expect(404);
    await states([mine.episodeId, otherCaseload.episodeId], a.careManager.auth).expect(404);
    await states([otherCaseload.episodeId], a.otherCareManager.auth).expect(200);
    await states([mine.episodeId], b.careManager.auth).expect(404);
    const roles: StaffFixture[] = [a.leadership, a.admin];
    for (const who of roles) await states([mine.episodeId], who.auth).expect(403);
  });

  it('refuses a missing or malformed list naming episodeIds, and writes no audit row for it', async () => {
    const before = (await auditRows(t, a.clinicId, 'self_report.states.read')).length;
    for (const query of [
      '',
      '?episodeIds=',
      '?episodeIds=not-a-uuid',
      `?episodeIds=${Array(201).fill(crypto.randomUUID()).join(',')}`,
    ]) {
      await http
        .get(`/api/self-report/states${query}`, a.careManager.auth)
        .expect(400)
        .expect((res) => expect(JSON.stringify(res.body.message)).toContain('episodeIds'));
    }
    expect((await auditRows(t, a.clinicId, 'self_report.states.read')).length).toBe(before);
  });
});
