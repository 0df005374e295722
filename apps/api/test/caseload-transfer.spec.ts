import { createClinic, createPatient, createStaff, type ClinicFixture } from './fixtures';
import { api, auditRows, clinicFootprint, openRegistry, TODAY } from './registry-helpers';
import type { TestApp } from './test-app';

describe('caseload transfer', () => {
  let t: TestApp;
  let b: ClinicFixture;
  let http: ReturnType<typeof api>;

  beforeAll(async () => {
    ({ t, b, http } = await openRegistry());
  });
  afterAll(() => t.close());

  /** Care manager of each open episode, by episode id. */
  async function careManagers(episodeIds: string[]): Promise<Record<string, string | null>> {
    const rows: Array<{ id: string; care_manager_id: string | null }> = await t.db.query(
      'SELECT id, care_manager_id FROM episode WHERE id = ANY($1::uuid[])',
      [episodeIds],
    );
    return Object.fromEntries(rows.map((r) => [r.id, r.care_manager_id]));
  }

  /** A fresh clinic whose first care manager holds three open episodes and one discharged episode. */
  async function clinicWithCaseload(): Promise<{ c: ClinicFixture; open: string[]; discharged: string }> {
    const c = await createClinic(t);
    const open = [];
    for (let i = 0; i < 3; i++) open.push((await createPatient(t.db, c)).episodeId);
    const closed = await createPatient(t.db, c);
    await t.db.query(
      `UPDATE episode SET status = 'discharged', discharged_on = '2026-03-01', discharge_reason = 'completed_treatment' WHERE id = $1`,
      [closed.episodeId],
    );
    return { c, open, discharged: closed.episodeId };
  }

  it('moves a care manager’s whole caseload in one go, auditing each episode and the transfer', async () => {
    const { c, open, discharged } = await clinicWithCaseload();
    const res = await http
      .post('/api/caseloads/transfer', c.careManager.auth, {
        fromCareManagerId: c.careManager.id,
        toCareManagerId: c.otherCareManager.id,
      })
      .expect(200);
    expect(res.body).toEqual({
      fromCareManagerId: c.careManager.id,
      toCareManagerId: c.otherCareManager.id,
      transferred: 3,
    });
    const now = await careManagers([...open, discharged]);
    for (const id of open) expect(now[id]).toBe(c.otherCareManager.id);
    expect(now[discharged]).toBe(c.careManager.id);
    const versions: Array<{ version: number }> = await t.db.query(
      'SELECT version FROM episode WHERE id = ANY($1::uuid[])',
      [open],
    );
    expect(versions.every((v) => v.version === 2)).toBe(true);

    const perEpisode = await auditRows(t, c.clinicId, 'episode.care_team.transfer');
    expect(perEpisode.map((r) => r.resource_id).sort()).toEqual([...open].sort());
    for (const row of perEpisode) {
      expect(row).toMatchObject({ actor_id: c.careManager.id, resource_type: 'episode', outcome: 'success' });
      expect(row.patient_id).toEqual(expect.any(String));
      expect(row.details).toEqual({ fromCareManagerId: c.careManager.id, toCareManagerId: c.otherCareManager.id });
    }
    const [summary] = await auditRows(t, c.clinicId, 'caseload.transfer');
    expect(summary?.details).toEqual({
      fromCareManagerId: c.careManager.id,
      toCareManagerId: c.otherCareManager.id,
      transferred: 3,
      wholeCaseload: true,
    });

    // The patients now appear on the other care manager's caseload, and no longer on the first.
    const theirs = await http.get('/api/caseload', c.otherCareManager.auth).expect(200);
    expect(theirs.body.items.map((r: { episodeId: string }) => r.episodeId).sort()).toEqual([...open].sort());
    const mine = await http.get('/api/caseload', c.careManager.auth).expect(200);
    expect(mine.body.items).toEqual([]);
  });

  it('moves only the chosen episodes when episodeIds is sent', async () => {
    const { c, open } = await clinicWithCaseload();
    const [first, second, third] = open as [string, string, string];
    const res = await http
      .post('/api/caseloads/transfer', c.careManager.auth, {
        fromCareManagerId: c.careManager.id,
        toCareManagerId: c.otherCareManager.id,
        episodeIds: [first, third],
      })
      .expect(200);
    expect(res.body.transferred).toBe(2);
    expect(await careManagers(open)).toEqual({
      [first]: c.otherCareManager.id,
      [second]: c.careManager.id,
      [third]: c.otherCareManager.id,
    });
    const [summary] = await auditRows(t, c.clinicId, 'caseload.transfer');
    expect(summary?.details).toMatchObject({ transferred: 2, wholeCaseload: false });
  });

  it.each([
    [{ fromCareManagerId: 'nope' }, 'fromCareManagerId'],
    [{ toCareManagerId: 'nope' }, 'toCareManagerId'],
    [{ episodeIds: [] }, 'episodeIds'],
    [{ episodeIds: ['x'] }, 'episodeIds'],
    [{ episodeIds: 'all' }, 'episodeIds'],
    [{ everything: true }, 'everything'],
  ])('rejects %j with 400 naming %s, changing nothing', async (patch, field) => {
    const { c } = await clinicWithCaseload();
    const before = await clinicFootprint(t, c.clinicId);
    const res = await http
      .post('/api/caseloads/transfer', c.careManager.auth, {
        fromCareManagerId: c.careManager.id,
        toCareManagerId: c.otherCareManager.id,
        ...patch,
      })
      .expect(400);
    expect(JSON.stringify(res.body.message)).toContain(field);
    expect(await clinicFootprint(t, c.clinicId)).toEqual(before);
  });

  it('answers 400 naming toCareManagerId for a target who is not an active care manager, or the same person', async () => {
    const { c } = await clinicWithCaseload();
    const inactive = await createStaff(t, c.clinicId, 'care_manager', 'gone');
    await t.db.query('UPDATE staff_user SET active = false WHERE id = $1', [inactive.id]);
    const before = await clinicFootprint(t, c.clinicId);
    for (const to of [c.consultant.id, c.pcp.id, inactive.id, c.careManager.id]) {
      const res = await http
        .post('/api/caseloads/transfer', c.careManager.auth, {
          fromCareManagerId: c.careManager.id,
          toCareManagerId: to,
        })
        .expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'toCareManagerId' });
    }
    expect(await clinicFootprint(t, c.clinicId)).toEqual(before);
  });

  it('answers 404 for another clinic’s staff or episodes and for a caseload the caller does not cover', async () => {
    const { c, open } = await clinicWithCaseload();
    const otherClinicEpisode = (await createPatient(t.db, b)).episodeId;
    const colleagueEpisode = (await createPatient(t.db, c, { careManagerId: c.otherCareManager.id })).episodeId;
    const discharged = (await createPatient(t.db, c)).episodeId;
    await t.db.query(
      `UPDATE episode SET status = 'discharged', discharged_on = '2026-03-01', discharge_reason = 'other' WHERE id = $1`,
      [discharged],
    );
    const before = await clinicFootprint(t, c.clinicId);
    const beforeB = await clinicFootprint(t, b.clinicId);
    const cases = [
      { fromCareManagerId: b.careManager.id, toCareManagerId: c.otherCareManager.id },
      { fromCareManagerId: c.careManager.id, toCareManagerId: b.careManager.id },
      // A colleague's caseload the caller does not cover.
      { fromCareManagerId: c.otherCareManager.id, toCareManagerId: c.careManager.id },
      // Not a care manager's caseload at all.
      { fromCareManagerId: c.consultant.id, toCareManagerId: c.otherCareManager.id },
      {
        fromCareManagerId: c.careManager.id,
        toCareManagerId: c.otherCareManager.id,
        episodeIds: [open[0], otherClinicEpisode],
      },
      { fromCareManagerId: c.careManager.id, toCareManagerId: c.otherCareManager.id, episodeIds: [colleagueEpisode] },
      { fromCareManagerId: c.careManager.id, toCareManagerId: c.otherCareManager.id, episodeIds: [discharged] },
    ];
    for (const body of cases) {
      const res = await http.post('/api/caseloads/transfer', c.careManager.auth, body);
      expect({ body, status: res.status }).toEqual({ body, status: 404 });
    }
    expect(await clinicFootprint(t, c.clinicId)).toEqual(before);
    expect(await clinicFootprint(t, b.clinicId)).toEqual(beforeB);
  });

  it('lets a covering care manager move the covered colleague’s patients', async () => {
    const { c, open } = await clinicWithCaseload();
    await t.db.query(
      `INSERT INTO caseload_coverage (clinic_id, covering_staff_id, covered_staff_id, starts_on, ends_on)
       VALUES ($1, $2, $3, $4, NULL)`,
      [c.clinicId, c.otherCareManager.id, c.careManager.id, TODAY],
    );
    const res = await http
      .post('/api/caseloads/transfer', c.otherCareManager.auth, {
        fromCareManagerId: c.careManager.id,
        toCareManagerId: c.otherCareManager.id,
        episodeIds: [open[1]],
      })
      .expect(200);
    expect(res.body.transferred).toBe(1);
    expect((await careManagers([open[1] as string]))[open[1] as string]).toBe(c.otherCareManager.id);
  });

  it('answers 403 to consultants, PCPs and leadership', async () => {
    const { c } = await clinicWithCaseload();
    const before = await clinicFootprint(t, c.clinicId);
    for (const user of [c.consultant, c.pcp, c.leadership]) {
      await http
        .post('/api/caseloads/transfer', user.auth, {
          fromCareManagerId: c.careManager.id,
          toCareManagerId: c.otherCareManager.id,
        })
        .expect(403);
      await http.get('/api/caseloads/holders', user.auth).expect(403);
    }
    expect(await clinicFootprint(t, c.clinicId)).toEqual(before);
  });

  it('lets the admin move a departed colleague’s whole caseload (counts only), never chosen episodes', async () => {
    const { c, open } = await clinicWithCaseload();
    await t.db.query('UPDATE staff_user SET active = false WHERE id = $1', [c.careManager.id]);

    const holders = await http.get('/api/caseloads/holders', c.admin.auth).expect(200);
    expect(holders.body).toEqual([
      expect.objectContaining({ id: c.otherCareManager.id, active: true, openEpisodes: 0 }),
      expect.objectContaining({ id: c.careManager.id, active: false, openEpisodes: 3 }),
    ]);

    const before = await clinicFootprint(t, c.clinicId);
    const chosen = await http
      .post('/api/caseloads/transfer', c.admin.auth, {
        fromCareManagerId: c.careManager.id,
        toCareManagerId: c.otherCareManager.id,
        episodeIds: [open[0]],
      })
      .expect(400);
    expect(chosen.body).toMatchObject({ field: 'episodeIds' });
    expect(await clinicFootprint(t, c.clinicId)).toEqual(before);

    const res = await http
      .post('/api/caseloads/transfer', c.admin.auth, {
        fromCareManagerId: c.careManager.id,
        toCareManagerId: c.otherCareManager.id,
      })
      .expect(200);
    expect(res.body).toEqual({
      fromCareManagerId: c.careManager.id,
      toCareManagerId: c.otherCareManager.id,
      transferred: 3,
    });
    expect(Object.values(await careManagers(open))).toEqual([
      c.otherCareManager.id,
      c.otherCareManager.id,
      c.otherCareManager.id,
    ]);
    expect(await auditRows(t, c.clinicId, 'episode.care_team.transfer')).toHaveLength(3);
    const [summary] = await auditRows(t, c.clinicId, 'caseload.transfer');
    expect(summary).toMatchObject({ actor_id: c.admin.id, resource_id: c.careManager.id });

    const after = await http.get('/api/caseloads/holders', c.admin.auth).expect(200);
    expect(after.body).toEqual([
      expect.objectContaining({ id: c.otherCareManager.id, openEpisodes: 3 }),
      expect.objectContaining({ id: c.careManager.id, openEpisodes: 0 }),
    ]);
  });
});
