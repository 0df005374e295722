import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { toLocalIsoDate } from '@huddle/scoring';
import { ManualFlagCode, type SafetyFollowUpView } from '@huddle/shared-types';
import { AccessService } from '../auth/access.service';
import { Clock } from '../auth/clock';
import { AuditService } from '../audit/audit.service';
import { ConflictError, ErrorCode, ValidationError } from '../common/errors';
import type { Actor } from '../common/request-actor';
import { ManualFlagRepository } from '../flags/manual-flag.repository';
import type { CreateSafetyFollowUpDto } from './dto/safety-follow-up.dto';
import { SafetyFollowUpRepository } from './safety-follow-up.repository';
import { DomainEvents } from '../events/domain-events.service';
import { RegistryChangedEvent } from '../events/registry-events';

/**
 * Documents safety follow-ups. A SAFETY flag clears only this way, never by time passing
 * (clinical-reference.md "Safety follow-up (what clears a safety flag)"): in one transaction the
 * follow-up is stored, every unresolved safety-risk assessment of the open episode dated on or before
 * it is marked resolved (libs/scoring's `safetyRule` reads `safetyResolvedAt`), open SAFETY_CONCERN
 * manual flags are resolved naming the follow-up, and each clear is audited with who and why.
 */
@Injectable()
export class SafetyFollowUpService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly followUps: SafetyFollowUpRepository,
    private readonly manualFlags: ManualFlagRepository,
    private readonly events: DomainEvents,
  ) {}

  /** @throws 404 outside scope; 400 naming the field; 409 EPISODE_CLOSED without an open episode. */
  async create(actor: Actor, patientId: string, dto: CreateSafetyFollowUpDto): Promise<SafetyFollowUpView> {
    return this.db.transaction(async (em) => {
      await this.access.requirePatient(actor, patientId, em);
      const target = await this.followUps.lockOpenEpisode(patientId, em);
      if (!target) throw new ConflictError(ErrorCode.EPISODE_CLOSED, 'The patient has no open episode');
      const now = this.clock.now();
      const performedAt = dto.performedAt === undefined ? now : new Date(dto.performedAt);
      this.clock.assertNotFuture('performedAt', performedAt);
      const performedOn = toLocalIsoDate(performedAt.toISOString(), target.timeZone);
      if (dto.nextContactOn < performedOn) {
        throw new ValidationError('nextContactOn', `nextContactOn must not be before the follow-up (${performedOn})`);
      }
      const id = await this.followUps.insert(
        {
          clinicId: actor.clinicId,
          patientId,
          episodeId: target.episodeId,
          performedBy: actor.id,
          performedAt,
          method: dto.method,
          riskLevel: dto.riskLevel,
          safetyPlan: dto.safetyPlan,
          lethalMeansCounselling: dto.lethalMeansCounselling,
          crisisLineGiven: dto.crisisLineGiven,
          disposition: dto.disposition,
          consultantNotified: dto.consultantNotified,
          nextContactOn: dto.nextContactOn,
          note: dto.note ?? null,
        },
        em,
      );
      const why = `Safety follow-up: ${dto.riskLevel} risk, ${dto.disposition.replace(/_/g, ' ')}`;
      const flags = await this.manualFlags.resolveOpen(
        patientId,
        ManualFlagCode.SAFETY_CONCERN,
        { by: actor.id, at: now, note: why, followUpId: id },
        em,
      );
      for (const flag of flags) {
        await this.audit.success(
          actor,
          'flag.resolve',
          {
            resourceType: 'manual_flag',
            resourceId: flag.id,
            patientId,
            details: {
              code: ManualFlagCode.SAFETY_CONCERN,
              episodeId: flag.episodeId,
              via: 'safety_follow_up',
              followUpId: id,
            },
          },
          em,
        );
      }
      const assessmentIds = await this.followUps.resolveAssessments(id, target.episodeId, performedOn, em);
      await this.audit.success(
        actor,
        'safety_follow_up.create',
        {
          resourceType: 'safety_follow_up',
          resourceId: id,
          patientId,
          details: {
            episodeId: target.episodeId,
            riskLevel: dto.riskLevel,
            disposition: dto.disposition,
            clears: { SAFETY: assessmentIds, SAFETY_CONCERN: flags.map((flag) => flag.id) },
          },
        },
        em,
      );
      this.events.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'flag'));
      return this.followUps.view(id, em);
    });
  }

  /** The patient's follow-ups, newest first (scoped, audited). */
  async list(actor: Actor, patientId: string): Promise<SafetyFollowUpView[]> {
    return this.db.transaction(async (em) => {
      await this.access.requirePatient(actor, patientId, em);
      const rows = await this.followUps.listForPatient(patientId, em);
      await this.audit.success(
        actor,
        'safety_follow_up.list',
        { patientId, resourceType: 'safety_follow_up', details: { count: rows.length } },
        em,
      );
      return rows;
    });
  }
}
