import { mergeFlagThresholds } from '@huddle/scoring';
import { Client } from 'pg';
import { GuardedClient } from '../src/app/database/guarded-pg-client';
import { rulesAt } from '../src/app/registry-sql/clinic-rules.service';
import {
  buildAggregateSql,
  orderByClause,
  type AggregateQuery,
} from '../src/app/registry-sql/episode-aggregate.repository';
import { CaseloadService } from '../src/app/caseload/caseload.service';
import { must } from './builders';
import { createClinic, type ClinicFixture } from './fixtures';
import { openScratchApp, type ScratchApp, type ScratchDatabase } from './scratch-database';
import type { TestApp } from './test-app';

/**
 * EXPLAIN ANALYZE of the caseload query on generated data (ADR 0002). Default size: 3,000 patients
 * (20 assessments, 10 contacts, 3 reviews each, all in the past; 100 per care manager,
 * HUDDLE_EXPLAIN_PER_CARE_MANAGER to change);
 * set HUDDLE_EXPLAIN_PATIENTS=100000 for the 100k /
 * 2M-assessment check (takes a few minutes) and HUDDLE_EXPLAIN_PRINT=1 to print the plans.
 */
const PATIENTS = Number(process.env['HUDDLE_EXPLAIN_PATIENTS'] ?? 3000);
const PER_CARE_MANAGER = Number(process.env['HUDDLE_EXPLAIN_PER_CARE_MANAGER'] ?? 100);
const NOW = new Date('2026-11-20T17:00:00Z');

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

