import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes on the columns that reference `assessment` (issue #13 item 4, issue #15): without them every
 * deleted assessment (an "entered in error", a rolled-back or cleaned-up import) checked its foreign
 * keys by scanning `screening_visit` three times and `safety_alert` once — deleting 100,000 imported
 * scores from a 10,000-patient registry ran for more than ten minutes. Partial where the column is
 * mostly null, so a screening visit without a follow-up instrument costs no index entry.
 */
const INDEXES: ReadonlyArray<[name: string, definition: string]> = [
  ['ix_screening_visit_phq9_assessment', 'screening_visit (phq9_assessment_id) WHERE phq9_assessment_id IS NOT NULL'],
  ['ix_screening_visit_gad7_assessment', 'screening_visit (gad7_assessment_id) WHERE gad7_assessment_id IS NOT NULL'],
  ['ix_screening_visit_pcl5_assessment', 'screening_visit (pcl5_assessment_id) WHERE pcl5_assessment_id IS NOT NULL'],
  ['ix_safety_alert_assessment', 'safety_alert (assessment_id)'],
];

export class AssessmentReferenceIndexes1764000030000 implements MigrationInterface {
  name = 'AssessmentReferenceIndexes1764000030000';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, definition] of INDEXES) await q.query(`CREATE INDEX ${name} ON ${definition}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name] of INDEXES) await q.query(`DROP INDEX IF EXISTS ${name}`);
  }
}
