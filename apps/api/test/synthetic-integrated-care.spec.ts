import { Client } from 'pg';
import { positiveSocialNeeds, type HrsnAnswers } from '@huddle/scoring';
import {
  copyFilesIntoDatabase,
  generateToFiles,
  removeGeneratedFiles,
  type GeneratedFiles,
} from '../src/app/seed/synthetic/bulk-loader';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';

describe('synthetic population: integrated care (issue #17 part 2)', () => {
  const options = { patients: 600, seed: 17, asOf: '2026-11-23', passwordHash: null, patientsPerClinic: 300 };
  let files: GeneratedFiles;
  let scratch: ScratchDatabase;

  beforeAll(async () => {
    files = await generateToFiles(options);
    scratch = await createScratchDatabase();
    await copyFilesIntoDatabase(scratch.ownerUrl, files.files);
  });
  afterAll(async () => {
    await removeGeneratedFiles(files);
    await scratch.drop();
  });

  it('loads problems, labs, screens with their needs, preferences, huddle items and tasks', async () => {
    const client = new Client({ connectionString: scratch.url });
    await client.connect();
    try {
      const { rows } = await client.query(`
        SELECT (SELECT count(*)::int FROM patient_clinical_event WHERE kind = 'condition') AS problems,
               (SELECT count(*)::int FROM patient_clinical_event WHERE kind = 'observation') AS labs,
               (SELECT count(*)::int FROM social_needs_screening) AS screenings,
               (SELECT count(*)::int FROM social_need) AS "socialNeeds",
               (SELECT count(*)::int FROM care_preference) AS preferences,
               (SELECT count(*)::int FROM huddle_item) AS "huddleItems",
               (SELECT count(*)::int FROM care_task) AS tasks`);
      const c = files.counts;
      expect(rows[0]).toEqual({
        problems: c.problems,
        labs: c.labs,
        screenings: c.screenings,
        socialNeeds: c.socialNeeds,
        preferences: c.preferences,
        huddleItems: c.huddleItems,
        tasks: c.tasks,
      });
      for (const key of [
        'problems',
        'labs',
        'screenings',
        'socialNeeds',
        'preferences',
        'huddleItems',
        'tasks',
      ] as const) {
        expect(c[key]).toBeGreaterThan(0);
      }
      // Every referral step is dated in order and never after the generation date; a step's status
      // matches the dates it has.
      const steps = await client.query(`
        SELECT count(*)::int AS bad FROM social_need
        WHERE referred_on < identified_on OR connected_on < referred_on OR resolved_on < connected_on
           OR greatest(referred_on, connected_on, resolved_on) > '2026-11-23'
           OR (status = 'resolved') <> (resolved_on IS NOT NULL)
           OR (status = 'referred' AND (referred_on IS NULL OR connected_on IS NOT NULL))`);
      expect(steps.rows[0].bad).toBe(0);
      // The needs are exactly the positive domains libs/scoring finds in each screen's answers.
      const screens = await client.query(`
        SELECT s.answers, s.positive_domains AS stored,
          coalesce((SELECT array_agg(n.domain ORDER BY n.domain) FROM social_need n WHERE n.screening_id = s.id), '{}') AS needs
        FROM social_needs_screening s`);
      for (const screen of screens.rows as Array<{ answers: HrsnAnswers; stored: string[]; needs: string[] }>) {
        const expected = positiveSocialNeeds(screen.answers);
        expect([...screen.stored].sort()).toEqual([...expected].sort());
        expect(screen.needs).toEqual([...expected].sort());
      }
    } finally {
      await client.end();
    }
  });
});
