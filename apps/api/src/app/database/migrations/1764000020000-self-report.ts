import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Patient self-report (issue #16):
 * - assessments may come from the patient (`source = 'patient'`); staff may be a clinic's kiosk
 *   (`role = 'kiosk'`);
 * - `self_report_settings`: a clinic's measurement schedule, link and kiosk-code lifetimes and safety
 *   contact (a row only when the clinic changed a default; defaults in libs/scoring);
 * - `self_report_contact`: where a patient's links go (email, SMS number);
 * - `self_report_link`: one request to a patient for instruments (sent by staff or by the schedule,
 *   `due_on` set), used once, expiring; `self_report_token`: the secrets that open it (link tokens and
 *   kiosk codes), stored as SHA-256 only;
 * - `safety_alert`: the urgent notification of a PHQ-9 item 9 answered above 0 on the form, until
 *   delivered.
 */
export class SelfReport1764000020000 implements MigrationInterface {
  name = 'SelfReport1764000020000';

  async up(q: QueryRunner): Promise<void> {
    await this.replaceCheck(
      q,
      'assessment',
      `%source = ANY%`,
      'ck_assessment_source',
      `source IN ('clinic','phone','portal','import','patient')`,
    );
    await this.replaceCheck(
      q,
      'staff_user',
      `%role = ANY%`,
      'ck_staff_user_role',
      `role IN ('care_manager','psychiatric_consultant','pcp','leadership','admin','kiosk')`,
    );

    await q.query(`
      CREATE TABLE self_report_settings (
        clinic_id uuid PRIMARY KEY REFERENCES clinic(id),
        active_interval_days smallint NOT NULL,
        relapse_prevention_interval_days smallint NOT NULL,
        lead_days smallint NOT NULL,
        reminder_after_days smallint NOT NULL,
        link_expiry_hours smallint NOT NULL,
        kiosk_code_minutes smallint NOT NULL,
        safety_contact_email text,
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE self_report_contact (
        patient_id uuid PRIMARY KEY REFERENCES patient(id),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        email text,
        phone text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE self_report_link (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        episode_id uuid REFERENCES episode(id),
        instruments text[] NOT NULL CHECK (cardinality(instruments) > 0),
        language text NOT NULL CHECK (language IN ('en','es')),
        channel text NOT NULL CHECK (channel IN ('email','sms','kiosk')),
        due_on date,
        created_by uuid REFERENCES staff_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        sent_at timestamptz,
        reminded_at timestamptz,
        used_at timestamptz,
        expired_at timestamptz
      )`);
    // The schedule sends one link per episode and due date, however many instances run it.
    await q.query(
      `CREATE UNIQUE INDEX uq_self_report_link_due ON self_report_link (episode_id, due_on) WHERE due_on IS NOT NULL`,
    );
    await q.query(`CREATE INDEX ix_self_report_link_episode ON self_report_link (episode_id, created_at DESC)`);
    await q.query(
      `CREATE INDEX ix_self_report_link_open ON self_report_link (expires_at) WHERE used_at IS NULL AND expired_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE self_report_token (
        token_hash bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
        link_id uuid NOT NULL REFERENCES self_report_link(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('link','kiosk_code')),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX ix_self_report_token_link ON self_report_token (link_id)`);

    await q.query(`
      CREATE TABLE safety_alert (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL REFERENCES clinic(id),
        patient_id uuid NOT NULL REFERENCES patient(id),
        episode_id uuid REFERENCES episode(id),
        assessment_id uuid NOT NULL REFERENCES assessment(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        delivered_at timestamptz,
        recipients integer
      )`);
    await q.query(`CREATE INDEX ix_safety_alert_undelivered ON safety_alert (created_at) WHERE delivered_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS safety_alert`);
    await q.query(`DROP TABLE IF EXISTS self_report_token`);
    await q.query(`DROP TABLE IF EXISTS self_report_link`);
    await q.query(`DROP TABLE IF EXISTS self_report_contact`);
    await q.query(`DROP TABLE IF EXISTS self_report_settings`);
    await q.query(`DELETE FROM staff_user WHERE role = 'kiosk'`);
    await this.replaceCheck(
      q,
      'staff_user',
      `%role%`,
      'ck_staff_user_role',
      `role IN ('care_manager','psychiatric_consultant','pcp','leadership','admin')`,
    );
    await this.replaceCheck(
      q,
      'assessment',
      `%source%`,
      'ck_assessment_source',
      `source IN ('clinic','phone','portal','import')`,
    );
  }

  /** Replaces the one CHECK of `table` whose definition matches `like` (unnamed in the initial schema). */
  private async replaceCheck(q: QueryRunner, table: string, like: string, name: string, check: string): Promise<void> {
    const rows: Array<{ conname: string }> = await q.query(
      `SELECT conname FROM pg_constraint
       WHERE conrelid = $1::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE $2`,
      [table, like],
    );
    if (rows.length !== 1) throw new Error(`expected one CHECK like ${like} on ${table}, found ${rows.length}`);
    await q.query(`ALTER TABLE ${table} DROP CONSTRAINT "${rows[0]?.conname}"`);
    await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${name} CHECK (${check})`);
  }
}
