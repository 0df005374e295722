import { createHash } from 'node:crypto';
import request from 'supertest';
import { SessionService } from '../src/app/auth/session.service';
import { SelfReportDelivery } from '../src/app/self-report/self-report-delivery.service';
import { SelfReportJobs } from '../src/app/self-report/self-report-jobs.service';
import { LINK_NOT_VALID } from '../src/app/self-report/self-report-form.service';
import { answersFor, freezeClock as freezeAt } from './builders';
import { createPatient, createStaff, type ClinicFixture, type StaffFixture } from './fixtures';
import { api, auditRows, NOW } from './registry-helpers';
import { createClinic } from './fixtures';
import { SmtpSink, tokenIn } from './smtp-sink';
import { createTestApp, type TestApp } from './test-app';

/**
 * Patient self-report (issue #16) against real PostgreSQL and a real SMTP server (smtp-server):
 * links by email, the public form, the crisis path, kiosk codes, the schedule with a frozen clock.
 */
describe('patient self-report', () => {
  let smtp: SmtpSink;
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let kiosk: StaffFixture;
  let http: ReturnType<typeof api>;

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    t = await createTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://huddle.test' });
    freezeAt(t, NOW);
    a = await createClinic(t);
    b = await createClinic(t);
    kiosk = await createStaff(t, a.clinicId, 'kiosk');
    http = api(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const server = () => t.app.getHttpServer();
  const open = (token: string) => request(server()).post('/api/self-report/open').send({ token });
  const submit = (token: string, responses: object[], language?: string) =>
    request(server())
      .post('/api/self-report/submit')
      .send({ token, responses, ...(language ? { language } : {}) });
  const mailTo = (address: string) => smtp.waitFor((m) => m.to.includes(address.toLowerCase()), 5_000);
  let seq = 0;
  const address = () => `patient.${Date.now()}.${seq++}@example.test`;

  async function sendLink(patientId: string, body: object = {}) {
    const email = address();
    const res = await http
      .post(`/api/patients/${patientId}/self-report-links`, a.careManager.auth, {
        instruments: ['PHQ9'],
        channel: 'email',
        email,
        ...body,
      })
      .expect(201);
    const mail = await mailTo(email);
    return { res, mail, token: tokenIn(mail), email };
  }

  describe('links', () => {
    it('emails the patient a one-time link; only the hash of a 256-bit token is stored; audited', async () => {
      const { patientId } = await createPatient(t.db, a);
      const { res, mail, token } = await sendLink(patientId, { language: 'es' });
      expect(res.body).toEqual({
        id: expect.any(String),
        channel: 'email',
        instruments: ['PHQ9'],
        // Default expiry: 72 hours (libs/scoring DEFAULT_MEASUREMENT_SCHEDULE).
        expiresAt: new Date(Date.parse(NOW) + 72 * 3_600_000).toISOString(),
        delivery: 'sent',
      });
      expect(mail.subject).toContain('Cuestionario');
      expect(mail.text).toContain('Hola Test');
      expect(mail.text).toContain(`https://huddle.test/r#${token}`);
      expect(mail.text).not.toMatch(/Patient|MRN/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);

      const stored: Array<{ hex: string }> = await t.db.query(
        `SELECT encode(token_hash, 'hex') AS hex FROM self_report_token WHERE link_id = $1`,
        [res.body.id],
      );
      expect(stored).toEqual([{ hex: createHash('sha256').update(token).digest('hex') }]);
      const dump: Array<{ j: string }> = await t.db.query(
        `SELECT row_to_json(l)::text || coalesce((SELECT string_agg(row_to_json(a)::text, '') FROM audit_log a
           WHERE a.resource_id = l.id::text), '') AS j FROM self_report_link l WHERE l.id = $1`,
        [res.body.id],
      );
      expect(dump[0]?.j).not.toContain(token);

      const audit = await auditRows(t, a.clinicId);
      const actions = audit.filter((r) => r.resource_id === res.body.id).map((r) => r.action);
      expect(actions).toEqual(['self_report.link.create', 'self_report.link.send']);
      expect(JSON.stringify(audit)).not.toContain(token);
    });

    it('refuses bad input naming the field and changes nothing', async () => {
      const { patientId } = await createPatient(t.db, a);
      const before = await t.db.query(`SELECT count(*)::int AS n FROM self_report_link WHERE patient_id = $1`, [
        patientId,
      ]);
      const cases: Array<[object, string]> = [
        [{ instruments: ['PHQ8'], channel: 'email', email: 'x@example.test' }, 'instruments'],
        [{ instruments: [], channel: 'email', email: 'x@example.test' }, 'instruments'],
        [{ instruments: ['PHQ9'], channel: 'fax' }, 'channel'],
        [{ instruments: ['PHQ9'], channel: 'email', email: 'not-an-address' }, 'email'],
        [{ instruments: ['PHQ9'], channel: 'email' }, 'email'], // no email on file
        [{ instruments: ['PHQ9'], channel: 'sms', phone: '+12125550123' }, 'channel'], // SMS off
        [{ instruments: ['PHQ9'], channel: 'email', email: 'x@example.test', language: 'fr' }, 'language'],
      ];
      for (const [body, field] of cases) {
        const res = await http.post(`/api/patients/${patientId}/self-report-links`, a.careManager.auth, body);
        expect({ body, status: res.status, mentions: JSON.stringify(res.body).includes(field) }).toEqual({
          body,
          status: 400,
          mentions: true,
        });
      }
      const after = await t.db.query(`SELECT count(*)::int AS n FROM self_report_link WHERE patient_id = $1`, [
        patientId,
      ]);
      expect(after).toEqual(before);
      const contact = await t.db.query(`SELECT 1 FROM self_report_contact WHERE patient_id = $1`, [patientId]);
      expect(contact).toEqual([]);
    });

    it("answers 404 for another clinic's or another caseload's patient and 403 to a role without the permission", async () => {
      const other = await createPatient(t.db, b);
      const otherCaseload = await createPatient(t.db, a, { careManagerId: a.otherCareManager.id });
      const body = { instruments: ['PHQ9'], channel: 'email', email: 'x@example.test' };
      await http.post(`/api/patients/${other.patientId}/self-report-links`, a.careManager.auth, body).expect(404);
      await http
        .post(`/api/patients/${otherCaseload.patientId}/self-report-links`, a.careManager.auth, body)
        .expect(404);
      await http
        .post(`/api/patients/${other.patientId}/kiosk-codes`, a.careManager.auth, { instruments: ['PHQ9'] })
        .expect(404);
      const own = await createPatient(t.db, a);
      await http.post(`/api/patients/${own.patientId}/self-report-links`, a.leadership.auth, body).expect(403);
      await http.post(`/api/patients/${own.patientId}/self-report-links`, kiosk.auth, body).expect(403);
      await http
        .post(`/api/patients/${own.patientId}/kiosk-codes`, a.consultant.auth, { instruments: ['PHQ9'] })
        .expect(403);
    });

    it('keeps the contact: PUT/GET, and a later link may use it', async () => {
      const { patientId } = await createPatient(t.db, a);
      const email = address();
      await http
        .put(`/api/patients/${patientId}/self-report-contact`, a.careManager.auth, { email, phone: '+12125550123' })
        .expect(200);
      const got = await http.get(`/api/patients/${patientId}/self-report-contact`, a.careManager.auth).expect(200);
      expect(got.body).toEqual({ patientId, email, phone: '+12125550123', smsAvailable: false, emailAvailable: true });
      await http
        .put(`/api/patients/${patientId}/self-report-contact`, a.careManager.auth, {
          email: 'x@example.test',
          phone: '555',
        })
        .expect(400)
        .expect((res) => expect(JSON.stringify(res.body.message)).toContain('phone'));
      await http
        .post(`/api/patients/${patientId}/self-report-links`, a.careManager.auth, {
          instruments: ['GAD7'],
          channel: 'email',
        })
        .expect(201);
      await mailTo(email);
    });
  });

  describe('the public form', () => {
    it('opens with a first name and the instruments only', async () => {
      const { patientId } = await createPatient(t.db, a);
      const { token } = await sendLink(patientId, { instruments: ['PHQ9', 'GAD7'] });
      const res = await open(token).expect(200);
      expect(res.body).toEqual({
        firstName: 'Test',
        language: 'en',
        instruments: ['PHQ9', 'GAD7'],
        expiresAt: expect.any(String),
      });
      expect(JSON.stringify(res.body)).not.toMatch(/Patient|MRN|1980|[0-9a-f]{8}-[0-9a-f]{4}-/);
    });

    it('stores a Spanish PHQ-9 as source patient, scored and flagged like a typed one; the link then refuses', async () => {
      const { patientId } = await createPatient(t.db, a);
      const { token } = await sendLink(patientId, { language: 'es' });
      const answers = answersFor('PHQ9', 16);
      const res = await submit(token, [{ instrument: 'PHQ9', answers }], 'es').expect(200);
      expect(res.body).toEqual({ crisis: false });

      const scores = await http.get(`/api/patients/${patientId}/assessments`, a.careManager.auth).expect(200);
      expect(scores.body).toEqual([
        expect.objectContaining({
          instrument: 'PHQ9',
          source: 'patient',
          total: 16,
          severity: { code: 'moderately_severe', label: 'Moderately severe' },
          administeredOn: '2026-03-16',
          enteredBy: null,
          safetyRisk: false,
        }),
      ]);
      const again = await submit(token, [{ instrument: 'PHQ9', answers }]).expect(404);
      expect(again.body.message).toBe(LINK_NOT_VALID);
      await open(token).expect(404);
      const submitted = await auditRows(t, a.clinicId, 'self_report.submit');
      expect(submitted.filter((r) => r.patient_id === patientId)).toEqual([
        expect.objectContaining({ actor_id: null, outcome: 'success', resource_type: 'self_report_link' }),
      ]);
    });

    it('answers wrong, used and expired links alike, with no detail', async () => {
      const { patientId } = await createPatient(t.db, a);
      const { token } = await sendLink(patientId);
      const wrong = await open('A'.repeat(43)).expect(404);
      const malformed = await open('short').expect(404);
      freezeAt(t, new Date(Date.parse(NOW) + 72 * 3_600_000 + 1000).toISOString());
      try {
        const expired = await open(token).expect(404);
        expect(expired.body).toEqual(wrong.body);
        expect(malformed.body).toEqual(wrong.body);
        expect(wrong.body.message).toBe(LINK_NOT_VALID);
      } finally {
        freezeAt(t, NOW);
      }
      // Still valid at NOW (nothing was used).
      await open(token).expect(200);
    });

    it('refuses answers outside the instrument or not requested, naming the field, and keeps the link', async () => {
      const { patientId } = await createPatient(t.db, a);
      const { token } = await sendLink(patientId);
      await submit(token, [{ instrument: 'PHQ9', answers: { ...answersFor('PHQ9', 5), phq9_3: 7 } }])
        .expect(400)
        .expect((res) => expect(JSON.stringify(res.body)).toContain('responses.0.answers.phq9_3'));
      await submit(token, [{ instrument: 'GAD7', answers: answersFor('GAD7', 5) }])
        .expect(400)
        .expect((res) => expect(JSON.stringify(res.body)).toContain('responses.0.instrument'));
      await submit(token, [{ instrument: 'PHQ9', answers: answersFor('PHQ9', 5), extra: 1 }]).expect(400);
      const stored = await t.db.query(`SELECT 1 FROM assessment WHERE patient_id = $1`, [patientId]);
      expect(stored).toEqual([]);
      await submit(token, [{ instrument: 'PHQ9', answers: answersFor('PHQ9', 5) }]).expect(200);
    });
  });

  describe('item 9 above 0', () => {
    it('tells the patient at once, raises SAFETY and emails the care manager and the safety contact (retried)', async () => {
      const safety = `safety.${Date.now()}@clinic.test`;
      const current = await http.get('/api/self-report/settings', a.admin.auth).expect(200);
      await http
        .put('/api/self-report/settings', a.admin.auth, { ...current.body, safetyContactEmail: safety })
        .expect(200);
      const { patientId, mrn } = await createPatient(t.db, a);
      const { token } = await sendLink(patientId);
      const res = await submit(token, [{ instrument: 'PHQ9', answers: answersFor('PHQ9', 8, { item9: 1 }) }]).expect(
        200,
      );
      expect(res.body).toEqual({ crisis: true });

      const flags = await http.get(`/api/patients/${patientId}/flags`, a.careManager.auth).expect(200);
      expect(flags.body.computed.map((f: { code: string }) => f.code)).toContain('SAFETY');

      const [alert] = await t.db.query(`SELECT id, delivered_at FROM safety_alert WHERE patient_id = $1`, [patientId]);
      expect(alert.delivered_at).toBeNull();
      const delivery = t.app.get(SelfReportDelivery);
      smtp.failNext(1);
      await expect(delivery.deliverSafetyAlert(alert.id)).rejects.toThrow();
      expect(await auditRows(t, a.clinicId, 'self_report.safety_alert.failed')).toHaveLength(1);
      await expect(delivery.deliverSafetyAlert(alert.id)).resolves.toBe('sent');
      await expect(delivery.deliverSafetyAlert(alert.id)).resolves.toBe('skipped'); // never twice

      const mail = await smtp.waitFor((m) => m.to.includes(safety), 5_000);
      expect(mail.to.sort()).toEqual([a.careManager.email.toLowerCase(), safety].sort());
      expect(mail.subject).toContain('URGENT');
      expect(mail.text).toContain(`https://huddle.test/patients/${patientId}`);
      expect(mail.text).not.toContain(mrn);
      expect(mail.text).not.toContain('Test Patient');
      const [delivered] = await t.db.query(`SELECT attempts, delivered_at FROM safety_alert WHERE id = $1`, [alert.id]);
      expect(delivered.attempts).toBe(2);
      expect(delivered.delivered_at).not.toBeNull();
      expect(await auditRows(t, a.clinicId, 'self_report.safety_alert.sent')).toEqual([
        expect.objectContaining({ patient_id: patientId, resource_id: alert.id, details: { recipients: 2 } }),
      ]);
    });
  });

  describe('kiosk codes', () => {
    it('a staff code opens the form once on the kiosk of the clinic, then back to code entry', async () => {
      const { patientId } = await createPatient(t.db, a);
      const made = await http
        .post(`/api/patients/${patientId}/kiosk-codes`, a.careManager.auth, {
          instruments: ['PHQ2', 'GAD2'],
          language: 'es',
        })
        .expect(201);
      expect(made.body.code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
      expect(made.body.expiresAt).toBe(new Date(Date.parse(NOW) + 30 * 60_000).toISOString());
      const [stored] = await t.db.query(
        `SELECT encode(token_hash, 'hex') AS hex FROM self_report_token WHERE kind = 'kiosk_code' AND clinic_id = $1 ORDER BY created_at DESC LIMIT 1`,
        [a.clinicId],
      );
      expect(stored.hex).toBe(createHash('sha256').update(made.body.code).digest('hex'));

      // Another clinic's kiosk cannot use it.
      const kioskB = await createStaff(t, b.clinicId, 'kiosk');
      await http.post('/api/kiosk/redeem', kioskB.auth, { code: made.body.code }).expect(400);
      const typed = `${made.body.code.slice(0, 4).toLowerCase()}-${made.body.code.slice(4)}`;
      const redeemed = await http.post('/api/kiosk/redeem', kiosk.auth, { code: typed }).expect(200);
      await http.post('/api/kiosk/redeem', kiosk.auth, { code: made.body.code }).expect(400);
      const form = await open(redeemed.body.token).expect(200);
      expect(form.body).toMatchObject({ firstName: 'Test', language: 'es', instruments: ['PHQ2', 'GAD2'] });
      await submit(redeemed.body.token, [
        { instrument: 'PHQ2', answers: { phq2_1: 2, phq2_2: 2 } },
        { instrument: 'GAD2', answers: { gad2_1: 0, gad2_2: 1 } },
      ]).expect(200);
      const scores = await http.get(`/api/patients/${patientId}/assessments`, a.careManager.auth).expect(200);
      expect(
        scores.body
          .map((s: { instrument: string; total: number; positiveScreen: boolean }) => [
            s.instrument,
            s.total,
            s.positiveScreen,
          ])
          .sort(),
      ).toEqual([
        ['GAD2', 1, false],
        ['PHQ2', 4, true],
      ]);
      await http.post('/api/kiosk/redeem', a.careManager.auth, { code: made.body.code }).expect(403);
      await http.post('/api/kiosk/redeem', kiosk.auth, { code: '' }).expect(400);
      // The kiosk account sees no patient data.
      await http.get(`/api/patients/${patientId}`, kiosk.auth).expect(403);
      expect((await auditRows(t, a.clinicId, 'self_report.kiosk_code.redeem'))[0]).toMatchObject({
        actor_id: kiosk.id,
        patient_id: patientId,
      });
    });

    it('expires with the kiosk-code lifetime', async () => {
      const { patientId } = await createPatient(t.db, a);
      const made = await http
        .post(`/api/patients/${patientId}/kiosk-codes`, a.careManager.auth, { instruments: ['PHQ9'] })
        .expect(201);
      freezeAt(t, new Date(Date.parse(NOW) + 31 * 60_000).toISOString());
      try {
        const auth = `Bearer ${(await t.app.get(SessionService).open(kiosk)).accessToken}`;
        await http.post('/api/kiosk/redeem', auth, { code: made.body.code }).expect(400);
      } finally {
        freezeAt(t, NOW);
      }
    });
  });

  describe('settings', () => {
    it('are read by the clinic, changed by its admin within the bounds of libs/scoring', async () => {
      const c = await createClinic(t);
      const got = await http.get('/api/self-report/settings', c.careManager.auth).expect(200);
      expect(got.body).toEqual({
        activeIntervalDays: 14,
        relapsePreventionIntervalDays: 30,
        leadDays: 3,
        reminderAfterDays: 2,
        linkExpiryHours: 72,
        kioskCodeMinutes: 30,
        safetyContactEmail: null,
        version: 0,
      });
      await http.put('/api/self-report/settings', c.careManager.auth, got.body).expect(403);
      for (const [field, value] of [
        ['activeIntervalDays', 3],
        ['linkExpiryHours', 2],
        ['leadDays', 1.5],
        ['safetyContactEmail', 'nope'],
      ] as const) {
        const res = await http
          .put('/api/self-report/settings', c.admin.auth, { ...got.body, [field]: value })
          .expect(400);
        expect(JSON.stringify(res.body)).toContain(field);
      }
      const saved = await http
        .put('/api/self-report/settings', c.admin.auth, { ...got.body, activeIntervalDays: 21 })
        .expect(200);
      expect(saved.body).toMatchObject({ activeIntervalDays: 21, version: 1 });
      await http.put('/api/self-report/settings', c.admin.auth, { ...got.body, activeIntervalDays: 28 }).expect(409);
      expect(await auditRows(t, c.clinicId, 'self_report.settings.update')).toHaveLength(1);
    });
  });

  describe('measurement schedule (frozen clock)', () => {
    it('sends a link leadDays before the due date, once; reminds after 2 days; expires after 72 h; worklist follows', async () => {
      const c = await createClinic(t);
      // Active since 2 March; last PHQ-9 on 5 March → due 19 March (every 14 days); link from 16 March.
      const { patientId, episodeId } = await createPatient(t.db, c, { enrolledOn: '2026-03-02' });
      await t.db.query(
        `INSERT INTO assessment (clinic_id, patient_id, episode_id, instrument, administered_on, source, answers, total,
           severity, positive_screen, complete, safety_risk)
         VALUES ($1, $2, $3, 'PHQ9', '2026-03-05', 'clinic', $4, 12, 'moderate', true, true, false)`,
        [c.clinicId, patientId, episodeId, JSON.stringify(answersFor('PHQ9', 12))],
      );
      const noContact = await createPatient(t.db, c, { enrolledOn: '2026-03-02' }); // due, but nowhere to send
      const email = address();
      await http
        .put(`/api/patients/${patientId}/self-report-contact`, c.careManager.auth, { email, phone: null })
        .expect(200);
      const jobs = t.app.get(SelfReportJobs);
      const delivery = t.app.get(SelfReportDelivery);
      const mine = (ids: string[]) =>
        t.db
          .query(`SELECT id FROM self_report_link WHERE id = ANY($1) AND clinic_id = $2`, [ids, c.clinicId])
          .then((rows: Array<{ id: string }>) => rows.map((r) => r.id));
      // A session opened at the frozen instant (tokens opened at NOW have expired by then).
      const authNow = async () => `Bearer ${(await t.app.get(SessionService).open(c.careManager)).accessToken}`;
      const status = async () =>
        (await http.get('/api/self-report/status?missing=false', await authNow()).expect(200)).body as Array<{
          patientId: string;
          state: string;
          dueOn: string;
        }>;

      const at = async (iso: string) => {
        freezeAt(t, iso);
        return jobs.tick();
      };
      try {
        // 15 March, 11:00 New York: not yet (due 19 March, lead 3 days).
        expect(await mine((await at('2026-03-15T15:00:00Z')).sent)).toEqual([]);
        expect((await status()).find((r) => r.patientId === patientId)).toMatchObject({
          state: 'scheduled',
          dueOn: '2026-03-19',
        });

        // 16 March: two instances run at once → one link.
        freezeAt(t, '2026-03-16T15:00:00Z');
        const runs = await Promise.all([jobs.tick(), jobs.tick()]);
        const sent = await mine(runs.flatMap((r) => r.sent));
        expect(sent).toHaveLength(1);
        expect(await mine((await jobs.tick()).sent)).toEqual([]);
        await expect(delivery.deliverLink(sent[0] as string, false)).resolves.toBe('sent');
        await expect(delivery.deliverLink(sent[0] as string, false)).resolves.toBe('skipped'); // a retried job: not twice
        const first = await mailTo(email);
        expect(first.subject).not.toContain('Reminder');
        expect((await status()).find((r) => r.patientId === patientId)?.state).toBe('sent');
        const worklist = (await http.get('/api/self-report/status', await authNow()).expect(200)).body;
        expect(
          worklist.map((r: { patientId: string; state: string; hasContact: boolean }) => [
            r.patientId,
            r.state,
            r.hasContact,
          ]),
        ).toEqual([
          [noContact.patientId, 'overdue', false],
          [patientId, 'sent', true],
        ]);

        // 18 March 15:00Z = 2 days after sending: one reminder, with a fresh token for the same link.
        expect(await mine((await at('2026-03-18T14:59:00Z')).reminded)).toEqual([]);
        const reminded = await mine((await at('2026-03-18T15:00:00Z')).reminded);
        expect(reminded).toEqual(sent);
        expect(await mine((await jobs.tick()).reminded)).toEqual([]);
        await delivery.deliverLink(sent[0] as string, true);
        const reminder = await smtp.waitFor((m) => m.to.includes(email) && m.subject.includes('Reminder'), 5_000);
        expect(tokenIn(reminder)).not.toBe(tokenIn(first));

        // 19 March 15:00Z = 72 h: expired (both tokens refuse); audited; overdue the next day.
        const expired = await mine((await at('2026-03-19T15:00:00Z')).expired);
        expect(expired).toEqual(sent);
        await open(tokenIn(reminder)).expect(404);
        await open(tokenIn(first)).expect(404);
        expect((await auditRows(t, c.clinicId)).map((r) => r.action)).toEqual(
          expect.arrayContaining([
            'self_report.link.schedule',
            'self_report.link.send',
            'self_report.link.reminder_due',
            'self_report.link.remind',
            'self_report.link.expire',
          ]),
        );
        freezeAt(t, '2026-03-20T15:00:00Z');
        expect((await status()).find((r) => r.patientId === patientId)).toMatchObject({
          state: 'overdue',
          dueOn: '2026-03-19',
        });
        // Not re-sent for the same due date.
        expect(await mine((await jobs.tick()).sent)).toEqual([]);
      } finally {
        freezeAt(t, NOW);
      }
    });

    it('a completed scheduled link moves the due date by the interval', async () => {
      const c = await createClinic(t);
      const { patientId } = await createPatient(t.db, c, { enrolledOn: '2026-03-16', status: 'relapse_prevention' });
      const email = address();
      await http
        .put(`/api/patients/${patientId}/self-report-contact`, c.careManager.auth, { email, phone: null })
        .expect(200);
      const jobs = t.app.get(SelfReportJobs);
      const run = await jobs.tick();
      const [linkId] = await t.db.query(`SELECT id FROM self_report_link WHERE patient_id = $1`, [patientId]);
      expect(run.sent).toContain(linkId.id);
      await t.app.get(SelfReportDelivery).deliverLink(linkId.id, false);
      const token = tokenIn(await mailTo(email));
      await submit(token, [{ instrument: 'PHQ9', answers: answersFor('PHQ9', 3) }]).expect(200);
      const rows = (await http.get('/api/self-report/status?missing=false', c.careManager.auth).expect(200)).body;
      // Relapse prevention: every 30 days from the score of 16 March.
      expect(rows).toEqual([
        expect.objectContaining({ patientId, state: 'completed', lastScoreOn: '2026-03-16', dueOn: '2026-04-15' }),
      ]);
      await http.get('/api/self-report/status?missing=maybe', c.careManager.auth).expect(400);
      await http.get('/api/self-report/status', c.leadership.auth).expect(403);
      // Another clinic's care manager does not see it.
      const theirs = (await http.get('/api/self-report/status?missing=false', a.careManager.auth).expect(200)).body;
      expect(theirs.map((r: { patientId: string }) => r.patientId)).not.toContain(patientId);
    });
  });
});

describe('self-report public routes under the rate limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_ENABLED: 'true' });
  });
  afterAll(() => t.close());

  it('rate limits the public routes per address and leaks nothing while refusing', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await request(t.app.getHttpServer())
        .post('/api/self-report/open')
        .send({ token: 'B'.repeat(43) });
      statuses.push(res.status);
      expect(JSON.stringify(res.body)).not.toMatch(/patient|mrn|clinic/i);
    }
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    // The form's limit is its own: the same address still reaches sign-in (401 for a wrong password, not 429).
    const login = await request(t.app.getHttpServer())
      .post('/api/auth/login')
      .set('X-Huddle-Client', 'dashboard')
      .send({ email: 'nobody@rate.test', password: 'not-the-password' });
    expect(login.status).toBe(401);
  });
});

