import { addDays, mergeFlagThresholds } from '@huddle/scoring';
import type { ContactType, InstrumentId } from '@huddle/shared-types';
import { rulesAt, type ClinicRules } from '../src/app/registry-sql/clinic-rules.service';
import { buildAggregateSql, type AggregateQuery } from '../src/app/registry-sql/episode-aggregate.repository';
import { EpisodeBuilder, freezeClock, must } from './builders';
import { createClinic, type ClinicFixture } from './fixtures';
import { createTestApp, type TestApp } from './test-app';
import { Random } from '../src/app/seed/random';

const NOW = '2026-11-20T17:00:00Z';
const TODAY = '2026-11-20';

/**
 * `episode_summary` (migration 1764000005000) is maintained by triggers: after arbitrary writes it
 * must equal a from-scratch recomputation (`episode_summary_source`), and the aggregate read from it
 * must equal the aggregate computed by index probes alone (ADR 0002).
 */
describe('episode summary', () => {
  let t: TestApp;
  let clinic: ClinicFixture;
  const episodes: EpisodeBuilder[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    freezeClock(t, NOW);
    clinic = await createClinic(t);
    const r = new Random(977);
    const contactTypes: ContactType[] = [
      'initial_assessment',
      'follow_up',
      'follow_up',
      'outreach_attempt',
      'care_coordination',
    ];
    for (let i = 0; i < 40; i++) {
      const enrolledOn = addDays(TODAY, -r.int(0, 200));
      const status = r.pick(['referred', 'enrolled', 'active', 'active', 'relapse_prevention'] as const);
      const p = await EpisodeBuilder.create(t.db, clinic, { enrolledOn, status, mrn: `SUM-${i}` });
      episodes.push(p);
      for (let k = r.int(0, 8); k > 0; k--) {
        const instrument: InstrumentId = r.pick(['PHQ9', 'PHQ9', 'GAD7', 'PCL5', 'PHQ2']);
        const max = instrument === 'PHQ9' ? 24 : instrument === 'GAD7' ? 21 : instrument === 'PCL5' ? 80 : 6;
        const total = r.int(0, max);
        const item9 = instrument === 'PHQ9' && total > 0 && r.chance(0.1) ? 1 : 0;
        const missing =
          r.chance(0.1) && instrument !== 'PHQ2'
            ? [instrument === 'PHQ9' ? 'phq9_2' : instrument === 'GAD7' ? 'gad7_2' : 'pcl5_2']
            : [];
        await p.score(instrument, addDays(enrolledOn, r.int(-30, 200)), total, { item9, missing });
      }
      for (let c = r.int(0, 6); c > 0; c--) {
        const at = new Date(Date.parse(`${addDays(enrolledOn, r.int(-5, 200))}T00:00:00Z`) + r.int(0, 23) * 3_600_000);
        await p.contact(at.toISOString(), r.int(0, 60), r.pick(contactTypes), { completed: r.chance(0.85) });
      }
      for (let c = r.int(0, 3); c > 0; c--) {
        const on = addDays(enrolledOn, r.int(0, 200));
        await p.review(`${on}T15:00:00Z`, on).catch(() => undefined);
      }
    }
  }, 120_000);
  afterAll(() => t.close());

  async function expectInSync(): Promise<void> {
    const stored = await t.db.query(`SELECT to_jsonb(s) AS row FROM episode_summary s ORDER BY episode_id`);
    const fresh = await t.db.query(`SELECT to_jsonb(s) AS row FROM episode_summary_source s ORDER BY episode_id`);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored).toEqual(fresh);
  }

  /** The aggregate via the summary and via probes only (summary rows deleted, rolled back). */
  async function bothWays(query: Omit<AggregateQuery, 'where'>, corrupt = false): Promise<[unknown[], unknown[]]> {
    const { sql, params } = buildAggregateSql({ ...query, where: () => [] });
    const runner = t.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      if (corrupt) await runner.query(`UPDATE episode_summary SET phq9_latest = 99 WHERE phq9_latest IS NOT NULL`);
      const viaSummary: unknown[] = await runner.query(sql, params);
      await runner.query(`DELETE FROM episode_summary`);
      const viaProbes: unknown[] = await runner.query(sql, params);
      await runner.rollbackTransaction();
      return [viaSummary, viaProbes];
    } finally {
      await runner.release();
    }
  }

  function rules(now: string, thresholds = {}, timeZone = 'America/New_York'): ClinicRules {
    return rulesAt(clinic.clinicId, timeZone, mergeFlagThresholds(thresholds), new Date(now));
  }

  it('is backfilled/maintained on inserts and matches the probes today, on a past date and for an agenda week', async () => {
    await expectInSync();
    for (const query of [
      { rules: rules(NOW) },
      { rules: rules('2027-09-01T12:00:00Z') }, // every row valid (no data after "today")
      { rules: rules('2026-08-15T12:00:00Z') },
      { rules: rules(NOW), reviewsBefore: new Date('2026-11-16T05:00:00Z'), weekOf: '2026-11-16' },
      { rules: rules('2027-09-01T12:00:00Z'), reviewsBefore: new Date('2027-08-30T04:00:00Z'), weekOf: '2027-08-30' },
    ]) {
      const [viaSummary, viaProbes] = await bothWays(query);
      expect(viaSummary.length).toBeGreaterThan(20);
      expect(viaSummary).toEqual(viaProbes);
    }
    // The summary is really read: a corrupted stored value shows when every row is valid.
    const [corrupted, probes] = await bothWays({ rules: rules('2027-09-01T12:00:00Z') }, true);
    expect(corrupted).not.toEqual(probes);
  });

  it('stays equal to a recomputation after arbitrary writes', async () => {
    const r = new Random(31337);
    const ids = async (table: string): Promise<string[]> =>
      (await t.db.query(`SELECT id FROM ${table} WHERE clinic_id = $1 ORDER BY id`, [clinic.clinicId])).map(
        (row: { id: string }) => row.id,
      );
    for (let round = 0; round < 3; round++) {
      const assessments = await ids('assessment');
      const contacts = await ids('contact');
      const reviews = await ids('consultant_review');
      for (let k = 0; k < 6; k++) {
        await t.db.query(`UPDATE assessment SET administered_on = administered_on + $2::int WHERE id = $1`, [
          r.pick(assessments),
          r.int(-20, 20),
        ]);
        await t.db.query(`UPDATE assessment SET episode_id = $2 WHERE id = $1`, [
          r.pick(assessments),
          r.pick(episodes).episodeId,
        ]);
        await t.db.query(`UPDATE contact SET minutes = $2, started_at = started_at - interval '9 days' WHERE id = $1`, [
          r.pick(contacts),
          r.int(0, 90),
        ]);
        await t.db.query(`UPDATE contact SET completed = NOT completed WHERE id = $1`, [r.pick(contacts)]);
        await t.db.query(`UPDATE consultant_review SET reviewed_at = reviewed_at - interval '1 day' WHERE id = $1`, [
          r.pick(reviews),
        ]);
      }
      await t.db.query(`DELETE FROM assessment WHERE id = ANY($1::uuid[])`, [
        [r.pick(assessments), r.pick(assessments)],
      ]);
      await t.db.query(`DELETE FROM contact WHERE id = $1`, [r.pick(contacts)]);
      await t.db.query(`DELETE FROM recommendation WHERE review_id = $1`, [must(reviews[round])]);
      await t.db.query(`DELETE FROM consultant_review WHERE id = $1`, [must(reviews[round])]);
      const target = r.pick(episodes);
      await target.score('PHQ9', addDays(TODAY, -r.int(0, 30)), r.int(0, 24), { item9: 1 });
      await target.contact(new Date(Date.parse(NOW) - r.int(0, 40) * 86_400_000).toISOString(), 25);
      await t.db.query(
        `INSERT INTO manual_flag (clinic_id, patient_id, episode_id, code, raised_by) VALUES ($1, $2, $3, 'SAFETY_CONCERN', $4)`,
        [clinic.clinicId, target.patientId, target.episodeId, clinic.careManager.id],
      );
      await t.db.query(`UPDATE manual_flag SET resolved_at = now(), resolved_by = raised_by WHERE patient_id = $1`, [
        r.pick(episodes).patientId,
      ]);
      // Episode changes: status, enrolment date, care team, discharge and re-activation.
      const e1 = r.pick(episodes);
      await t.db.query(
        `UPDATE episode SET status = 'relapse_prevention', consent_on = COALESCE(consent_on, referred_on),
           enrolled_on = COALESCE(enrolled_on, referred_on) - 3 WHERE id = $1`,
        [e1.episodeId],
      );
      await t.db.query(`UPDATE episode SET care_manager_id = $2, consultant_id = NULL WHERE id = $1`, [
        r.pick(episodes).episodeId,
        clinic.otherCareManager.id,
      ]);
      const e2 = must(episodes[round * 7]);
      await t.db.query(
        `UPDATE episode SET status = 'discharged', discharged_on = $2, discharge_reason = 'completed',
           consent_on = COALESCE(consent_on, referred_on) WHERE id = $1`,
        [e2.episodeId, TODAY],
      );
      await expectInSync();
      await t.db.query(
        `UPDATE episode SET status = 'active', discharged_on = NULL, discharge_reason = NULL WHERE id = $1`,
        [e2.episodeId],
      );
      await expectInSync();
    }
    // Clinic settings the summary depends on.
    await t.db.query(`UPDATE clinic SET flag_thresholds = '{"baselineLookbackDays": 21}' WHERE id = $1`, [
      clinic.clinicId,
    ]);
    await expectInSync();
    const [a, b] = await bothWays({ rules: rules(NOW, { baselineLookbackDays: 21 }) });
    expect(a).toEqual(b);
    await t.db.query(`UPDATE clinic SET timezone = 'America/Los_Angeles' WHERE id = $1`, [clinic.clinicId]);
    await expectInSync();
    for (const now of [NOW, '2027-09-01T12:00:00Z']) {
      const [x, y] = await bothWays({ rules: rules(now, { baselineLookbackDays: 21 }, 'America/Los_Angeles') });
      expect(x).toEqual(y);
    }
  });
});
