import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { createScoreStage, importStagedScores } from '../src/app/fhir-import/import-score-stage.sql';
import { refreshImportSummaries, suspendSummaryTriggers } from '../src/app/fhir-import/summary-refresh.sql';
import { createPatient, type ClinicFixture } from './fixtures';
import { count, openRegistry } from './registry-helpers';
import type { TestApp } from './test-app';

/**
 * The imports' bulk write path (migration 1764000035000-import-bulk-path): `huddle_import_scores` checks
 * the staged patients set-based instead of per-row foreign-key triggers. Run here as the API's role
 * (`huddle_app`), exactly as the imports call it.
 */
describe('import bulk path: huddle_import_scores', () => {
  let t: TestApp;
  let a: ClinicFixture;
  let b: ClinicFixture;

  beforeAll(async () => {
    ({ t, a, b } = await openRegistry());
  });
  afterAll(() => t.close());

  const stageRow = (patientId: string, total: number, key: string | null = null) => ({
    id: randomUUID(),
    patient_id: patientId,
    total,
    key,
  });
  /** Stages PHQ-9 totals (item answers irrelevant here) for the patients given. */
  const stage = async (em: EntityManager, rows: ReturnType<typeof stageRow>[]): Promise<void> => {
    await createScoreStage(em);
    await em.query(
      `INSERT INTO import_score_stage (id, patient_id, instrument, administered_on, answers, total, severity,
         positive_screen, complete, safety_risk, created_at, key)
       SELECT x.id, x.patient_id, 'PHQ9', '2026-10-01', '{}'::jsonb, x.total, 'mild', true, true, false, now(), x.key
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, patient_id uuid, total smallint, key text)`,
      [JSON.stringify(rows)],
    );
  };

  it('inserts the staged scores on each patient’s open episode, with their keys, as the app role', async () => {
    const p1 = await createPatient(t.db, a);
    const [p2]: Array<{ patientId: string }> = await t.db.query(
      `INSERT INTO patient (clinic_id, mrn, given_name, family_name, birth_date)
       VALUES ($1, $2, 'No', 'Episode', '1970-01-01') RETURNING id AS "patientId"`,
      [a.clinicId, `NOEP-${randomUUID()}`],
    );
    if (!p2) throw new Error('patient not created');
    const rows = [
      stageRow(p1.patientId, 7, `test:${randomUUID()}`),
      stageRow(p2.patientId, 11, `test:${randomUUID()}`),
    ];
    const inserted = await t.db.transaction(async (em) => {
      expect((await em.query(`SELECT current_user AS u`))[0].u).toBe('huddle_app');
      await suspendSummaryTriggers(em);
      await stage(em, rows);
      const n = await importStagedScores(em, a.clinicId, a.admin.id, 'csv');
      // As the imports do: the suspended summaries refreshed set-based before commit (the database is
      // shared with episode-summary.spec, which checks every stored summary against a recomputation).
      await refreshImportSummaries(
        em,
        rows.map((r) => r.patient_id),
      );
      return n;
    });
    expect(inserted).toBe(2);
    const stored: Array<Record<string, unknown>> = await t.db.query(
      `SELECT a.id, a.patient_id, a.episode_id, a.clinic_id, a.source, a.total, a.entered_by, k.key, k.resource_type
       FROM assessment a JOIN import_key k ON k.target_id = a.id AND k.clinic_id = a.clinic_id
       WHERE a.id = ANY($1::uuid[]) ORDER BY a.total`,
      [rows.map((r) => r.id)],
    );
    expect(stored).toEqual([
      {
        id: rows[0]?.id,
        patient_id: p1.patientId,
        episode_id: p1.episodeId,
        clinic_id: a.clinicId,
        source: 'import',
        total: 7,
        entered_by: a.admin.id,
        key: rows[0]?.key,
        resource_type: 'csv',
      },
      // A patient without an open episode: the score is stored without one, as the per-row lookup did.
      {
        id: rows[1]?.id,
        patient_id: p2.patientId,
        episode_id: null,
        clinic_id: a.clinicId,
        source: 'import',
        total: 11,
        entered_by: a.admin.id,
        key: rows[1]?.key,
        resource_type: 'csv',
      },
    ]);
    // Every row the path wrote satisfies the foreign keys it did not check per row.
    expect(
      await count(
        t,
        `SELECT 1 FROM assessment x
         LEFT JOIN patient p ON p.id = x.patient_id LEFT JOIN episode e ON e.id = x.episode_id
         LEFT JOIN staff_user s ON s.id = x.entered_by
         WHERE x.id = ANY($1::uuid[]) AND p.clinic_id = x.clinic_id AND s.clinic_id = x.clinic_id
           AND (x.episode_id IS NULL OR e.patient_id = x.patient_id)`,
        [rows.map((r) => r.id)],
      ),
    ).toBe(2);
  });

  it('refuses the whole batch when one staged patient is of another clinic, writing nothing', async () => {
    const mine = await createPatient(t.db, a);
    const theirs = await createPatient(t.db, b);
    const rows = [stageRow(mine.patientId, 3), stageRow(theirs.patientId, 4)];
    await expect(
      t.db.transaction(async (em) => {
        await suspendSummaryTriggers(em);
        await stage(em, rows);
        return importStagedScores(em, a.clinicId, a.admin.id, null);
      }),
    ).rejects.toThrow(/1 staged patient\(s\) are not patients of clinic/);
    expect(
      await count(t, `SELECT 1 FROM assessment WHERE patient_id = ANY($1::uuid[])`, [
        [mine.patientId, theirs.patientId],
      ]),
    ).toBe(0);
  });

  it('refuses a non-existent patient, a staff member of another clinic and unsuspended summaries', async () => {
    const p = await createPatient(t.db, a);
    const attempt = (clinicId: string, enteredBy: string, patientId: string, suspend = true) =>
      t.db.transaction(async (em) => {
        if (suspend) await suspendSummaryTriggers(em);
        await stage(em, [stageRow(patientId, 5)]);
        return importStagedScores(em, clinicId, enteredBy, null);
      });
    await expect(attempt(a.clinicId, a.admin.id, randomUUID())).rejects.toThrow(/not patients of clinic/);
    await expect(attempt(a.clinicId, b.admin.id, p.patientId)).rejects.toThrow(/no staff member/);
    await expect(attempt(a.clinicId, a.admin.id, p.patientId, false)).rejects.toThrow(/suspend the summary triggers/);
    expect(await count(t, `SELECT 1 FROM assessment WHERE patient_id = $1`, [p.patientId])).toBe(0);
  });

  it('writes each staged key with its own resource type (the FHIR import), and refuses any other type', async () => {
    const p = await createPatient(t.db, a);
    const stageTyped = async (em: EntityManager, rows: Array<{ id: string; key: string; keyType: string }>) => {
      await createScoreStage(em);
      await em.query(
        `INSERT INTO import_score_stage (id, patient_id, instrument, administered_on, answers, total, severity,
           positive_screen, complete, safety_risk, created_at, key, key_type)
         SELECT x.id, $2, 'PHQ9', '2026-10-01', '{}'::jsonb, 5, 'mild', false, true, false, now(), x.key, x.key_type
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, key text, key_type text)`,
        [JSON.stringify(rows.map((r) => ({ id: r.id, key: r.key, key_type: r.keyType }))), p.patientId],
      );
    };
    const rows = ['QuestionnaireResponse', 'Observation'].map((keyType) => ({
      id: randomUUID(),
      key: `test:${randomUUID()}`,
      keyType,
    }));
    await t.db.transaction(async (em) => {
      await suspendSummaryTriggers(em);
      await stageTyped(em, rows);
      expect(await importStagedScores(em, a.clinicId, a.admin.id, null)).toBe(2);
      await refreshImportSummaries(em, [p.patientId]);
    });
    const keys: Array<{ key: string; resource_type: string; target_id: string }> = await t.db.query(
      `SELECT key, resource_type, target_id FROM import_key WHERE clinic_id = $1 AND key = ANY($2::text[]) ORDER BY resource_type`,
      [a.clinicId, rows.map((r) => r.key)],
    );
    expect(keys).toEqual(
      [...rows]
        .sort((x, y) => x.keyType.localeCompare(y.keyType))
        .map((r) => ({ key: r.key, resource_type: r.keyType, target_id: r.id })),
    );
    const bad = [{ id: randomUUID(), key: `test:${randomUUID()}`, keyType: 'Patient' }];
    await expect(
      t.db.transaction(async (em) => {
        await suspendSummaryTriggers(em);
        await stageTyped(em, bad);
        return importStagedScores(em, a.clinicId, a.admin.id, null);
      }),
    ).rejects.toThrow(/a staged key_type must be/);
    expect(await count(t, `SELECT 1 FROM assessment WHERE id = $1`, [bad[0]?.id])).toBe(0);
  });

  it('huddle_time_ordered_uuid(): version-7 UUIDs whose order follows the clock', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await t.db.query(`SELECT huddle_time_ordered_uuid()::text AS id`))[0].id as string);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    const millis = parseInt(ids[0]?.replace(/-/g, '').slice(0, 12) ?? '', 16);
    expect(Math.abs(millis - Date.now())).toBeLessThan(60_000);
  });

  it('reads only a stage its owner created: the app role can neither replace nor alter it', async () => {
    const p = await createPatient(t.db, a);
    // A look-alike table of the app role's own: refused before anything is read.
    await expect(
      t.db.transaction(async (em) => {
        await suspendSummaryTriggers(em);
        await em.query(
          `CREATE TEMP TABLE import_score_stage (id uuid, patient_id uuid, instrument text, administered_on date,
             answers jsonb, total smallint, severity text, positive_screen boolean, complete boolean,
             safety_risk boolean, created_at timestamptz, key text) ON COMMIT DROP`,
        );
        return importStagedScores(em, a.clinicId, a.admin.id, null);
      }),
    ).rejects.toThrow(/stage the scores with huddle_import_score_stage/);
    await expect(
      t.db.transaction(async (em) => {
        await stage(em, [stageRow(p.patientId, 5)]);
        await em.query(`ALTER TABLE import_score_stage ENABLE ROW LEVEL SECURITY`);
      }),
    ).rejects.toThrow(/must be owner/);
    await expect(
      t.db.transaction(async (em) => {
        await stage(em, [stageRow(p.patientId, 5)]);
        await em.query(`DROP TABLE import_score_stage`);
      }),
    ).rejects.toThrow(/must be owner/);
  });

  it('is executable by the app role only, and skips the per-row checks where the owner may (superuser here)', async () => {
    const rows: Array<{ proname: string; acl: string; config: string[] | null; secdef: boolean }> = await t.db.query(
      `SELECT proname, proacl::text AS acl, proconfig AS config, prosecdef AS secdef FROM pg_proc
       WHERE proname IN ('huddle_import_scores', 'huddle_import_score_stage') ORDER BY proname`,
    );
    expect(rows.map((r) => r.proname)).toEqual(['huddle_import_score_stage', 'huddle_import_scores']);
    for (const row of rows) {
      expect(row.secdef).toBe(true);
      expect(row.acl).toMatch(/huddle_app=X/);
      expect(row.acl).not.toMatch(/(^|[{,])=X/); // no PUBLIC grant
      expect(row.config).toContain('search_path=public, pg_temp');
    }
    expect(rows[1]?.config).toContain('session_replication_role=replica');
    // Outside the function the app role stays in origin mode: foreign keys are checked for every other write.
    expect((await t.db.query(`SHOW session_replication_role`))[0].session_replication_role).toBe('origin');
  });
});
