import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SelfReportLanguage } from '@huddle/shared-types';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../auth/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Mailer } from './notify/mailer.service';
import { linkEmail, linkSms, safetyAlertEmail } from './notify/self-report-messages';
import { SMS_TRANSPORT, type SmsTransport } from './notify/sms.transport';
import { SelfReportRepository } from './self-report.repository';
import { mintLinkToken } from './self-report-token';

export type DeliveryOutcome = 'sent' | 'skipped' | 'no_address';

/** An instant in words in a time zone ("19 Mar 2026, 11:00"), for messages. */
export function instantInWords(at: Date, timeZone: string, language: SelfReportLanguage): string {
  return new Intl.DateTimeFormat(language === 'es' ? 'es-US' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(at);
}

/**
 * Sends what self-report sends: links (email or SMS; a fresh token per message, only its hash kept) and
 * urgent safety alerts. Each step locks its row and re-checks it, so a retried or duplicated job never
 * sends a used link or an alert already delivered. Failures throw, for the job queue to retry.
 */
@Injectable()
export class SelfReportDelivery {
  private readonly logger = new Logger(SelfReportDelivery.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SMS_TRANSPORT) private readonly sms: SmsTransport | null,
    private readonly repo: SelfReportRepository,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** The dashboard's public address, for links. */
  get publicUrl(): string {
    return this.config.PUBLIC_URL ?? `http://localhost:${this.config.PORT}`;
  }

  /** Sends link `linkId` (or its reminder) with a new token. */
  async deliverLink(linkId: string, reminder: boolean): Promise<DeliveryOutcome> {
    return this.db.transaction(async (em) => {
      const now = this.clock.now();
      const link = await this.repo.forDelivery(em, linkId, now);
      if (!link || link.channel === 'kiosk' || (!reminder && link.sentAt !== null)) return 'skipped';
      const address = link.channel === 'email' ? link.email : link.phone;
      if (!address) {
        await this.audit.record(
          {
            action: 'self_report.link.undeliverable',
            outcome: 'failure',
            clinicId: link.clinicId,
            patientId: link.patientId,
            resourceType: 'self_report_link',
            resourceId: link.id,
            details: { channel: link.channel, reminder },
          },
          em,
        );
        return 'no_address';
      }
      const { token, hash } = mintLinkToken();
      await this.repo.insertToken(em, {
        hash,
        linkId,
        clinicId: link.clinicId,
        kind: 'link',
        now,
        expiresAt: link.expiresAt,
      });
      const message = {
        firstName: link.firstName,
        clinicName: link.clinicName,
        // The token travels in the fragment: browsers never send it to the server, so no log sees it.
        url: `${this.publicUrl}/r#${token}`,
        expiresOn: instantInWords(link.expiresAt, link.timeZone, link.language),
        reminder,
        language: link.language,
      };
      if (link.channel === 'email') {
        await this.mailer.send({ to: [address], ...linkEmail(message) });
      } else {
        if (!this.sms) throw new Error('SMS_PROVIDER is none: cannot send an SMS link');
        await this.sms.send(address, linkSms(message));
      }
      await this.repo.markSent(em, linkId, now, reminder);
      await this.audit.record(
        {
          action: reminder ? 'self_report.link.remind' : 'self_report.link.send',
          outcome: 'success',
          clinicId: link.clinicId,
          patientId: link.patientId,
          resourceType: 'self_report_link',
          resourceId: link.id,
          details: { channel: link.channel },
        },
        em,
      );
      return 'sent';
    });
  }

  /**
   * Sends urgent alert `alertId` to the care manager and the clinic's safety contact. Throws when it
   * could not (no recipient, mail refused), after counting the attempt, so the job is retried.
   */
  async deliverSafetyAlert(alertId: string): Promise<'sent' | 'skipped'> {
    const outcome = await this.db.transaction(async (em) => {
      const alert = await this.repo.alertForDelivery(em, alertId);
      if (!alert) return 'skipped' as const;
      const now = this.clock.now();
      try {
        if (alert.recipients.length === 0) throw new Error('no care manager or safety contact email');
        await this.mailer.send({
          to: alert.recipients,
          urgent: true,
          ...safetyAlertEmail({
            clinicName: alert.clinicName,
            patientUrl: `${this.publicUrl}/patients/${alert.patientId}`,
            submittedAt: instantInWords(alert.createdAt, alert.timeZone, 'en'),
          }),
        });
      } catch (error) {
        return error instanceof Error ? error : new Error('mail failed');
      }
      await this.repo.markAlert(em, alertId, now, true, alert.recipients.length);
      await this.audit.record(
        {
          action: 'self_report.safety_alert.sent',
          outcome: 'success',
          clinicId: alert.clinicId,
          patientId: alert.patientId,
          resourceType: 'safety_alert',
          resourceId: alertId,
          details: { recipients: alert.recipients.length },
        },
        em,
      );
      return 'sent' as const;
    });
    if (outcome instanceof Error) {
      await this.db.transaction(async (em) => {
        const alert = await this.repo.alertForDelivery(em, alertId);
        if (!alert) return;
        await this.repo.markAlert(em, alertId, this.clock.now(), false, alert.recipients.length);
        await this.audit.record(
          {
            action: 'self_report.safety_alert.failed',
            outcome: 'failure',
            clinicId: alert.clinicId,
            patientId: alert.patientId,
            resourceType: 'safety_alert',
            resourceId: alertId,
            details: { recipients: alert.recipients.length },
          },
          em,
        );
      });
      // Mail errors can quote addresses: log the error code only.
      const code = (outcome as Error & { code?: unknown }).code;
      this.logger.warn(`Safety alert ${alertId} not delivered yet (${typeof code === 'string' ? code : outcome.name})`);
      throw outcome;
    }
    return outcome;
  }
}
