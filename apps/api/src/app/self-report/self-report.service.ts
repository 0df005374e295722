import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { assertMeasurementSchedule } from '@huddle/scoring';
import type {
  KioskCode,
  SelfReportContact,
  SelfReportEpisodeState,
  SelfReportLanguage,
  SelfReportLinkSent,
  SelfReportSettings,
  SelfReportStatusRow,
} from '@huddle/shared-types';
import { AuditService } from '../audit/audit.service';
import { AccessService } from '../auth/access.service';
import { Clock } from '../auth/clock';
import { NotFoundError, ValidationError, VersionConflictError } from '../common/errors';
import type { Actor } from '../common/request-actor';
import { withScoringValidation } from '../common/scoring-errors';
import type {
  CreateKioskCodeDto,
  SelfReportContactDto,
  SelfReportSettingsDto,
  SendSelfReportLinkDto,
} from './dto/self-report.dto';
import { Mailer } from './notify/mailer.service';
import { SMS_TRANSPORT, type SmsTransport } from './notify/sms.transport';
import { SelfReportDelivery } from './self-report-delivery.service';
import { SelfReportJobs } from './self-report-jobs.service';
import { SelfReportRepository } from './self-report.repository';
import { mintKioskCode } from './self-report-token';
import { readTransaction } from '../database/read-snapshot';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/**
 * Staff side of patient self-report (issue #16): sending links, the patient's contact for them, kiosk
 * codes, the measurement status of the caseload ("due and missing" worklist) and the clinic's settings.
 * Patients are scoped by AccessService (404 outside the caller's scope); every write is audited in its
 * transaction.
 */
@Injectable()
export class SelfReportService {
  private readonly logger = new Logger(SelfReportService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(SMS_TRANSPORT) private readonly sms: SmsTransport | null,
    private readonly repo: SelfReportRepository,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly mailer: Mailer,
    private readonly delivery: SelfReportDelivery,
    private readonly jobs: SelfReportJobs,
  ) {}

  /** Sends the patient a link now (queued for retry when the mail/SMS server fails). */
  async sendLink(actor: Actor, patientId: string, dto: SendSelfReportLinkDto): Promise<SelfReportLinkSent> {
    const link = await this.db.transaction(async (em) => {
      const patient = await this.requirePatient(em, actor, patientId);
      if (dto.channel === 'email' && !this.mailer.configured) {
        throw new ValidationError('channel', 'Email is not configured on this server (SMTP_URL)');
      }
      if (dto.channel === 'sms' && !this.sms) {
        throw new ValidationError('channel', 'SMS is not configured on this server (SMS_PROVIDER)');
      }
      const contact = await this.repo.saveContact(em, patient.clinicId, patientId, {
        ...(dto.email !== undefined ? { email: dto.email } : {}),
        ...(dto.phone !== undefined ? { phone: dto.phone } : {}),
      });
      if (dto.channel === 'email' && !contact.email) {
        throw new ValidationError('email', 'email is required: the patient has no email on file');
      }
      if (dto.channel === 'sms' && !contact.phone) {
        throw new ValidationError('phone', 'phone is required: the patient has no mobile number on file');
      }
      const settings = await this.repo.settings(em, patient.clinicId);
      const now = this.clock.now();
      const expiresAt = new Date(now.getTime() + settings.linkExpiryHours * HOUR_MS);
      const id = await this.repo.insertLink(em, {
        clinicId: patient.clinicId,
        patientId,
        episodeId: patient.episodeId,
        instruments: dto.instruments,
        language: dto.language ?? languageOf(patient.language),
        channel: dto.channel,
        createdBy: actor.id,
        now,
        expiresAt,
      });
      await this.audit.success(
        actor,
        'self_report.link.create',
        {
          patientId,
          resourceType: 'self_report_link',
          resourceId: id,
          details: {
            channel: dto.channel,
            instruments: dto.instruments,
            contactChanged: dto.email !== undefined || dto.phone !== undefined,
          },
        },
        em,
      );
      return { id, expiresAt };
    });
    let delivery: 'sent' | 'queued' = 'sent';
    try {
      await this.delivery.deliverLink(link.id, false);
    } catch (error) {
      this.logger.warn(`Link ${link.id} not sent at once, queued (${error instanceof Error ? error.name : 'error'})`);
      await this.jobs.queueDelivery(link.id, false);
      delivery = 'queued';
    }
    return {
      id: link.id,
      channel: dto.channel,
      instruments: dto.instruments,
      expiresAt: link.expiresAt.toISOString(),
      delivery,
    };
  }

  async contact(actor: Actor, patientId: string): Promise<SelfReportContact> {
    return readTransaction(this.db, async (em) => {
      // The shared scope check (the patient page has already made it): nothing else of the patient is needed.
      await this.access.requirePatient(actor, patientId, em);
      const contact = await this.repo.contact(em, patientId);
      await this.audit.success(
        actor,
        'self_report.contact.read',
        { patientId, resourceType: 'self_report_contact' },
        em,
      );
      return { patientId, ...contact, ...this.channels() };
    });
  }

  /** Which channels this server can send links through (the dashboard disables the others, with a reason). */
  private channels(): Pick<SelfReportContact, 'smsAvailable' | 'emailAvailable'> {
    return { smsAvailable: this.sms !== null, emailAvailable: this.mailer.configured };
  }

