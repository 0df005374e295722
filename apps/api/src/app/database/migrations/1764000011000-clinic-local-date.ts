import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `clinic_local_date(clinic, at)`: the clinic's calendar date at an instant (its `timezone`).
 *
 * The patient scope compares caseload coverage days with "today" (AccessService). That was the
 * database server's `current_date` (UTC): coverage began and ended hours early or late for clinics
 * west or east of UTC, and disagreed with the API's clock. A subquery for the time zone in its place
 * made the planner scan all episodes instead of using the caseload indexes; a STABLE function is
 * planned like `current_date`, evaluated at run time.
 */
export class ClinicLocalDate1764000011000 implements MigrationInterface {
  name = 'ClinicLocalDate1764000011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION clinic_local_date(p_clinic uuid, p_at timestamptz) RETURNS date
      LANGUAGE plpgsql STABLE STRICT AS $fn$
      BEGIN
        RETURN (SELECT (p_at AT TIME ZONE c.timezone)::date FROM clinic c WHERE c.id = p_clinic);
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS clinic_local_date(uuid, timestamptz)`);
  }
}
