import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The recommendation status CHECK of the initial schema (unnamed; found by its definition). */
const OLD_STATUS_CHECK = `%status = ANY (ARRAY['pending'%`;

/**
 * Shared care record of issue #11 (part h2):
 * - recommendations: status new → accepted | declined (by the PCP) → implemented, replacing
 *   pending → communicated → done | declined (pending→new, communicated→accepted, done→implemented);
 *   a decline carries its reason; every status change is kept (`recommendation_status_change`) for
 *   the timeline;
 * - psychotropic medications (`medication`) and their starts, dose changes and stops
 *   (`medication_event`), drawn on the score charts;
 * - one structured relapse-prevention plan per episode (`relapse_prevention_plan`) and a row per save
 *   (`relapse_prevention_plan_save`) for the timeline.
 */
export class CareRecord1764000013000 implements MigrationInterface {
  name = 'CareRecord1764000013000';

  async up(q: QueryRunner): Promise<void> {
    await this.dropStatusCheck(q);
    await q.query(`ALTER TABLE recommendation ALTER COLUMN status SET DEFAULT 'new'`);
    await q.query(`
      UPDATE recommendation SET status = CASE status
        WHEN 'pending' THEN 'new' WHEN 'communicated' THEN 'accepted' WHEN 'done' THEN 'implemented' ELSE status END
      WHERE status IN ('pending','communicated','done')`);
    await q.query(`ALTER TABLE recommendation ADD COLUMN status_reason text`);
    await q.query(
      `ALTER TABLE recommendation ADD CONSTRAINT ck_recommendation_status
         CHECK (status IN ('new','accepted','declined','implemented'))`,
    );
    await q.query(`
      CREATE TABLE recommendation_status_change (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        recommendation_id uuid NOT NULL REFERENCES recommendation(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        from_status text NOT NULL,
        to_status text NOT NULL CHECK (to_status IN ('new','accepted','declined','implemented')),
        reason text,
        changed_by uuid NOT NULL REFERENCES staff_user(id),
        changed_at timestamptz NOT NULL,
        CHECK (to_status <> 'declined' OR reason IS NOT NULL)
      )`);
    await q.query(
      `CREATE INDEX ix_recommendation_status_change_patient ON recommendation_status_change (patient_id, changed_at DESC)`,
    );
    // The PCP inbox: new recommendations of a clinic.
    await q.query(`CREATE INDEX ix_recommendation_new ON recommendation (clinic_id, episode_id) WHERE status = 'new'`);

    await q.query(`
      CREATE TABLE medication (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        episode_id uuid REFERENCES episode(id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        dose text CHECK (dose IS NULL OR length(dose) BETWEEN 1 AND 120),
        started_on date NOT NULL,
        stopped_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CHECK (stopped_on IS NULL OR stopped_on >= started_on),
        CHECK ((stopped_on IS NULL) = (dose IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ix_medication_patient ON medication (patient_id, started_on DESC)`);
    await q.query(`
      CREATE TABLE medication_event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        medication_id uuid NOT NULL REFERENCES medication(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        episode_id uuid REFERENCES episode(id),
        action text NOT NULL CHECK (action IN ('start','change','stop')),
        dose text,
        effective_on date NOT NULL,
        note text,
        recorded_by uuid NOT NULL REFERENCES staff_user(id),
        recorded_at timestamptz NOT NULL,
        CHECK ((action = 'stop') = (dose IS NULL))
      )`);
    await q.query(
      `CREATE INDEX ix_medication_event_patient ON medication_event (patient_id, effective_on, recorded_at)`,
    );
    await q.query(`CREATE INDEX ix_medication_event_medication ON medication_event (medication_id, recorded_at)`);

    await q.query(`
      CREATE TABLE relapse_prevention_plan (
        episode_id uuid PRIMARY KEY REFERENCES episode(id),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        warning_signs text NOT NULL,
        coping_strategies text NOT NULL,
        supports text NOT NULL,
        maintenance_treatment text NOT NULL,
        maintenance_duration text NOT NULL,
        monitoring_plan text NOT NULL,
        if_symptoms_return text NOT NULL,
        updated_by uuid NOT NULL REFERENCES staff_user(id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`
      CREATE TABLE relapse_prevention_plan_save (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        episode_id uuid NOT NULL REFERENCES relapse_prevention_plan(episode_id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        version integer NOT NULL,
        saved_by uuid NOT NULL REFERENCES staff_user(id),
        saved_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX ix_relapse_prevention_plan_save_patient ON relapse_prevention_plan_save (patient_id, saved_at DESC)`,
    );
    // Timeline sources without a patient-ordered index yet.
    await q.query(`CREATE INDEX ix_consultant_review_patient ON consultant_review (patient_id, reviewed_at DESC)`);
    await q.query(`CREATE INDEX ix_manual_flag_patient ON manual_flag (patient_id, raised_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ix_manual_flag_patient`);
    await q.query(`DROP INDEX IF EXISTS ix_consultant_review_patient`);
    await q.query(`DROP TABLE IF EXISTS relapse_prevention_plan_save`);
    await q.query(`DROP TABLE IF EXISTS relapse_prevention_plan`);
    await q.query(`DROP TABLE IF EXISTS medication_event`);
    await q.query(`DROP TABLE IF EXISTS medication`);
    await q.query(`DROP INDEX IF EXISTS ix_recommendation_new`);
    await q.query(`DROP TABLE IF EXISTS recommendation_status_change`);
    await q.query(`ALTER TABLE recommendation DROP CONSTRAINT IF EXISTS ck_recommendation_status`);
    await q.query(`ALTER TABLE recommendation DROP COLUMN IF EXISTS status_reason`);
    await q.query(`
      UPDATE recommendation SET status = CASE status
        WHEN 'new' THEN 'pending' WHEN 'accepted' THEN 'communicated' WHEN 'implemented' THEN 'done' ELSE status END`);
    await q.query(`ALTER TABLE recommendation ALTER COLUMN status SET DEFAULT 'pending'`);
    await q.query(
      `ALTER TABLE recommendation ADD CONSTRAINT recommendation_status_check
         CHECK (status IN ('pending','communicated','done','declined'))`,
    );
  }

  private async dropStatusCheck(q: QueryRunner): Promise<void> {
    const rows: Array<{ conname: string }> = await q.query(
      `SELECT conname FROM pg_constraint
       WHERE conrelid = 'recommendation'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE $1`,
      [OLD_STATUS_CHECK],
    );
    if (rows.length !== 1) throw new Error(`expected one status CHECK on recommendation, found ${rows.length}`);
    await q.query(`ALTER TABLE recommendation DROP CONSTRAINT "${rows[0]?.conname}"`);
  }
}
