import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #17: the clinic's weekly team huddle and the huddle an item is filed under.
 * - `clinic.huddle_weekday` (ISO 1 = Monday … 7 = Sunday) and `clinic.huddle_time` (local start time
 *   in the clinic's time zone): both set or both null (no fixed huddle day);
 * - `huddle_item.huddle_on`: the date of the huddle the item was put on (the next one when raised,
 *   computed by libs/scoring `nextHuddleDate`); null for items raised without a schedule.
 */
export class HuddleSchedule1764000029000 implements MigrationInterface {
  name = 'HuddleSchedule1764000029000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE clinic
        ADD COLUMN huddle_weekday smallint CHECK (huddle_weekday BETWEEN 1 AND 7),
        ADD COLUMN huddle_time time,
        ADD CONSTRAINT ck_clinic_huddle_schedule CHECK ((huddle_weekday IS NULL) = (huddle_time IS NULL))`);
    await q.query(`ALTER TABLE huddle_item ADD COLUMN huddle_on date`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE huddle_item DROP COLUMN IF EXISTS huddle_on`);
    await q.query(`ALTER TABLE clinic DROP CONSTRAINT IF EXISTS ck_clinic_huddle_schedule`);
    await q.query(`ALTER TABLE clinic DROP COLUMN IF EXISTS huddle_time`);
    await q.query(`ALTER TABLE clinic DROP COLUMN IF EXISTS huddle_weekday`);
  }
}
