import { RegistryChanges } from '../src/app/database/registry-changes.service';
import { createClinic, createPatient, type ClinicFixture } from './fixtures';
import { api, freezeClock, must, NOW, renameSilently } from './registry-helpers';
import { createTestApp, type TestApp } from './test-app';
import { eventually } from './eventually';

const sessionIdOf = (auth: string): string =>
  (JSON.parse(Buffer.from(must(auth.split('.')[1]), 'base64url').toString()) as { sid: string }).sid;

/**
 * Sessions are followed through change notifications whether or not the read caches are on: with
 * READ_CACHE_ENABLED=false a confirmed session is still trusted for SESSION_RECHECK_SECONDS instead of
 * being re-read and written back on every request (issue #13, cache-off pages), while every read is
 * computed afresh.
 */
describe('sessions followed with the read cache off', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let http: ReturnType<typeof api>;
  const oneMinuteEarlier = new Date(new Date(NOW).getTime() - 60_000);

  const lastSeen = async (auth: string): Promise<Date> => {
    const [row] = await t.db.query('SELECT last_seen_at FROM user_session WHERE id = $1', [sessionIdOf(auth)]);
    return (row as { last_seen_at: Date }).last_seen_at;
  };
  const setLastSeen = (auth: string, at: Date): Promise<unknown> =>
    t.db.query('UPDATE user_session SET last_seen_at = $2 WHERE id = $1', [sessionIdOf(auth), at]);

  beforeAll(async () => {
    t = await createTestApp({ READ_CACHE_ENABLED: 'false', SESSION_RECHECK_SECONDS: '30' });
    freezeClock(t, NOW);
    http = api(t);
    a = await createClinic(t);
    await eventually(() => t.app.get(RegistryChanges).following);
  });
  afterAll(() => t.close());

  it('serves no read from a cache', async () => {
    expect(t.app.get(RegistryChanges).versionOf(a.clinicId)).toBeNull();
    const p = await createPatient(t.db, a);
    const listed = async (): Promise<string | undefined> => {
      const res = await http.get('/api/caseload?sort=name&pageSize=100', a.careManager.auth).expect(200);
      return (res.body as { items: Array<{ patientId: string; familyName: string }> }).items.find(
        (row) => row.patientId === p.patientId,
      )?.familyName;
    };
    expect(await listed()).toBeDefined();
    expect(await listed()).not.toBe('Renamed');
    // A change that sends no notification: shown at once, since nothing was kept.
    await renameSilently(t.db, p.patientId, 'Renamed');
    expect(await listed()).toBe('Renamed');
  });

  it('trusts a confirmed session between checks: no write of its activity on every request', async () => {
    const auth = a.pcp.auth;
    await http.get('/api/auth/me', auth).expect(200);
    await setLastSeen(auth, oneMinuteEarlier);
    await http.get('/api/auth/me', auth).expect(200);
    expect(await lastSeen(auth)).toEqual(oneMinuteEarlier);
  });

  it('refuses a session ended elsewhere as soon as the notification arrives', async () => {
    const auth = a.leadership.auth;
    await http.get('/api/auth/me', auth).expect(200);
    await t.db.query(`UPDATE user_session SET revoked_at = now(), revoked_reason = 'test' WHERE id = $1`, [
      sessionIdOf(auth),
    ]);
    await eventually(async () => (await http.get('/api/auth/me', auth)).status === 401);
  });

  it('with SESSION_RECHECK_SECONDS=0 as well, reads and writes back the session on every request', async () => {
    const every = await createTestApp({ READ_CACHE_ENABLED: 'false', SESSION_RECHECK_SECONDS: '0' });
    try {
      freezeClock(every, NOW);
      expect(every.app.get(RegistryChanges).following).toBe(false);
      const auth = (await createClinic(every)).careManager.auth;
      await api(every).get('/api/auth/me', auth).expect(200);
      await setLastSeen(auth, oneMinuteEarlier);
      await api(every).get('/api/auth/me', auth).expect(200);
      expect(await lastSeen(auth)).toEqual(new Date(NOW));
    } finally {
      await every.close();
    }
  });
});
