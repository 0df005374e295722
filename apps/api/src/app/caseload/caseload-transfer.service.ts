import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CaseloadHolder, CaseloadTransferResult } from '@huddle/shared-types';
import { AuditService } from '../audit/audit.service';
import { ClinicCalendar } from '../clinics/clinic-calendar.service';
import { ForbiddenActionError, NotFoundError, ValidationError } from '../common/errors';
import type { Actor } from '../common/request-actor';
import { CaseloadTransferRepository } from './caseload-transfer.repository';
import type { CaseloadTransferDto } from './dto/caseload-transfer.dto';
import { DomainEvents } from '../events/domain-events.service';
import { RegistryChangedEvent } from '../events/registry-events';

/**
 * Moves open episodes from one care manager to another, in one transaction, auditing every episode
 * (`episode.care_team.transfer`) and the transfer as a whole (`caseload.transfer`).
 *
 * Who may move what (issue #11, documented in docs/adr/0008-caseload-transfer.md):
 * - a care manager moves episodes they can see: from their own caseload or from a colleague's they
 *   cover today (`caseload_coverage`), the whole caseload or chosen episodes of it;
 * - an administrator moves a (departing) care manager's whole caseload: counts only, never patient
 *   ids or names, so `episodeIds` is refused (400);
 * - another clinic's staff, a caseload the caller may not see, or an episode not open on the
 *   `from` caseload answer 404; a target that is not an active care manager answers 400 naming
 *   `toCareManagerId`.
 */
@Injectable()
export class CaseloadTransferService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly transfers: CaseloadTransferRepository,
    private readonly calendar: ClinicCalendar,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /** The clinic's care managers with their open-episode counts (active ones first). */
  holders(actor: Actor): Promise<CaseloadHolder[]> {
    return this.transfers.holders(this.db.manager, actor.clinicId);
  }

  transfer(actor: Actor, dto: CaseloadTransferDto): Promise<CaseloadTransferResult> {
    return this.db.transaction(async (em) => {
      await this.checkStaff(em, actor, dto);
      const wanted = dto.episodeIds ?? null;
      const episodes = await this.transfers.lockOpenEpisodes(em, actor.clinicId, dto.fromCareManagerId, wanted);
      if (wanted) {
        const found = new Set(episodes.map((e) => e.id));
        const missing = wanted.find((id) => !found.has(id.toLowerCase()));
        if (missing) throw new NotFoundError('Open episode on this caseload', missing);
      }
      const ids = episodes.map((e) => e.id);
      const transferred =
        ids.length > 0 ? await this.transfers.reassign(em, actor.clinicId, ids, dto.toCareManagerId) : 0;
      const move = { fromCareManagerId: dto.fromCareManagerId, toCareManagerId: dto.toCareManagerId };
      for (const episode of episodes) {
        await this.audit.success(
          actor,
          'episode.care_team.transfer',
          { patientId: episode.patientId, resourceType: 'episode', resourceId: episode.id, details: move },
          em,
        );
      }
      await this.audit.success(
        actor,
        'caseload.transfer',
        {
          resourceType: 'staff_user',
          resourceId: dto.fromCareManagerId,
          details: { ...move, transferred, wholeCaseload: wanted === null },
        },
        em,
      );
      this.events.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'caseload'));
      return { ...move, transferred };
    });
  }

  /** Scope of the caller and roles of both care managers; throws 404/400/403 as documented above. */
  private async checkStaff(em: EntityManager, actor: Actor, dto: CaseloadTransferDto): Promise<void> {
    const from = await this.transfers.staffInClinic(em, actor.clinicId, dto.fromCareManagerId);
    if (!from || from.role !== 'care_manager') throw new NotFoundError('Care manager', dto.fromCareManagerId);
    const to = await this.transfers.staffInClinic(em, actor.clinicId, dto.toCareManagerId);
    if (!to) throw new NotFoundError('Care manager', dto.toCareManagerId);
    if (to.role !== 'care_manager' || !to.active) {
      throw new ValidationError('toCareManagerId', 'toCareManagerId must be an active care manager of your clinic');
    }
    if (to.id === from.id) {
      throw new ValidationError('toCareManagerId', 'toCareManagerId must differ from fromCareManagerId');
    }
    switch (actor.role) {
      case 'care_manager': {
        if (from.id === actor.id) return;
        const { today } = await this.calendar.day(em, actor.clinicId);
        if (!(await this.transfers.covers(em, actor.clinicId, actor.id, from.id, today))) {
          throw new NotFoundError('Care manager', dto.fromCareManagerId);
        }
        return;
      }
      case 'admin':
        if (dto.episodeIds !== undefined) {
          throw new ValidationError(
            'episodeIds',
            'episodeIds is for care managers; an administrator transfers a whole caseload (leave episodeIds out)',
          );
        }
        return;
      case 'psychiatric_consultant':
      case 'pcp':
      case 'kiosk':
      case 'leadership':
      case 'org_leadership':
        throw new ForbiddenActionError('Only care managers and administrators transfer caseloads');
    }
  }
}
