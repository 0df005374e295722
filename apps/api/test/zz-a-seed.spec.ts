import { ScoringConstants1764000014000 } from '../src/app/database/migrations/1764000014000-scoring-constants';
import { seedDemoData } from '../src/app/seed/demo-seed';
import { createScratchDatabase } from './scratch-database';
import { createTestApp } from './test-app';

it('seed time', async () => {
  for (const mode of ['new', 'old', 'new']) {
    const scratch = await createScratchDatabase();
    const t = await createTestApp({}, scratch.url);
    if (mode === 'old') {
      const qr = t.db.createQueryRunner();
      await new ScoringConstants1764000014000().down(qr);
      await qr.release();
    }
    const t0 = Date.now();
    await seedDemoData(t.db, { asOf: new Date('2026-11-23T12:00:00Z') });
    console.log(mode, 'seed ms', Date.now() - t0);
    await t.close();
    await scratch.drop();
  }
}, 600000);
