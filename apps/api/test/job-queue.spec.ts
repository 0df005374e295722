import { JobQueue } from '../src/app/jobs/job-queue.service';

describe('JobQueue (pg-boss on the test PostgreSQL)', () => {
  const queue = new JobQueue(process.env['DATABASE_URL'] ?? '');
  afterAll(() => queue.onApplicationShutdown());

  it('runs a queued job once and hands the worker its data', async () => {
    const seen: string[] = [];
    const done = new Promise<void>((resolve) => {
      void queue.work<{ id: string }>('test-echo', { pollingIntervalSeconds: 0.5 }, async (jobs) => {
        for (const job of jobs) seen.push(job.data.id);
        resolve();
      });
    });
    const id = await queue.send('test-echo', { id: 'a1' });
    expect(id).toEqual(expect.any(String));
    await done;
    expect(seen).toEqual(['a1']);
  });
});
