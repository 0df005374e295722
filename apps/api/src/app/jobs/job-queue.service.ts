import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import PgBoss from 'pg-boss';

/** Injection token for the PostgreSQL connection string the queue uses (the API's own database). */
export const JOB_QUEUE_DATABASE_URL = Symbol('JOB_QUEUE_DATABASE_URL');

export type JobHandler<T extends object> = (jobs: PgBoss.Job<T>[]) => Promise<void>;

/**
 * Background jobs on PostgreSQL (pg-boss, schema `pgboss`). Several API instances share one queue and a
 * job runs once; nothing depends on a process staying up. Started on first use, so an API (or a test)
 * that never queues work never polls. Modules register their queues with {@link work} and enqueue with
 * {@link send}; payloads carry ids only, never PHI.
 */
@Injectable()
export class JobQueue implements OnApplicationShutdown {
  private readonly logger = new Logger(JobQueue.name);
  private boss: Promise<PgBoss> | undefined;

  constructor(private readonly databaseUrl: string) {}

  /** Enqueues a job on `queue` (created on first use). Returns the job id, or null when a singleton key deduplicated it. */
  async send<T extends object>(queue: string, data: T, options: PgBoss.SendOptions = {}): Promise<string | null> {
    const boss = await this.started();
    await this.ensureQueue(boss, queue);
    return boss.send(queue, data, options);
  }

  /** Runs `handler` for the jobs of `queue` in this process (every instance may register; each job runs once). */
  async work<T extends object>(queue: string, options: PgBoss.WorkOptions, handler: JobHandler<T>): Promise<string> {
    const boss = await this.started();
    await this.ensureQueue(boss, queue);
    return boss.work<T>(queue, options, handler);
  }

  /** The underlying pg-boss instance, started (for schedules and queue inspection). */
  started(): Promise<PgBoss> {
    this.boss ??= this.start();
    return this.boss;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.boss) return;
    const boss = await this.boss.catch(() => undefined);
    await boss?.stop({ graceful: true, wait: true, timeout: 5_000 }).catch(() => undefined);
  }

  private readonly queues = new Map<string, Promise<void>>();

  /** Creates each queue once per process; concurrent first uses wait on the same creation (two would deadlock). */
  private ensureQueue(boss: PgBoss, queue: string): Promise<void> {
    let created = this.queues.get(queue);
    if (!created) {
      created = boss.createQueue(queue);
      created.catch(() => this.queues.delete(queue));
      this.queues.set(queue, created);
    }
    return created;
  }

  private async start(): Promise<PgBoss> {
    const boss = new PgBoss({
      connectionString: this.databaseUrl,
      schema: 'pgboss',
      application_name: 'huddle-jobs',
      max: 4,
    });
    // Errors name the failure, never a job's data.
    boss.on('error', (error: Error) => this.logger.error(`Job queue error: ${error.message}`));
    await boss.start();
    return boss;
  }
}
