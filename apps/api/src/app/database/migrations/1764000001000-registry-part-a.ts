import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The original unnamed CHECK `(status = 'referred' OR consent_on IS NOT NULL)` of the initial schema. */
const CONSENT_CHECK_DEFINITION = `%status = 'referred'::text) OR (consent_on IS NOT NULL)%`;

/**
 * Registry part A (issue #4):
 * - patient search by name or MRN: a trigram index over the same expression the search uses
 *   (`PATIENT_SEARCH_EXPRESSION`), so `LIKE '%term%'` does not scan the clinic's patients;
 * - a referred episode may be discharged without consent (the patient declined enrolment): the
 *   consent CHECK now allows `discharged` when the episode was never enrolled.
 */
export class RegistryPartA1764000001000 implements MigrationInterface {
  name = 'RegistryPartA1764000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(
      `CREATE INDEX ix_patient_search_trgm ON patient
       USING gin (lower(family_name || ' ' || given_name || ' ' || mrn) gin_trgm_ops)`,
    );

    await this.dropConsentCheck(q);
    await q.query(
      `ALTER TABLE episode ADD CONSTRAINT ck_episode_consent CHECK (
         consent_on IS NOT NULL OR status = 'referred' OR (status = 'discharged' AND enrolled_on IS NULL))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE episode DROP CONSTRAINT IF EXISTS ck_episode_consent`);
    // Fails while an episode was discharged straight from referral; re-enrol or remove those first.
    await q.query(
      `ALTER TABLE episode ADD CONSTRAINT episode_check1 CHECK (status = 'referred' OR consent_on IS NOT NULL)`,
    );
    await q.query(`DROP INDEX IF EXISTS ix_patient_search_trgm`);
  }

  private async dropConsentCheck(q: QueryRunner): Promise<void> {
    const rows: Array<{ conname: string }> = await q.query(
      `SELECT conname FROM pg_constraint
       WHERE conrelid = 'episode'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE $1`,
      [CONSENT_CHECK_DEFINITION],
    );
    if (rows.length !== 1) throw new Error(`expected one consent CHECK on episode, found ${rows.length}`);
    await q.query(`ALTER TABLE episode DROP CONSTRAINT "${rows[0]?.conname}"`);
  }
}
