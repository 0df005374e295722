import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';

/** One outgoing message. */
export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  /** High priority (urgent safety alerts). */
  urgent?: boolean;
}

/** Thrown when no mail server is configured (`SMTP_URL` unset). */
export class MailNotConfiguredError extends Error {
  constructor() {
    super('SMTP_URL is not set: email is off');
  }
}

/**
 * Email over SMTP with nodemailer (`SMTP_URL`, `SMTP_FROM`). Without `SMTP_URL` nothing is sent and a
 * warning without any recipient or content is logged. Failures propagate, so a job can retry them.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly logger = new Logger(Mailer.name);
  private readonly transport: Transporter | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = config.SMTP_URL ? nodemailer.createTransport(config.SMTP_URL) : null;
  }

  get configured(): boolean {
    return this.transport !== null;
  }

  /** Sends `message`; resolves once the server accepted it for every recipient. */
  async send(message: MailMessage): Promise<void> {
    if (!this.transport) {
      this.logger.warn('Email not sent: SMTP_URL is not set');
      throw new MailNotConfiguredError();
    }
    const info = await this.transport.sendMail({
      from: this.config.SMTP_FROM,
      to: message.to,
      subject: message.subject,
      text: message.text,
      priority: message.urgent ? 'high' : 'normal',
    });
    const rejected = (info.rejected ?? []).length;
    if (rejected > 0) throw new Error(`Mail server rejected ${rejected} recipient(s)`);
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
