import { DomainEvents } from '../events/domain-events.service';
import { RegistryChangedEvent } from '../events/registry-events';
import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { scoreAssessment } from '@huddle/scoring';
import type { SelfReportForm, SelfReportSubmitted } from '@huddle/shared-types';
import { AssessmentRepository } from '../assessments/assessment.repository';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../auth/clock';
import { ClinicCalendar } from '../clinics/clinic-calendar.service';
import { LinkNotValidError, ValidationError } from '../common/errors';
import type { Actor } from '../common/request-actor';
import { withScoringValidation } from '../common/scoring-errors';
import type { OpenSelfReportDto, RedeemKioskCodeDto, SubmitSelfReportDto } from './dto/self-report.dto';
import { SelfReportJobs } from './self-report-jobs.service';
import { SelfReportRepository, type LinkRow } from './self-report.repository';
import { LINK_TOKEN_PATTERN, mintLinkToken, normalizeKioskCode, tokenHash } from './self-report-token';

/** The one answer for a wrong, used or expired link: no detail of which. */
export const LINK_NOT_VALID = 'This link is not valid. It may have been used already or have expired.';

/**
 * The patient's side (public routes) and the kiosk's code redemption. A token opens its link once: the
 * form shows the patient's first name and the instruments, nothing else of the registry; submitting
 * scores each form with libs/scoring exactly as typed scores are (`source: patient`), so the same
 * flags follow, and a PHQ-9 item 9 above 0 queues the urgent safety alert at once. Audited without
 * PHI (ids and instrument codes only; tokens never).
 */
@Injectable()
export class SelfReportFormService {
  private readonly logger = new Logger(SelfReportFormService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: SelfReportRepository,
    private readonly assessments: AssessmentRepository,
    private readonly jobs: SelfReportJobs,
    private readonly clock: Clock,
    private readonly calendar: ClinicCalendar,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async open(dto: OpenSelfReportDto, ip: string | null): Promise<SelfReportForm> {
    return this.db.transaction(async (em) => {
      const link = await this.validLink(em, dto.token, ip);
      await this.audit.record(
        {
          action: 'self_report.form.open',
          outcome: 'success',
          clinicId: link.clinicId,
          patientId: link.patientId,
          resourceType: 'self_report_link',
          resourceId: link.id,
          ip,
        },
        em,
      );
      return {
        firstName: link.firstName,
        language: link.language,
        instruments: link.instruments,
        expiresAt: link.expiresAt.toISOString(),
      };
    });
  }

  async submit(dto: SubmitSelfReportDto, ip: string | null): Promise<SelfReportSubmitted> {
    const result = await this.db.transaction(async (em) => {
      const link = await this.validLink(em, dto.token, ip);
      const seen = new Set<string>();
      dto.responses.forEach((response, i) => {
        if (!link.instruments.includes(response.instrument) || seen.has(response.instrument)) {
          throw new ValidationError(
            `responses.${i}.instrument`,
            `responses.${i}.instrument was not requested, or is repeated`,
          );
        }
        seen.add(response.instrument);
      });
      const missing = link.instruments.filter((id) => !seen.has(id));
      if (missing.length > 0) throw new ValidationError('responses', `responses must include ${missing.join(', ')}`);
      const scored = dto.responses.map((response, i) => ({
        instrument: response.instrument,
        score: withScoringValidation(
          () => scoreAssessment(response.instrument, response.answers),
          (field) => `responses.${i}.${field}`,
        ),
      }));
      const now = this.clock.now();
      const administeredOn = (await this.calendar.day(em, link.clinicId)).today;
      await this.repo.useToken(em, tokenHash(dto.token), now);
      await this.repo.useLink(em, link.id, now);
      const ids = scored.map(() => randomUUID());
      const crisis = scored.some((s) => s.score.safetyRisk);
      await this.audit.record(
        {
          action: 'self_report.submit',
          outcome: 'success',
          clinicId: link.clinicId,
          patientId: link.patientId,
          resourceType: 'self_report_link',
          resourceId: link.id,
          ip,
          details: { instruments: scored.map((s) => s.instrument), assessmentIds: ids, safetyRisk: crisis },
        },
        em,
      );
      let alertId: string | null = null;
      for (const [i, { instrument, score }] of scored.entries()) {
        const id = ids[i] as string;
        await this.assessments.insert(em, {
          id,
          clinicId: link.clinicId,
          patientId: link.patientId,
          episodeId: link.episodeId,
          instrument,
          administeredOn,
          source: 'patient',
          answers: score.items,
          total: score.total,
          severity: score.severity?.code ?? null,
          positiveScreen: score.positiveScreen,
          complete: score.complete,
          safetyRisk: score.safetyRisk,
          enteredBy: null,
        });
        if (score.safetyRisk && alertId === null) {
          alertId = await this.repo.insertSafetyAlert(em, {
            clinicId: link.clinicId,
            patientId: link.patientId,
            episodeId: link.episodeId,
            assessmentId: id,
            now,
          });
        }
      }
      this.events.afterCommit(em, new RegistryChangedEvent(link.clinicId, 'assessment'));
      return { crisis, alertId };
    });
    if (result.alertId) {
      // At once; if queueing fails here, the schedule's next run re-queues every undelivered alert.
      await this.jobs
        .queueSafetyAlert(result.alertId)
        .catch((error: Error) => this.logger.error(`Safety alert ${result.alertId} not queued yet (${error.name})`));
    }
    return { crisis: result.crisis };
  }

  /** A kiosk exchanges a patient's one-time code for a token that opens the form once. */
  async redeemKioskCode(actor: Actor, dto: RedeemKioskCodeDto): Promise<{ token: string }> {
    return this.db.transaction(async (em) => {
      const now = this.clock.now();
      const hash = tokenHash(normalizeKioskCode(dto.code));
      const link = await this.repo.openByToken(em, hash, 'kiosk_code', now, actor.clinicId);
      if (!link) {
        await this.audit.record({
          action: 'self_report.kiosk_code.refused',
          outcome: 'denied',
          actor,
          ip: actor.ip,
          resourceType: 'self_report_link',
        });
        throw new ValidationError('code', 'This code is not valid. Please ask the front desk for a new one.');
      }
      await this.repo.useToken(em, hash, now);
      const { token, hash: linkHash } = mintLinkToken();
      await this.repo.insertToken(em, {
        hash: linkHash,
        linkId: link.id,
        clinicId: link.clinicId,
        kind: 'link',
        now,
        expiresAt: link.expiresAt,
      });
      await this.audit.success(
        actor,
        'self_report.kiosk_code.redeem',
        { patientId: link.patientId, resourceType: 'self_report_link', resourceId: link.id },
        em,
      );
      return { token };
    });
  }

  /** The open link of a valid token, or the one 404 for everything else (audited as refused). */
  private async validLink(
    em: EntityManager,
    token: string,
    ip: string | null,
  ): Promise<LinkRow & { firstName: string }> {
    const link = LINK_TOKEN_PATTERN.test(token)
      ? await this.repo.openByToken(em, tokenHash(token), 'link', this.clock.now(), null)
      : null;
    if (!link) {
      await this.audit.record({
        action: 'self_report.form.refused',
        outcome: 'denied',
        ip,
        resourceType: 'self_report_link',
      });
      throw new LinkNotValidError(LINK_NOT_VALID);
    }
    return link;
  }
}
