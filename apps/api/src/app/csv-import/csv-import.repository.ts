import { once } from 'node:events';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';
import type { SqlFragment } from '../auth/access.service';
import { copyField } from '../seed/synthetic/copy-text';
import type { CsvRowErrorDto } from './dto/csv-import.dto';
import type { CsvScoreRow } from './csv-mapping';
import { entryOrderCreatedAt } from '../fhir-import/summary-refresh.sql';
import { createScoreStage, importStagedScores } from '../fhir-import/import-score-stage.sql';

const STAGE_COLUMNS = [
  'row_no',
  'mrn',
  'given_name',
  'family_name',
  'birth_date',
  'instrument',
  'administered_on',
  'answers',
  'answers_sig',
  'total',
  'severity',
  'positive_screen',
  'complete',
  'safety_risk',
] as const;

/** Counts of the set-based load. */
export interface CsvLoadCounts {
  patientsCreated: number;
  assessmentsCreated: number;
  assessmentsUnchanged: number;
  patientIds: string[];
  /** New patients and patients with new scores: whose open episode's summary changed. */
  refreshPatientIds: string[];
}

/**
 * A COPY stream of valid rows into the transaction's staging table (`csv_stage`, dropped at commit),
 * buffered in chunks and honouring back-pressure.
 */
export class CsvStageWriter {
  private buffer: string[] = [];
  private size = 0;
  private constructor(private readonly stream: NodeJS.WritableStream) {}

  static async open(em: EntityManager): Promise<CsvStageWriter> {
    // The load's sorts (content keys, patient order) hold a 100,000-row file in memory instead of
    // spilling to disk (EXPLAIN ANALYZE: two external merges of ~30 MB each at the default 4 MB).
    await em.query(`SET LOCAL work_mem = '64MB'`);
    await em.query(`
      CREATE TEMP TABLE csv_stage (
        row_no integer NOT NULL, mrn text NOT NULL, given_name text, family_name text, birth_date date,
        instrument text NOT NULL, administered_on date NOT NULL, answers jsonb NOT NULL, answers_sig text NOT NULL,
        total smallint, severity text, positive_screen boolean, complete boolean NOT NULL, safety_risk boolean NOT NULL
      ) ON COMMIT DROP`);
    const runner = em.queryRunner;
    if (!runner) throw new Error('CSV import must run in a transaction');
    const client = (await runner.connect()) as PoolClient;
    return new CsvStageWriter(client.query(copyFrom(`COPY csv_stage (${STAGE_COLUMNS.join(', ')}) FROM STDIN`)));
  }

