import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { RelapsePreventionPlanResponse } from '@huddle/shared-types';
import { AccessService } from '../auth/access.service';
import { Clock } from '../auth/clock';
import { AuditService } from '../audit/audit.service';
import { ConflictError, ErrorCode, NotFoundError, VersionConflictError } from '../common/errors';
import type { Actor } from '../common/request-actor';
import type { SaveRelapsePreventionPlanDto } from './dto/relapse-plan.dto';
import { RelapsePlanRepository } from './relapse-plan.repository';
import { DomainEvents } from '../events/domain-events.service';
import { RegistryChangedEvent } from '../events/registry-events';
import { readManager } from '../database/read-snapshot';

/**
 * The structured relapse-prevention plan of an episode (clinical-reference.md: "active treatment →
 * relapse-prevention plan → discharged"): warning signs, coping strategies, supports, maintenance
 * treatment and its duration, monitoring, and what to do if symptoms return. Saved whole against an
 * optimistic version; each save is audited (ids and version only) and shown on the timeline.
 */
@Injectable()
export class RelapsePlanService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly plans: RelapsePlanRepository,
    private readonly events: DomainEvents,
  ) {}

  /** @throws 404 unknown or out-of-scope episode. */
  async get(actor: Actor, episodeId: string): Promise<RelapsePreventionPlanResponse> {
    const em = readManager(this.db);
    // The episode and its plan in one read; nothing of it is answered before the scope check.
    const episode = await this.plans.episodeWithPlan(episodeId, actor.clinicId, em);
    if (!episode) throw new NotFoundError('Episode', episodeId);
    await this.access.requirePatient(actor, episode.patientId, em);
    const { plan } = episode;
    await this.audit.success(actor, 'relapse_plan.read', {
      resourceType: 'episode',
      resourceId: episodeId,
      patientId: episode.patientId,
      details: { exists: plan !== null },
    });
    return { episodeId, patientId: episode.patientId, plan };
  }

  /** @throws 404 out of scope; 409 discharged episode or stale version. */
  async save(
    actor: Actor,
    episodeId: string,
    dto: SaveRelapsePreventionPlanDto,
  ): Promise<RelapsePreventionPlanResponse> {
    return this.db.transaction(async (em) => {
      const episode = await this.plans.lockEpisode(episodeId, actor.clinicId, em);
      if (!episode) throw new NotFoundError('Episode', episodeId);
      await this.access.requirePatient(actor, episode.patientId, em);
      if (episode.status === 'discharged') {
        throw new ConflictError(ErrorCode.EPISODE_CLOSED, 'The episode is discharged');
      }
      const current = await this.plans.find(episodeId, em);
      const currentVersion = current?.version ?? 0;
      if ((dto.version ?? 0) !== currentVersion) {
        throw new VersionConflictError('Relapse-prevention plan', currentVersion, dto.version ?? 0);
      }
      const { version, ...fields } = dto;
      const written = await this.plans.save(
        { episodeId, clinicId: actor.clinicId, patientId: episode.patientId, fields },
        version,
        actor.id,
        this.clock.now(),
        em,
      );
      if (!written) throw new VersionConflictError('Relapse-prevention plan', currentVersion + 1, dto.version ?? 0);
      const plan = await this.plans.find(episodeId, em);
      await this.audit.success(
        actor,
        'relapse_plan.save',
        {
          resourceType: 'episode',
          resourceId: episodeId,
          patientId: episode.patientId,
          details: { version: plan?.version ?? null },
        },
        em,
      );
      this.events.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'relapse-plan'));
      return { episodeId, patientId: episode.patientId, plan };
    });
  }
}