  /**
   * The caseload badges (issue #16): self-report state of the given open episodes in one query.
   * Any id the caller may not see (another clinic's, another caseload's, unknown) answers 404.
   */
  async states(actor: Actor, episodeIds: readonly string[]): Promise<SelfReportEpisodeState[]> {
    const scope = this.access.patientScope(actor, 'p', 2);
    const visible = await this.repo.visibleEpisodes(this.db.manager, actor.clinicId, scope, episodeIds);
    const hidden = episodeIds.find((id) => !visible.has(id));
    if (hidden) throw new NotFoundError('Episode', hidden);
    const rows = await this.repo.status(
      this.db.manager,
      actor.clinicId,
      this.access.patientScope(actor, 'p', 4),
      this.clock.now(),
      false,
      episodeIds,
    );
    await this.audit.success(actor, 'self_report.states.read', {
      resourceType: 'self_report_status',
      details: { count: rows.length },
      patientIds: rows.map((r) => r.patientId),
    });
    return rows.map((r) => ({ episodeId: r.episodeId, patientId: r.patientId, state: r.state, dueOn: r.dueOn }));
  }

  async saveContact(actor: Actor, patientId: string, dto: SelfReportContactDto): Promise<SelfReportContact> {
    return this.db.transaction(async (em) => {
      const patient = await this.requirePatient(em, actor, patientId);
      const contact = await this.repo.saveContact(em, patient.clinicId, patientId, {
        email: dto.email ?? null,
        phone: dto.phone ?? null,
      });
      await this.audit.success(
        actor,
        'self_report.contact.update',
        {
          patientId,
          resourceType: 'self_report_contact',
          details: { email: contact.email !== null, phone: contact.phone !== null },
        },
        em,
      );
      return { patientId, ...contact, ...this.channels() };
    });
  }

  /** A short one-time code for the clinic's kiosk (shown once; only its hash is kept). */
  async createKioskCode(actor: Actor, patientId: string, dto: CreateKioskCodeDto): Promise<KioskCode> {
    return this.db.transaction(async (em) => {
      const patient = await this.requirePatient(em, actor, patientId);
      const settings = await this.repo.settings(em, patient.clinicId);
      const now = this.clock.now();
      const expiresAt = new Date(now.getTime() + settings.kioskCodeMinutes * MINUTE_MS);
      const linkId = await this.repo.insertLink(em, {
        clinicId: patient.clinicId,
        patientId,
        episodeId: patient.episodeId,
        instruments: dto.instruments,
        language: dto.language ?? languageOf(patient.language),
        channel: 'kiosk',
        createdBy: actor.id,
        now,
        expiresAt,
      });
      const { code, hash } = mintKioskCode();
      await this.repo.insertToken(em, { hash, linkId, clinicId: patient.clinicId, kind: 'kiosk_code', now, expiresAt });
      await this.audit.success(
        actor,
        'self_report.kiosk_code.create',
        { patientId, resourceType: 'self_report_link', resourceId: linkId, details: { instruments: dto.instruments } },
        em,
      );
      return { code, expiresAt: expiresAt.toISOString() };
    });
  }

  /** Open episodes of the caller's scope with their measurement status; `missing`: only those due without a score. */
  async status(actor: Actor, missing: boolean): Promise<SelfReportStatusRow[]> {
    const rows = await this.repo.status(
      this.db.manager,
      actor.clinicId,
      this.access.patientScope(actor, 'p', 4),
      this.clock.now(),
      missing,
    );
    await this.audit.success(actor, missing ? 'self_report.worklist.read' : 'self_report.status.read', {
      resourceType: 'self_report_status',
      details: { count: rows.length },
      patientIds: rows.map((r) => r.patientId),
    });
    return rows.map((r) => ({
      ...r,
      lastSentAt: r.lastSentAt ? new Date(r.lastSentAt).toISOString() : null,
      lastCompletedAt: r.lastCompletedAt ? new Date(r.lastCompletedAt).toISOString() : null,
    }));
  }

  async settings(actor: Actor): Promise<SelfReportSettings> {
    return this.repo.settings(this.db.manager, actor.clinicId);
  }

  async saveSettings(actor: Actor, dto: SelfReportSettingsDto): Promise<SelfReportSettings> {
    withScoringValidation(() => assertMeasurementSchedule(dto));
    return this.db.transaction(async (em) => {
      const current = await this.repo.settings(em, actor.clinicId);
      const { version, ...values } = dto;
      const saved = await this.repo.saveSettings(
        em,
        actor.clinicId,
        { ...values, safetyContactEmail: dto.safetyContactEmail ?? null, version },
        version,
      );
      if (!saved) throw new VersionConflictError('Self-report settings', current.version, version);
      await this.audit.success(
        actor,
        'self_report.settings.update',
        { resourceType: 'self_report_settings', resourceId: actor.clinicId, details: { version: version + 1 } },
        em,
      );
      return this.repo.settings(em, actor.clinicId);
    });
  }

  private async requirePatient(em: EntityManager, actor: Actor, patientId: string) {
    const patient = await this.repo.patientInScope(em, patientId, this.access.patientScope(actor, 'p', 1));
    if (!patient) throw new NotFoundError('Patient', patientId);
    return patient;
  }
}

/** The form language for a patient's preferred language (Spanish when it is Spanish, else English). */
export function languageOf(preferred: string): SelfReportLanguage {
  return preferred.toLowerCase().startsWith('es') ? 'es' : 'en';
}
