import type { ReviewAgenda } from '@huddle/shared-types';
import type { Actor } from '../src/app/common/request-actor';
import { RegistryChanges } from '../src/app/database/registry-changes.service';
import { ReviewAgendaService } from '../src/app/review/review-agenda.service';
import { createClinic, createPatient, type ClinicFixture } from './fixtures';
import {
  api,
  dischargeEpisode,
  freezeClock,
  insertContact,
  insertManualFlag,
  must,
  phq9Body,
  renameSilently,
} from './registry-helpers';
import { createTestApp, type TestApp } from './test-app';
import { eventually } from './eventually';

const NOW = '2026-11-20T17:00:00Z';

/**
 * The agenda's line refresh (issue #13; docs/adr/0005-read-caches.md, amended in session 20): an agenda week
 * held in memory re-reads only the lines of the patients a write names, and equals the agenda read afresh
 * (placed and cut in SQL, by an app with the read caches off) after every kind of write.
 */
describe('agenda line refresh (READ_CACHE_ENABLED=true)', () => {
  let t: TestApp;
  let fresh: TestApp;
  let a: ClinicFixture;
  let changes: RegistryChanges;
  let http: ReturnType<typeof api>;

  const agenda = async (query = ''): Promise<ReviewAgenda> =>
    (await http.get(`/api/review/agenda${query}`, a.consultant.auth).expect(200)).body;
  /** The same agenda as an app with the read caches off computes it (placed and cut in SQL), as sent. */
  const agendaAfresh = async (query: { limit?: number; offset?: number }): Promise<ReviewAgenda> => {
    const actor: Actor = { ...a.consultant, sessionId: 'agenda-row-refresh-spec', ip: null };
    return JSON.parse(JSON.stringify(await fresh.app.get(ReviewAgendaService).agenda(actor, query)));
  };
  const lineOf = (page: ReviewAgenda, patientId: string) => page.lines.find((line) => line.patientId === patientId);
  const settled = (): Promise<void> => changes.settle(a.clinicId);
  const phq9 = phq9Body;

  beforeAll(async () => {
    t = await createTestApp({ READ_CACHE_ENABLED: 'true', ACCESS_TOKEN_TTL_SECONDS: '3600' });
    fresh = await createTestApp({ ACCESS_TOKEN_TTL_SECONDS: '3600' });
    freezeClock(t, NOW);
    freezeClock(fresh, NOW);
    http = api(t);
    a = await createClinic(t);
    changes = t.app.get(RegistryChanges);
    await eventually(() => changes.following);
  });
  afterAll(async () => {
    await t.close();
    await fresh.close();
  });

  it('re-reads only the lines of the patients a write names; a change naming no patient reads it whole', async () => {
    const p = await createPatient(t.db, a);
    const q = await createPatient(t.db, a);
    await settled();
    expect(lineOf(await agenda(), q.patientId)?.familyName).toBe('Patient');

    await renameSilently(t.db, p.patientId, 'P-silent');
    await renameSilently(t.db, q.patientId, 'Q-silent');
    await http.post(`/api/patients/${p.patientId}/assessments`, a.careManager.auth, phq9(0)).expect(201);
    const week = await agenda();
    expect(lineOf(week, p.patientId)).toMatchObject({ familyName: 'P-silent', phq9Latest: { total: 12 } });
    // q's line was not read again: the write named p only.
    expect(lineOf(week, q.patientId)?.familyName).toBe('Patient');

    await t.db.query(`SELECT pg_notify('huddle_registry', $1)`, [`${a.clinicId} ${a.consultant.id}`]);
    await eventually(async () => lineOf(await agenda(), q.patientId)?.familyName === 'Q-silent');
  });

  it('equals the agenda placed in SQL after every kind of write, whole and by page', async () => {
    const [p0, p1, p2, p3] = await Promise.all([0, 1, 2, 3].map(() => createPatient(t.db, a)));
    const expectFresh = async (step: string): Promise<void> => {
      await settled();
      for (const query of [{}, { limit: 3 }, { limit: 2, offset: 3 }]) {
        const served = await agenda(
          `?${Object.entries(query)
            .map(([k, v]) => `${k}=${v}`)
            .join('&')}`,
        );
        expect({ step, query, agenda: served }).toEqual({ step, query, agenda: await agendaAfresh(query) });
      }
    };

    await expectFresh('start');
    await http.post(`/api/patients/${must(p0).patientId}/assessments`, a.careManager.auth, phq9(2)).expect(201);
    await expectFresh('a score with a safety answer');
    await insertContact(t.db, a.clinicId, must(p1), a.careManager.id);
    await expectFresh('a contact');
    await insertManualFlag(t.db, a.clinicId, must(p2), 'SAFETY_CONCERN', a.careManager.id);
    await expectFresh('a safety concern raised by hand');
    await http
      .post(`/api/review/episodes/${must(p3).episodeId}/reviews`, a.consultant.auth, {
        weekOf: '2026-11-16',
        summary: 'Reviewed in the weekly caseload review.',
        recommendations: [],
      })
      .expect(201);
    await expectFresh('a review this week');
    await t.db.query(`UPDATE episode SET review_requested_at = $2 WHERE id = $1`, [must(p1).episodeId, NOW]);
    await expectFresh('a review requested');
    await t.db.query(`UPDATE episode SET consultant_id = NULL WHERE id = $1`, [must(p1).episodeId]);
    await expectFresh('a consultant taken off');
    await dischargeEpisode(t.db, must(p2).episodeId);
    await expectFresh('a discharge');
    await createPatient(t.db, a);
    await expectFresh('a new episode');
    await t.db.query(`UPDATE episode SET consultant_id = $2 WHERE id = $1`, [must(p1).episodeId, a.consultant.id]);
    await expectFresh('a consultant put back');
  });
});