describe('caseload query plan', () => {
  let scratch: ScratchDatabase;
  let t: TestApp;
  let clinic: ClinicFixture;
  let careManagers: string[];
  let app: ScratchApp | undefined;

  beforeAll(async () => {
    ({ t, scratch } = app = await openScratchApp());
    clinic = await createClinic(t);
    await generate();
  }, 900_000);
  afterAll(async () => {
    await app?.close();
  });

  async function generate(): Promise<void> {
    const cms = Math.max(1, Math.floor(PATIENTS / PER_CARE_MANAGER));
    await t.db.query(
      `INSERT INTO staff_user (clinic_id, email, display_name, role)
       SELECT $1, 'bench.cm' || g || '@test.huddle', 'CM ' || g, 'care_manager' FROM generate_series(1, $2) g`,
      [clinic.clinicId, cms],
    );
    careManagers = (await t.db.query(`SELECT id FROM staff_user WHERE email LIKE 'bench.cm%' ORDER BY email`)).map(
      (row: { id: string }) => row.id,
    );
    await t.db.query(
      `INSERT INTO patient (clinic_id, mrn, given_name, family_name, birth_date)
       SELECT $1, 'BN' || g, 'Given' || g, 'Family' || (g % 997), '1980-01-01' FROM generate_series(1, $2) g`,
      [clinic.clinicId, PATIENTS],
    );
    await t.db.query(
      `INSERT INTO episode (clinic_id, patient_id, status, referred_on, consent_on, enrolled_on, activated_on,
         care_manager_id, consultant_id, discharged_on, discharge_reason)
       SELECT $1, p.id, CASE WHEN n % 7 = 0 THEN 'discharged' ELSE 'active' END, d, d, d, d, ($2::uuid[])[(1 + n % $3)::int], $4,
         CASE WHEN n % 7 = 0 THEN DATE '2026-11-01' END, CASE WHEN n % 7 = 0 THEN 'completed' END
       FROM (SELECT id, row_number() OVER (ORDER BY mrn) AS n FROM patient WHERE clinic_id = $1) p,
         LATERAL (SELECT DATE '2026-11-20' - (130 + (p.n % 200))::int AS d) s`,
      [clinic.clinicId, careManagers, careManagers.length, clinic.consultant.id],
    );
    await t.db.query(
      `INSERT INTO assessment (clinic_id, patient_id, episode_id, instrument, administered_on, source, answers, total, complete, safety_risk)
       SELECT e.clinic_id, e.patient_id, e.id, i.instrument, e.enrolled_on + k * 14 - 7, 'clinic', '{}', (20 - k) % 22, true,
         i.instrument = 'PHQ9' AND k = 9 AND hashtext(e.id::text) % 50 = 0
       FROM episode e CROSS JOIN generate_series(0, 9) k CROSS JOIN (VALUES ('PHQ9'), ('GAD7')) i(instrument)
       WHERE e.clinic_id = $1`,
      [clinic.clinicId],
    );
    await t.db.query(
      `INSERT INTO contact (clinic_id, patient_id, episode_id, staff_id, type, modality, started_at, minutes)
       SELECT e.clinic_id, e.patient_id, e.id, e.care_manager_id, CASE WHEN k = 0 THEN 'initial_assessment' ELSE 'follow_up' END,
         'phone', (e.enrolled_on + k * 10)::timestamp + interval '15 hours', 20
       FROM episode e CROSS JOIN generate_series(0, 9) k WHERE e.clinic_id = $1`,
      [clinic.clinicId],
    );
    await t.db.query(
      `INSERT INTO consultant_review (clinic_id, patient_id, episode_id, consultant_id, reviewed_at, week_of)
       SELECT e.clinic_id, e.patient_id, e.id, e.consultant_id, (e.enrolled_on + k * 21)::timestamp + interval '15 hours',
         date_trunc('week', e.enrolled_on + k * 21)::date
       FROM episode e CROSS JOIN generate_series(0, 2) k WHERE e.clinic_id = $1`,
      [clinic.clinicId],
    );
    // Steady state: statistics and visibility map, as autovacuum keeps them. As the owner: the app role
    // (least privilege, issue #14) may not vacuum or analyze tables it does not own.
    const owner = new Client({ connectionString: scratch.ownerUrl });
    await owner.connect();
    await owner.query(`VACUUM ANALYZE`);
    await owner.end();
  }

  async function explain(query: Omit<AggregateQuery, 'rules' | 'where'>): Promise<{ ms: number; plan: PlanNode }> {
    const caseload = t.app.get(CaseloadService);
    const careManagerId = must(careManagers[0]);
    const actor = {
      id: careManagerId,
      clinicId: clinic.clinicId,
      role: 'care_manager' as const,
      displayName: 'CM',
      sessionId: 'x',
      ip: null,
    };
    const rules = rulesAt(clinic.clinicId, 'America/New_York', mergeFlagThresholds({}), NOW);
    const target = { careManagerId, fte: 1, consultantId: null };
    const { sql, params } = buildAggregateSql({
      ...query,
      rules,
      where: (p) => caseload.conditions(actor, target, {}, p),
    });
    await t.db.query(sql, params); // warm the cache as a real page load would
    // TIMING OFF: per-node clock reads would inflate the total on virtual machines.
    const [row] = await t.db.query(`EXPLAIN (ANALYZE, TIMING OFF, BUFFERS, FORMAT JSON) ${sql}`, params);
    const [result] = row['QUERY PLAN'] as Array<{ 'Execution Time': number; Plan: PlanNode }>;
    if (process.env['HUDDLE_EXPLAIN_PRINT']) {
      const text: Array<Record<string, string>> = await t.db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      const runs: number[] = [];
      for (let i = 0; i < 7; i++) {
        const start = process.hrtime.bigint();
        await t.db.query(sql, params);
        runs.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      runs.sort((x, y) => x - y);
      console.log(
        `execution ${must(result)['Execution Time']} ms (timing off); round trip median ${runs[3]?.toFixed(1)} ms\n` +
          text.map((line) => line['QUERY PLAN']).join('\n'),
      );
    }
    return { ms: must(result)['Execution Time'], plan: must(result).Plan };
  }

  it.each([
    ['whole caseload (priority sort / flag filters)', {}],
    ['one page sorted by latest PHQ-9', { orderBy: orderByClause('phq9Latest', 'desc'), limit: 25, offset: 0 }],
  ])('%s uses the indexes and stays well under 50 ms', async (_label, query) => {
    const { ms, plan } = await explain(query);
    const all = nodes(plan);
    const seqScanned = all.filter((node) => node['Node Type'] === 'Seq Scan').map((node) => node['Relation Name']);
    expect(seqScanned).not.toEqual(expect.arrayContaining(['assessment']));
    expect(seqScanned).not.toEqual(expect.arrayContaining(['contact']));
    expect(seqScanned).not.toEqual(expect.arrayContaining(['consultant_review']));
    expect(seqScanned).not.toEqual(expect.arrayContaining(['episode']));
    const indexes = new Set(all.map((node) => node['Index Name']).filter(Boolean));
    expect(indexes).toContain('ix_episode_care_manager_open');
    // episode_summary by primary key (a hash join while the table is small, as for patient).
    expect(all.some((node) => node['Relation Name'] === 'episode_summary')).toBe(true);
    // Every row comes from episode_summary: the fallback probes (assessment, contact, reviews
    // before the cut-off) are planned but never run.
    const probed = all
      .filter(
        (node) => ['assessment', 'contact'].includes(node['Relation Name'] ?? '') && (node['Actual Loops'] ?? 0) > 0,
      )
      .map((node) => node['Index Name'] ?? node['Relation Name']);
    expect(probed).toEqual([]);
    expect(ms).toBeLessThan(50);
  });

  it("keeps one plan for the caseload's scope statement instead of planning it on every request", async () => {
    // The statement and parameters the caseload sends (poolQuery: prepared on the pool's connection, with a
    // generic plan), replayed on one connection of our own under PostgreSQL's default plan choice.
    const spy = jest.spyOn(GuardedClient.prototype, 'queryWithGenericPlan');
    let scope: { text: string; values: unknown[] } | undefined;
    try {
      await t.app.get(CaseloadService).listPrepared(
        {
          id: must(careManagers[0]),
          clinicId: clinic.clinicId,
          role: 'care_manager',
          displayName: 'CM',
          sessionId: 's',
          ip: null,
        },
        { pageSize: 25 },
      );
      scope = spy.mock.calls
        .filter(([text]) => text.includes('caseload_coverage'))
        .map(([text, values]) => ({ text, values: [...values] }))[0];
    } finally {
      spy.mockRestore();
    }
    expect(scope).toBeDefined();
    const client = new Client({ connectionString: scratch.ownerUrl });
    await client.connect();
    try {
      for (let i = 0; i < 10; i++)
        await client.query({ name: 'scope', text: must(scope).text, values: must(scope).values });
      const [row] = (
        await client.query(`SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'scope'`)
      ).rows as Array<{ generic_plans: string; custom_plans: string }>;
      // PostgreSQL plans the first five with the values, then keeps the plan made without them when it is as
      // good: it can be only if it reads the caseload's partial index (ix_episode_care_manager_open).
      expect(Number(must(row).generic_plans)).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
  });
});