  /**
   * Buffers one row; true when the buffer is full and must be {@link flush}ed (awaited) before the next
   * write — so the 100,000 rows of a file cost one promise per MiB, not one each.
   */
  write(row: CsvScoreRow): boolean {
    // One string per row, in STAGE_COLUMNS order (no intermediate arrays: this runs 100,000 times a file).
    const line =
      `${row.row}\t${copyField(row.mrn)}\t${copyField(row.givenName)}\t${copyField(row.familyName)}\t` +
      `${copyField(row.birthDate)}\t${copyField(row.instrument)}\t${copyField(row.administeredOn)}\t` +
      `${copyField(JSON.stringify(row.answers))}\t${copyField(row.answersSignature)}\t${copyField(row.total)}\t` +
      `${copyField(row.severity)}\t${copyField(row.positiveScreen)}\t${copyField(row.complete)}\t${copyField(row.safetyRisk)}`;
    this.buffer.push(line, '\n');
    this.size += line.length + 1;
    return this.size >= 1 << 20;
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

/** Set-based statements of a CSV import over the staging table. */
@Injectable()
export class CsvImportRepository {
  /**
   * Row errors only the registry can tell: an MRN of a patient the caller may not see (or of another
   * clinic's caseload), a birth date that differs from the registry's, a new patient without names
   * or birth date, a score before the registry's birth date. `scope` is over `p`, parameters from `$2`.
   * The first row naming each new MRN is found once per MRN (one sort, one hash join): a lateral scan
   * of the unindexed staging table per row made a 100,000-row file quadratic (minutes).
   */
  async registryErrors(em: EntityManager, clinicId: string, scope: SqlFragment): Promise<CsvRowErrorDto[]> {
    // Statistics only of the columns the import's statements join or filter on (the row count and pages
    // are counted either way): 70 instead of 570 ms for 100,000 rows, the same plans for this statement and
    // `load`'s (bench/results/s9-c-imports.md); the JSON answers were most of the sampling work.
    await em.query(`ANALYZE csv_stage (mrn, given_name, family_name, birth_date)`);
    const rows: Array<{ row: number; problem: string }> = await em.query(
      `SELECT s.row_no AS row,
         CASE
           WHEN p.id IS NOT NULL AND NOT (${scope.sql}) THEN 'scope'
           WHEN p.id IS NOT NULL AND s.birth_date IS NOT NULL AND s.birth_date <> p.birth_date THEN 'birth'
           WHEN p.id IS NOT NULL AND s.administered_on < p.birth_date THEN 'before_birth'
           WHEN p.id IS NULL AND (first.given_name IS NULL OR first.family_name IS NULL OR first.birth_date IS NULL) THEN 'new'
         END AS problem
       FROM csv_stage s
       LEFT JOIN patient p ON p.clinic_id = $1 AND p.mrn = s.mrn
       LEFT JOIN (
         SELECT DISTINCT ON (f.mrn) f.mrn, f.given_name, f.family_name, f.birth_date FROM csv_stage f
         WHERE f.given_name IS NOT NULL AND f.family_name IS NOT NULL AND f.birth_date IS NOT NULL
         ORDER BY f.mrn, f.row_no) first ON p.id IS NULL AND first.mrn = s.mrn
       ORDER BY s.row_no`,
      [clinicId, ...scope.params],
    );
    const messages: Record<string, [string, string]> = {
      scope: ['mrn', 'no patient with this MRN in your caseload'],
      birth: ['birth_date', "birth date differs from the registry's patient with this MRN"],
      before_birth: ['date', 'date must not be before the birth date'],
      new: ['mrn', 'a new patient needs given name, family name and birth date on one of its rows'],
    };
    return rows.flatMap((r) => {
      const message = messages[r.problem];
      return message ? [{ row: r.row, column: message[0], message: message[1] }] : [];
    });
  }

  /**
   * Loads the staged rows: new patients (first row naming them) with a referred episode on
   * `careManagerId`'s caseload, then each score not already imported (content key per patient, the
   * FHIR import's key) with its import key: staged in `import_score_stage` and inserted by
   * `huddle_import_scores`, the bulk path that checks the patients once instead of per-row foreign-key
   * triggers (migration 1764000035000, import-score-stage.sql.ts). New patients, episodes and scores get
   * time-ordered ids (`huddle_time_ordered_uuid()`, migration 1764000039100): their index entries append
   * at the right edge instead of landing on random pages.
   */
  async load(
    em: EntityManager,
    clinicId: string,
    actorId: string,
    careManagerId: string | null,
    referredOn: string,
  ): Promise<CsvLoadCounts> {
    const created: Array<{ id: string }> = await em.query(
      `WITH fresh AS (
         SELECT DISTINCT ON (s.mrn) s.mrn, s.given_name, s.family_name, s.birth_date
         FROM csv_stage s
         WHERE s.given_name IS NOT NULL AND s.family_name IS NOT NULL AND s.birth_date IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM patient p WHERE p.clinic_id = $1 AND p.mrn = s.mrn)
         ORDER BY s.mrn, s.row_no),
       patients AS (
         INSERT INTO patient (id, clinic_id, mrn, given_name, family_name, birth_date)
         SELECT huddle_time_ordered_uuid(), $1, mrn, given_name, family_name, birth_date FROM fresh RETURNING id)
       INSERT INTO episode (id, clinic_id, patient_id, status, referred_on, care_manager_id)
       SELECT huddle_time_ordered_uuid(), $1, id, 'referred', $2, $3 FROM patients RETURNING patient_id AS id`,
      [clinicId, referredOn, careManagerId],
    );
    // The new scores go through the bulk path (import-score-stage.sql.ts): staged here with their keys,
    // inserted by one call that checks the patients set-based instead of per-row foreign-key triggers.
    await createScoreStage(em);
    const loaded: Array<{
      created: number;
      unchanged: number;
      patient_ids: string[] | null;
      changed_ids: string[] | null;
    }> = await em.query(
      `WITH keyed AS MATERIALIZED (
         SELECT DISTINCT ON (k.key) k.* FROM (
           SELECT s.*, p.id AS patient_id,
             'score:' || encode(sha256(convert_to(
               p.id::text || '|' || s.instrument || '|' || s.administered_on::text || '|' || s.answers_sig || '|' ||
               COALESCE(s.total::text, 'null'), 'UTF8')), 'hex') AS key
           FROM csv_stage s JOIN patient p ON p.clinic_id = $1 AND p.mrn = s.mrn) k
         ORDER BY k.key, k.row_no),
       fresh AS (
         INSERT INTO import_score_stage (id, patient_id, instrument, administered_on, answers, total, severity,
           positive_screen, complete, safety_risk, created_at, key)
         SELECT huddle_time_ordered_uuid(), k.patient_id, k.instrument, k.administered_on, k.answers, k.total, k.severity,
           k.positive_screen, k.complete, k.safety_risk, ${entryOrderCreatedAt('k.row_no')}, k.key
         FROM keyed k
         WHERE NOT EXISTS (SELECT 1 FROM import_key ik WHERE ik.clinic_id = $1 AND ik.key = k.key)
         RETURNING patient_id)
       SELECT (SELECT count(*)::int FROM fresh) AS created,
         (SELECT count(*)::int FROM csv_stage) - (SELECT count(*)::int FROM fresh) AS unchanged,
         (SELECT array_agg(DISTINCT patient_id) FROM keyed) AS patient_ids,
         (SELECT array_agg(DISTINCT patient_id) FROM fresh) AS changed_ids`,
      [clinicId],
    );
    const inserted = await importStagedScores(em, clinicId, actorId, 'csv');
    if (inserted !== (loaded[0]?.created ?? 0)) throw new Error('CSV import: staged and inserted scores differ');
    const counts = loaded[0];
    return {
      patientsCreated: created.length,
      assessmentsCreated: counts?.created ?? 0,
      assessmentsUnchanged: counts?.unchanged ?? 0,
      patientIds: counts?.patient_ids ?? [],
      refreshPatientIds: [...new Set([...created.map((c) => c.id), ...(counts?.changed_ids ?? [])])],
    };
  }

  async startJob(em: EntityManager, clinicId: string, actorId: string, dryRun: boolean): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO import_job (clinic_id, kind, started_by, status, dry_run) VALUES ($1, 'csv', $2, 'running', $3) RETURNING id`,
      [clinicId, actorId, dryRun],
    );
    const id = rows[0]?.id;
    if (!id) throw new Error('import_job not created');
    return id;
  }

  async progress(em: EntityManager, jobId: string, rowsTotal: number): Promise<void> {
    await em.query(`UPDATE import_job SET rows_total = $2 WHERE id = $1`, [jobId, rowsTotal]);
  }

  async finishJob(
    em: EntityManager,
    jobId: string,
    status: 'done' | 'failed',
    counts: {
      rowsTotal: number;
      rowsLoaded: number;
      rowsUnchanged: number;
      rowsFailed: number;
      patientsCreated: number;
    },
  ): Promise<void> {
    await em.query(
      `UPDATE import_job SET status = $2, rows_total = $3, rows_loaded = $4, rows_unchanged = $5, rows_failed = $6,
         patients_created = $7, finished_at = now() WHERE id = $1`,
      [
        jobId,
        status,
        counts.rowsTotal,
        counts.rowsLoaded,
        counts.rowsUnchanged,
        counts.rowsFailed,
        counts.patientsCreated,
      ],
    );
  }

  async job(
    em: EntityManager,
    clinicId: string,
    actorId: string,
    jobId: string,
  ): Promise<Record<string, unknown> | null> {
    const rows: Array<Record<string, unknown>> = await em.query(
      `SELECT id, kind, status, rows_total, rows_loaded, rows_unchanged, rows_failed, patients_created, started_at, finished_at
       FROM import_job WHERE id = $1 AND clinic_id = $2 AND started_by = $3`,
      [jobId, clinicId, actorId],
    );
    return rows[0] ?? null;
  }
}
