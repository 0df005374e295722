import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #17 part 1 — universal screening, warm handoffs, a health-system view, utilization:
 * - `organisation` above clinics (`clinic.organisation_id`), and the `org_leadership` role, which sees
 *   every clinic of its organisation as aggregates only;
 * - `clinic.screening_settings`: a clinic's AUDIT-C cut-offs and PC-PTSD-5 cut-point (only what it
 *   changed; defaults in libs/scoring `DEFAULT_SCREENING_SETTINGS`);
 * - `screening_visit`: one screening of any clinic patient (enrolled or not): PHQ-2, GAD-2, AUDIT-C and
 *   PC-PTSD-5 totals with their results under the cut-offs applied, the full PHQ-9 / GAD-7 / PCL-5 given
 *   after a positive screen (assessments), a CMS2 exception, and the follow-up plan of a positive
 *   depression screen (kinds, date);
 * - `bh_referral`: a positive screen referred to behavioural health, with the warm handoff (yes/no,
 *   who took it).
 * Utilization events (ED visits, admissions) are `patient_clinical_event` encounters coded with their
 * Encounter.class (libs/scoring `UTILIZATION_RULES`); the partial index serves the leadership rates.
 */
export class ScreeningAndOrganisations1764000027000 implements MigrationInterface {
  name = 'ScreeningAndOrganisations1764000027000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_organisation_name UNIQUE (name)
      )`);
    await q.query(`ALTER TABLE clinic ADD COLUMN organisation_id uuid REFERENCES organisation(id)`);
    await q.query(`CREATE INDEX ix_clinic_organisation ON clinic (organisation_id)`);
    await q.query(`ALTER TABLE clinic ADD COLUMN screening_settings jsonb NOT NULL DEFAULT '{}'::jsonb`);

    await q.query(`ALTER TABLE staff_user DROP CONSTRAINT ck_staff_user_role`);
    await q.query(
      `ALTER TABLE staff_user ADD CONSTRAINT ck_staff_user_role CHECK (role IN ('care_manager','psychiatric_consultant','pcp','leadership','admin','kiosk','org_leadership'))`,
    );

    await q.query(`
      CREATE TABLE screening_visit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        visit_on date NOT NULL,
        screened_by uuid NOT NULL REFERENCES staff_user(id),
        answers jsonb NOT NULL DEFAULT '{}'::jsonb,
        cutoffs jsonb NOT NULL,
        phq2_total smallint CHECK (phq2_total BETWEEN 0 AND 6),
        gad2_total smallint CHECK (gad2_total BETWEEN 0 AND 6),
        auditc_total smallint CHECK (auditc_total BETWEEN 0 AND 12),
        pcptsd5_total smallint CHECK (pcptsd5_total BETWEEN 0 AND 5),
        phq9_assessment_id uuid REFERENCES assessment(id),
        gad7_assessment_id uuid REFERENCES assessment(id),
        pcl5_assessment_id uuid REFERENCES assessment(id),
        depression_positive boolean,
        anxiety_positive boolean,
        alcohol_positive boolean,
        ptsd_positive boolean,
        depression_exception text CHECK (depression_exception IN ('patient_refused','medical_reason')),
        follow_up_kinds text[] NOT NULL DEFAULT '{}',
        follow_up_on date,
        follow_up_note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CHECK (follow_up_kinds <@ ARRAY['referral','medication','other','handout']::text[]),
        CHECK ((cardinality(follow_up_kinds) = 0) = (follow_up_on IS NULL)),
        CHECK (depression_exception IS NULL OR phq2_total IS NULL)
      )`);
    await q.query(`CREATE INDEX ix_screening_visit_clinic_date ON screening_visit (clinic_id, visit_on)`);
    await q.query(`CREATE INDEX ix_screening_visit_patient_date ON screening_visit (patient_id, visit_on DESC)`);

    await q.query(`
      CREATE TABLE bh_referral (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        screening_visit_id uuid NOT NULL REFERENCES screening_visit(id),
        referred_on date NOT NULL,
        referred_by uuid NOT NULL REFERENCES staff_user(id),
        warm_handoff boolean NOT NULL,
        handoff_taken_by uuid REFERENCES staff_user(id),
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (warm_handoff = (handoff_taken_by IS NOT NULL)),
        CONSTRAINT uq_bh_referral_visit UNIQUE (screening_visit_id)
      )`);
    await q.query(`CREATE INDEX ix_bh_referral_clinic_date ON bh_referral (clinic_id, referred_on)`);
    await q.query(`CREATE INDEX ix_bh_referral_patient ON bh_referral (patient_id, referred_on)`);

    await q.query(
      `CREATE INDEX ix_patient_clinical_event_encounters ON patient_clinical_event (clinic_id, code, starts_on) WHERE kind = 'encounter'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ix_patient_clinical_event_encounters`);
    await q.query(`DROP TABLE IF EXISTS bh_referral`);
    await q.query(`DROP TABLE IF EXISTS screening_visit`);
    await q.query(`DELETE FROM staff_user WHERE role = 'org_leadership'`);
    await q.query(`ALTER TABLE staff_user DROP CONSTRAINT ck_staff_user_role`);
    await q.query(
      `ALTER TABLE staff_user ADD CONSTRAINT ck_staff_user_role CHECK (role IN ('care_manager','psychiatric_consultant','pcp','leadership','admin','kiosk'))`,
    );
    await q.query(`ALTER TABLE clinic DROP COLUMN screening_settings`);
    await q.query(`ALTER TABLE clinic DROP COLUMN organisation_id`);
    await q.query(`DROP TABLE IF EXISTS organisation`);
  }
}
