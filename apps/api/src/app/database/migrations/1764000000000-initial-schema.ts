import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registry schema: clinics, staff, patients, episodes (CoCM lifecycle), item-level assessments,
 * contacts/time, consultant reviews and recommendations, manual flags, sessions and the audit log.
 * Vocabularies follow ../shared/docs/clinical-reference.md; CHECK constraints keep them honest.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);

    await q.query(`
      CREATE TABLE clinic (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        timezone text NOT NULL DEFAULT 'America/New_York',
        flag_thresholds jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT uq_clinic_name UNIQUE (name)
      )`);

    await q.query(`
      CREATE TABLE staff_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        email text NOT NULL,
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('care_manager','psychiatric_consultant','pcp','leadership','admin')),
        password_hash text,
        fte numeric(3,2) NOT NULL DEFAULT 1.00 CHECK (fte > 0 AND fte <= 1),
        active boolean NOT NULL DEFAULT true,
        failed_login_count integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_staff_user_email ON staff_user (lower(email))`);
    await q.query(`CREATE INDEX ix_staff_user_clinic_role ON staff_user (clinic_id, role)`);

    // Care managers covering a colleague's caseload (leave, vacancies).
    await q.query(`
      CREATE TABLE caseload_coverage (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        covering_staff_id uuid NOT NULL REFERENCES staff_user(id),
        covered_staff_id uuid NOT NULL REFERENCES staff_user(id),
        starts_on date NOT NULL,
        ends_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (covering_staff_id <> covered_staff_id),
        CHECK (ends_on IS NULL OR ends_on >= starts_on)
      )`);
    await q.query(`CREATE INDEX ix_caseload_coverage_covering ON caseload_coverage (covering_staff_id)`);

    await q.query(`
      CREATE TABLE patient (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        mrn text NOT NULL,
        given_name text NOT NULL,
        family_name text NOT NULL,
        birth_date date NOT NULL,
        preferred_language text NOT NULL DEFAULT 'en',
        payer text,
        pcp_id uuid REFERENCES staff_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT uq_patient_clinic_mrn UNIQUE (clinic_id, mrn)
      )`);
    await q.query(`CREATE INDEX ix_patient_clinic_name ON patient (clinic_id, lower(family_name), lower(given_name))`);
    await q.query(`CREATE INDEX ix_patient_pcp ON patient (pcp_id)`);

    await q.query(`
      CREATE TABLE episode (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        status text NOT NULL DEFAULT 'referred'
          CHECK (status IN ('referred','enrolled','active','relapse_prevention','discharged')),
        referred_on date NOT NULL,
        consent_on date,
        enrolled_on date,
        activated_on date,
        relapse_prevention_on date,
        discharged_on date,
        discharge_reason text,
        care_manager_id uuid REFERENCES staff_user(id),
        consultant_id uuid REFERENCES staff_user(id),
        billing_pcp_id uuid REFERENCES staff_user(id),
        diagnoses text[] NOT NULL DEFAULT '{}',
        review_requested_at timestamptz,
        review_request_note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CHECK (status <> 'discharged' OR (discharged_on IS NOT NULL AND discharge_reason IS NOT NULL)),
        CHECK (status = 'referred' OR consent_on IS NOT NULL)
      )`);
    // At most one open episode per patient; a new one may start after discharge.
    await q.query(
      `CREATE UNIQUE INDEX uq_episode_open_per_patient ON episode (patient_id) WHERE status <> 'discharged'`,
    );
    await q.query(`CREATE INDEX ix_episode_patient ON episode (patient_id, referred_on DESC)`);
    await q.query(
      `CREATE INDEX ix_episode_care_manager_open ON episode (care_manager_id) WHERE status <> 'discharged'`,
    );
    await q.query(`CREATE INDEX ix_episode_consultant_open ON episode (consultant_id) WHERE status <> 'discharged'`);
    await q.query(`CREATE INDEX ix_episode_clinic_status ON episode (clinic_id, status)`);

    await q.query(`
      CREATE TABLE assessment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        episode_id uuid REFERENCES episode(id),
        instrument text NOT NULL CHECK (instrument IN ('PHQ9','PHQ2','GAD7','GAD2','PCL5','AUDITC')),
        administered_on date NOT NULL,
        source text NOT NULL CHECK (source IN ('clinic','phone','portal','import')),
        answers jsonb NOT NULL,
        total smallint,
        severity text,
        positive_screen boolean,
        complete boolean NOT NULL,
        safety_risk boolean NOT NULL DEFAULT false,
        entered_by uuid REFERENCES staff_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (complete = (total IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX ix_assessment_episode_instrument_date ON assessment (episode_id, instrument, administered_on, created_at) INCLUDE (total, complete, safety_risk)`,
    );
    await q.query(`CREATE INDEX ix_assessment_patient_date ON assessment (patient_id, administered_on DESC)`);

    await q.query(`
      CREATE TABLE contact (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        episode_id uuid REFERENCES episode(id),
        staff_id uuid NOT NULL REFERENCES staff_user(id),
        type text NOT NULL CHECK (type IN ('initial_assessment','follow_up','relapse_prevention','outreach_attempt','care_coordination')),
        modality text NOT NULL CHECK (modality IN ('in_person','phone','video','portal_message')),
        completed boolean NOT NULL DEFAULT true,
        started_at timestamptz NOT NULL,
        minutes integer NOT NULL DEFAULT 0 CHECK (minutes >= 0 AND minutes <= 600),
        activity text,
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(
      `CREATE INDEX ix_contact_episode_started ON contact (episode_id, started_at DESC) INCLUDE (completed, minutes, staff_id)`,
    );
    await q.query(`CREATE INDEX ix_contact_patient_started ON contact (patient_id, started_at DESC)`);

    await q.query(`
      CREATE TABLE consultant_review (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        episode_id uuid NOT NULL REFERENCES episode(id),
        consultant_id uuid NOT NULL REFERENCES staff_user(id),
        reviewed_at timestamptz NOT NULL,
        week_of date NOT NULL,
        summary text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_consultant_review_episode_week UNIQUE (episode_id, week_of)
      )`);
    await q.query(
      `CREATE INDEX ix_consultant_review_episode_reviewed ON consultant_review (episode_id, reviewed_at DESC)`,
    );

    await q.query(`
      CREATE TABLE recommendation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        review_id uuid NOT NULL REFERENCES consultant_review(id),
        episode_id uuid NOT NULL REFERENCES episode(id),
        type text NOT NULL CHECK (type IN ('medication_start','medication_change','dose_change','medication_stop','psychotherapy',
          'specialty_referral','diagnostic_workup','safety_plan','continue_current_plan','other')),
        detail text NOT NULL,
        medication text,
        dose text,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','communicated','done','declined')),
        status_changed_at timestamptz NOT NULL DEFAULT now(),
        status_changed_by uuid REFERENCES staff_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX ix_recommendation_episode ON recommendation (episode_id, created_at DESC)`);

    await q.query(`
      CREATE TABLE manual_flag (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        episode_id uuid REFERENCES episode(id),
        code text NOT NULL CHECK (code IN ('DISCUSS_WITH_CONSULTANT','SAFETY_CONCERN')),
        note text,
        raised_by uuid NOT NULL REFERENCES staff_user(id),
        raised_at timestamptz NOT NULL DEFAULT now(),
        resolved_by uuid REFERENCES staff_user(id),
        resolved_at timestamptz,
        resolution_note text,
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX ix_manual_flag_open ON manual_flag (patient_id) WHERE resolved_at IS NULL`);

    await q.query(`
      CREATE TABLE user_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES staff_user(id),
        refresh_token_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text
      )`);
    await q.query(`CREATE INDEX ix_user_session_user ON user_session (user_id) WHERE revoked_at IS NULL`);

    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        actor_role text,
        clinic_id uuid,
        action text NOT NULL,
        resource_type text,
        resource_id text,
        patient_id uuid,
        outcome text NOT NULL CHECK (outcome IN ('success','failure','denied')),
        ip text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        prev_hash text,
        hash text NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_audit_log_occurred ON audit_log (occurred_at)`);
    await q.query(
      `CREATE INDEX ix_audit_log_patient ON audit_log (patient_id, occurred_at) WHERE patient_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX ix_audit_log_actor ON audit_log (actor_id, occurred_at)`);
    // Append-only: no role may change or remove history, whatever its table privileges.
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER trg_audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS audit_log`);
    await q.query(`DROP FUNCTION IF EXISTS audit_log_append_only()`);
    for (const table of [
      'user_session',
      'manual_flag',
      'recommendation',
      'consultant_review',
      'contact',
      'assessment',
      'episode',
      'patient',
      'caseload_coverage',
      'staff_user',
      'clinic',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
