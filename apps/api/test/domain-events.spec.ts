import { EventEmitter2 } from '@nestjs/event-emitter';
import { RegistryChanges } from '../src/app/database/registry-changes.service';
import { DomainEvents } from '../src/app/events/domain-events.service';
import { RegistryChangedEvent } from '../src/app/events/registry-events';
import { createClinic, createPatient, type ClinicFixture } from './fixtures';
import { api, freezeClock, NOW } from './registry-helpers';
import { createTestApp, type TestApp } from './test-app';
import { eventually } from './eventually';

const PHQ9 = {
  instrument: 'PHQ9',
  administeredOn: '2026-03-12',
  source: 'clinic',
  answers: { phq9_1: 2, phq9_2: 2, phq9_3: 2, phq9_4: 2, phq9_5: 1, phq9_6: 1, phq9_7: 1, phq9_8: 1, phq9_9: 0 },
};

const CONTACT = {
  type: 'follow_up',
  modality: 'phone',
  startedAt: '2026-03-12T10:30:00-04:00',
  minutes: 25,
  activity: 'Symptom check',
};

interface Heard {
  clinicId: string | null;
  kind: string;
  /** What a separate connection saw when the event arrived: proves the write was already committed. */
  committed: Promise<boolean>;
}

/**
 * Cache invalidation by explicit domain events: writes publish `registry.changed` (clinic, kind) after
 * their transaction commits, reads and refused writes publish nothing, and the listener bumps the
 * changed clinic's cache version (only that clinic's) without waiting for PostgreSQL's notification.
 */