describe('self-report jobs on the PostgreSQL queue', () => {
  let smtp: SmtpSink;
  let t: TestApp;
  let a: ClinicFixture;

  beforeAll(async () => {
    smtp = await new SmtpSink().start();
    t = await createTestApp({ SMTP_URL: smtp.url, SELF_REPORT_JOBS_ENABLED: 'true' });
    a = await createClinic(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('delivers the urgent alert through pg-boss within a minute of the submission', async () => {
    const { patientId } = await createPatient(t.db, a);
    const email = `p.${Date.now()}@example.test`;
    await request(t.app.getHttpServer())
      .post(`/api/patients/${patientId}/self-report-links`)
      .set('Authorization', a.careManager.auth)
      .send({ instruments: ['PHQ9'], channel: 'email', email })
      .expect(201);
    const token = tokenIn(await smtp.waitFor((m) => m.to.includes(email), 5_000));
    const submittedAt = Date.now();
    await request(t.app.getHttpServer())
      .post('/api/self-report/submit')
      .send({ token, responses: [{ instrument: 'PHQ9', answers: answersFor('PHQ9', 10, { item9: 3 }) }] })
      .expect(200, { crisis: true });
    const alert = await smtp.waitFor((m) => m.subject.includes('URGENT') && m.text.includes(patientId), 60_000);
    expect(alert.to).toEqual([a.careManager.email.toLowerCase()]);
    expect(Date.now() - submittedAt).toBeLessThan(60_000);
  }, 90_000);
});
