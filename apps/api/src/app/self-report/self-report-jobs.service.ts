import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../auth/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JobQueue } from '../jobs/job-queue.service';
import { SelfReportDelivery } from './self-report-delivery.service';
import { SelfReportRepository } from './self-report.repository';

/** pg-boss queues of self-report. Payloads are ids only. */
export const SelfReportQueue = {
  /** Every 5 minutes (pg-boss cron, one instance runs it): send due links, remind, expire. */
  SCHEDULE: 'self-report-schedule',
  DELIVER: 'self-report-deliver',
  SAFETY_ALERT: 'self-report-safety-alert',
} as const;

export interface DeliverJob {
  linkId: string;
  reminder: boolean;
}
export interface SafetyAlertJob {
  alertId: string;
}

/** What one schedule run changed. */
export interface ScheduleRun {
  sent: string[];
  reminded: string[];
  expired: string[];
}

/**
 * Safety alerts are retried until delivered: quickly at first (2 s, doubling, capped by pg-boss at
 * 2^16 × the delay), and re-queued by every schedule run while still undelivered.
 */
export const SAFETY_ALERT_JOB_OPTIONS = { retryLimit: 1000, retryDelay: 2, retryBackoff: true } as const;
const DELIVER_JOB_OPTIONS = { retryLimit: 20, retryDelay: 30, retryBackoff: true } as const;

/**
 * The self-report schedule and its jobs, on the PostgreSQL queue so several API instances share them:
 * each step claims its rows in SQL (unique link per episode and due date, `reminded_at`/`expired_at`
 * set once), so no instance sends twice, and nothing depends on a process staying up.
 * Workers start with the API unless `SELF_REPORT_JOBS_ENABLED=false` (off by default under NODE_ENV=test:
 * tests call {@link tick} and the delivery handlers with a frozen clock).
 */
@Injectable()
export class SelfReportJobs implements OnApplicationBootstrap {
  private readonly logger = new Logger(SelfReportJobs.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: SelfReportRepository,
    private readonly delivery: SelfReportDelivery,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  get enabled(): boolean {
    return this.config.SELF_REPORT_JOBS_ENABLED ?? this.config.NODE_ENV !== 'test';
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.startWorkers().catch((error: Error) => this.logger.error(`Self-report jobs not started: ${error.message}`));
  }

  /** Registers the workers and the schedule's cron. */
  async startWorkers(): Promise<void> {
    await this.queue.work<DeliverJob>(SelfReportQueue.DELIVER, { batchSize: 1 }, async ([job]) => {
      if (job) await this.delivery.deliverLink(job.data.linkId, job.data.reminder);
    });
    await this.queue.work<SafetyAlertJob>(
      SelfReportQueue.SAFETY_ALERT,
      { batchSize: 1, pollingIntervalSeconds: 2 },
      async ([job]) => {
        if (job) await this.delivery.deliverSafetyAlert(job.data.alertId);
      },
    );
    await this.queue.work(SelfReportQueue.SCHEDULE, { batchSize: 1 }, async () => {
      await this.runScheduled();
    });
    const boss = await this.queue.started();
    await boss.schedule(SelfReportQueue.SCHEDULE, '*/5 * * * *', {}, { retryLimit: 0 });
  }

  /** Queues the urgent notification of a safety alert (at once; retried until delivered). */
  async queueSafetyAlert(alertId: string): Promise<void> {
    await this.queue.send<SafetyAlertJob>(SelfReportQueue.SAFETY_ALERT, { alertId }, SAFETY_ALERT_JOB_OPTIONS);
  }

  /** Queues the delivery of a link (or its reminder). */
  async queueDelivery(linkId: string, reminder: boolean): Promise<void> {
    await this.queue.send<DeliverJob>(
      SelfReportQueue.DELIVER,
      { linkId, reminder },
      {
        ...DELIVER_JOB_OPTIONS,
        singletonKey: `${linkId}:${reminder ? 'remind' : 'send'}`,
        singletonSeconds: 3600,
      },
    );
  }

  /** One run of the schedule job: {@link tick}, then queue what it claimed, and re-queue undelivered alerts. */
  async runScheduled(): Promise<ScheduleRun> {
    const run = await this.tick();
    for (const id of run.sent) await this.queueDelivery(id, false);
    for (const id of run.reminded) await this.queueDelivery(id, true);
    const pending = await this.repo.undeliveredAlerts(this.db.manager);
    for (const alertId of pending) {
      await this.queue.send<SafetyAlertJob>(
        SelfReportQueue.SAFETY_ALERT,
        { alertId },
        {
          ...SAFETY_ALERT_JOB_OPTIONS,
          singletonKey: alertId,
          singletonSeconds: 300,
        },
      );
    }
    return run;
  }

  /**
   * The schedule at the clock's now, in one transaction: creates the links that are due (clinic-local
   * date, lead days before the due date), claims the reminders due and expires old links. Audited per
   * link. Returns the ids to deliver.
   */
  async tick(): Promise<ScheduleRun> {
    const now = this.clock.now();
    return this.db.transaction(async (em) => {
      const expired = await this.repo.expireLinks(em, now);
      const created = await this.repo.createDueLinks(em, now);
      const reminded = await this.repo.claimReminders(em, now);
      const entries = [
        ...created.map((l) => ({ l, action: 'self_report.link.schedule' })),
        ...reminded.map((l) => ({ l, action: 'self_report.link.reminder_due' })),
        ...expired.map((l) => ({ l, action: 'self_report.link.expire' })),
      ];
      for (const { l, action } of entries) {
        await this.audit.record(
          {
            action,
            outcome: 'success',
            clinicId: l.clinicId,
            patientId: l.patientId,
            resourceType: 'self_report_link',
            resourceId: l.id,
          },
          em,
        );
      }
      return { sent: created.map((l) => l.id), reminded: reminded.map((l) => l.id), expired: expired.map((l) => l.id) };
    });
  }
}