describe('domain events (registry.changed)', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;
  let http: ReturnType<typeof api>;
  let heard: Heard[];
  /** Set per test: the query a separate connection runs the moment an event is heard. */
  let probe: () => Promise<boolean>;

  beforeAll(async () => {
    t = await createTestApp({ READ_CACHE_ENABLED: 'true' });
    freezeClock(t, NOW);
    http = api(t);
    a = await createClinic(t);
    b = await createClinic(t);
    t.app.get(EventEmitter2).on(RegistryChangedEvent.NAME, (event: RegistryChangedEvent) => {
      heard.push({ clinicId: event.clinicId, kind: event.kind, committed: probe() });
    });
    await eventually(() => t.app.get(RegistryChanges).following);
  });
  afterAll(() => t.close());
  beforeEach(() => {
    heard = [];
    probe = () => Promise.resolve(true);
  });

  const count = async (sql: string, params: unknown[]): Promise<number> =>
    Number((await t.db.query<Array<{ n: string }>>(`SELECT count(*) AS n FROM ${sql}`, params))[0]?.n);

  it('a new contact publishes (clinic, contact) once the contact is committed', async () => {
    const p = await createPatient(t.db, a);
    probe = async () => (await count('contact WHERE patient_id = $1', [p.patientId])) === 1;
    await http.post(`/api/patients/${p.patientId}/contacts`, a.careManager.auth, CONTACT).expect(201);
    expect(heard.map(({ clinicId, kind }) => ({ clinicId, kind }))).toEqual([
      { clinicId: a.clinicId, kind: 'contact' },
    ]);
    expect(await heard[0]?.committed).toBe(true);
  });

  it('a new assessment publishes (clinic, assessment) once the assessment is committed', async () => {
    const p = await createPatient(t.db, a);
    probe = async () => (await count('assessment WHERE patient_id = $1', [p.patientId])) === 1;
    await http.post(`/api/patients/${p.patientId}/assessments`, a.careManager.auth, PHQ9).expect(201);
    expect(heard.map((h) => h.kind)).toEqual(['assessment']);
    expect(await heard[0]?.committed).toBe(true);
  });

  it('registering a patient publishes the patient and its first episode, in that order', async () => {
    const mrn = `EV-${Date.now()}`;
    probe = async () => (await count('patient WHERE mrn = $1', [mrn])) === 1;
    await http
      .post('/api/patients', a.careManager.auth, {
        mrn,
        givenName: 'Ada',
        familyName: 'Lovelace',
        birthDate: '1985-12-10',
      })
      .expect(201);
    expect(heard.map(({ clinicId, kind }) => ({ clinicId, kind }))).toEqual([
      { clinicId: a.clinicId, kind: 'patient' },
      { clinicId: a.clinicId, kind: 'episode' },
    ]);
    expect(await Promise.all(heard.map((h) => h.committed))).toEqual([true, true]);
  });

  it.each([
    [
      'a manual flag',
      'flag',
      (pid: string) => http.post(`/api/patients/${pid}/flags`, a.careManager.auth, { code: 'DISCUSS_WITH_CONSULTANT' }),
    ],
    [
      'a consultant review',
      'review',
      (_pid: string, eid: string) =>
        http.post(`/api/review/episodes/${eid}/reviews`, a.consultant.auth, {
          weekOf: '2026-03-16',
          recommendations: [],
        }),
    ],
  ] as const)('%s publishes (clinic, %s)', async (_what, kind, write) => {
    const p = await createPatient(t.db, a, { consultantId: a.consultant.id });
    await write(p.patientId, p.episodeId).expect(201);
    expect(heard.map(({ clinicId, kind: k }) => ({ clinicId, kind: k }))).toContainEqual({
      clinicId: a.clinicId,
      kind,
    });
  });

  it('clinic settings publish (clinic, clinic) for that clinic only', async () => {
    const version = (await http.get('/api/clinics/current', b.admin.auth).expect(200)).body.version as number;
    await http
      .patch('/api/clinics/current', b.admin.auth, { version, flagThresholds: { noContactDays: 21 } })
      .expect(200);
    expect(heard.map(({ clinicId, kind }) => ({ clinicId, kind }))).toEqual([{ clinicId: b.clinicId, kind: 'clinic' }]);
  });

  it('reads (even those audited inside a transaction) and refused writes publish nothing', async () => {
    const p = await createPatient(t.db, a);
    await http.get(`/api/patients/${p.patientId}`, a.careManager.auth).expect(200);
    await http.get(`/api/patients/${p.patientId}/contacts`, a.careManager.auth).expect(200);
    await http.get('/api/caseload', a.careManager.auth).expect(200);
    await http
      .post(`/api/patients/${p.patientId}/contacts`, a.careManager.auth, { ...CONTACT, minutes: -1 })
      .expect(400);
    await http.post(`/api/patients/${p.patientId}/contacts`, b.careManager.auth, CONTACT).expect(404);
    await http.post(`/api/patients/${p.patientId}/contacts`, a.leadership.auth, CONTACT).expect(403);
    expect(heard).toEqual([]);
  });

  it('answers a write once its own notifications moved the versions of the caseloads it touched, and only those', async () => {
    const changes = t.app.get(RegistryChanges);
    const p = await createPatient(t.db, a);
    await changes.settle(a.clinicId); // the set-up's notifications are in
    const mine = { staffId: a.careManager.id };
    const other = { staffId: a.otherCareManager.id };
    const before = [
      changes.versionOf(a.clinicId, mine),
      changes.versionOf(a.clinicId, other),
      changes.versionOf(b.clinicId),
    ];
    await http.post(`/api/patients/${p.patientId}/contacts`, a.careManager.auth, CONTACT).expect(201);
    expect(changes.versionOf(a.clinicId, mine)).not.toEqual(before[0]);
    expect(changes.versionOf(a.clinicId, other)).toEqual(before[1]);
    expect(changes.versionOf(b.clinicId)).toEqual(before[2]);
    expect(before.every((version) => version !== null)).toBe(true);
  });

  describe('DomainEvents.afterCommit', () => {
    it('publishes at commit, not before, and never for a rollback (a rolled-back savepoint keeps its events)', async () => {
      const events = t.app.get(DomainEvents);
      const seenInside: number[] = [];
      await t.db.transaction(async (em) => {
        events.afterCommit(em, new RegistryChangedEvent(a.clinicId, 'patient'));
        await em
          .transaction(async (inner) => {
            events.afterCommit(inner, new RegistryChangedEvent(a.clinicId, 'contact'));
            throw new Error('savepoint rolled back');
          })
          .catch(() => undefined);
        seenInside.push(heard.length);
      });
      expect(seenInside).toEqual([0]);
      expect(heard.map((h) => h.kind)).toEqual(['patient', 'contact']);

      heard = [];
      await expect(
        t.db.transaction(async (em) => {
          events.afterCommit(em, new RegistryChangedEvent(a.clinicId, 'episode'));
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(heard).toEqual([]);
    });

    it('publishes at once outside a transaction, with null meaning every clinic', () => {
      t.app.get(DomainEvents).afterCommit(t.db.manager, new RegistryChangedEvent(null, 'staff'));
      expect(heard.map(({ clinicId, kind }) => ({ clinicId, kind }))).toEqual([{ clinicId: null, kind: 'staff' }]);
    });
  });
});
