import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #17 part 2 (integrated care around the registry):
 * - `social_needs_screening`: one AHC HRSN screen of a patient (answers by item id, entered or
 *   imported from a Hunger Vital Sign / PRAPARE QuestionnaireResponse); scoring in libs/scoring;
 * - `social_need`: a positive domain (housing, food, transportation, utilities, safety) with its
 *   community-resource referral tracked open → referred → connected → resolved; at most one
 *   unresolved need per patient and domain;
 * - `patient_clinical_event` gains `display` (the problem's text) and `recorded_by`: the problem list
 *   (ICD-10-CM conditions) and HbA1c / blood-pressure values are stored there with `source = 'manual'`,
 *   beside the imported diagnoses and observations, so quality measures and the cohorts read one table;
 * - `care_preference`: trauma-informed care preferences (contact method and times, what helps, what
 *   to avoid), one row per patient;
 * - `huddle_item`: a patient put on the team huddle with a question, until discussed;
 * - `care_task`: a task from a huddle (or on its own) with an owner and a due date; done / reopened.
 */
export class IntegratedCareTeam1764000028000 implements MigrationInterface {
  name = 'IntegratedCareTeam1764000028000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE social_needs_screening (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        screened_on date NOT NULL,
        source text NOT NULL CHECK (source IN ('clinic','import')),
        answers jsonb NOT NULL,
        positive_domains text[] NOT NULL,
        recorded_by uuid REFERENCES staff_user(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX ix_social_needs_screening_patient ON social_needs_screening (patient_id, screened_on DESC)`,
    );
    await q.query(`
      CREATE TABLE social_need (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        screening_id uuid NOT NULL REFERENCES social_needs_screening(id),
        domain text NOT NULL CHECK (domain IN ('housing','food','transportation','utilities','safety')),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','referred','connected','resolved')),
        identified_on date NOT NULL,
        resource_name text,
        referred_on date,
        connected_on date,
        resolved_on date,
        note text,
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_social_need_referral CHECK (status = 'open' OR status = 'resolved' OR resource_name IS NOT NULL)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_social_need_unresolved ON social_need (patient_id, domain) WHERE status <> 'resolved'`,
    );
    await q.query(`CREATE INDEX ix_social_need_clinic_open ON social_need (clinic_id) WHERE status <> 'resolved'`);

    await q.query(`ALTER TABLE patient_clinical_event ADD COLUMN display text`);
    await q.query(`ALTER TABLE patient_clinical_event ADD COLUMN recorded_by uuid REFERENCES staff_user(id)`);
    await q.query(`ALTER TABLE patient_clinical_event ADD COLUMN version integer NOT NULL DEFAULT 1`);

    await q.query(`
      CREATE TABLE care_preference (
        patient_id uuid PRIMARY KEY REFERENCES patient(id),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        contact_method text CHECK (contact_method IN ('phone','text','email','video','in_person')),
        contact_times text,
        what_helps text,
        what_to_avoid text,
        updated_by uuid NOT NULL REFERENCES staff_user(id),
        updated_at timestamptz NOT NULL,
        version integer NOT NULL DEFAULT 1
      )`);

    await q.query(`
      CREATE TABLE huddle_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        question text NOT NULL CHECK (length(btrim(question)) > 0),
        raised_by uuid NOT NULL REFERENCES staff_user(id),
        raised_at timestamptz NOT NULL,
        discussed_at timestamptz,
        discussed_by uuid REFERENCES staff_user(id),
        discussion_note text
      )`);
    await q.query(`CREATE INDEX ix_huddle_item_open ON huddle_item (clinic_id, raised_at) WHERE discussed_at IS NULL`);

    await q.query(`
      CREATE TABLE care_task (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        huddle_item_id uuid REFERENCES huddle_item(id),
        title text NOT NULL CHECK (length(btrim(title)) > 0),
        owner_id uuid NOT NULL REFERENCES staff_user(id),
        due_on date NOT NULL,
        created_by uuid NOT NULL REFERENCES staff_user(id),
        created_at timestamptz NOT NULL,
        done_at timestamptz,
        done_by uuid REFERENCES staff_user(id),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX ix_care_task_owner ON care_task (owner_id, due_on) WHERE done_at IS NULL`);
    await q.query(`CREATE INDEX ix_care_task_patient ON care_task (patient_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS care_task`);
    await q.query(`DROP TABLE IF EXISTS huddle_item`);
    await q.query(`DROP TABLE IF EXISTS care_preference`);
    await q.query(`ALTER TABLE patient_clinical_event DROP COLUMN IF EXISTS version`);
    await q.query(`ALTER TABLE patient_clinical_event DROP COLUMN IF EXISTS recorded_by`);
    await q.query(`ALTER TABLE patient_clinical_event DROP COLUMN IF EXISTS display`);
    await q.query(`DROP TABLE IF EXISTS social_need`);
    await q.query(`DROP TABLE IF EXISTS social_needs_screening`);
  }
}
