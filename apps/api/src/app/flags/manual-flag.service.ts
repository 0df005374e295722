import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ManualFlagCode, type ManualFlagView } from '@huddle/shared-types';
import { AccessService } from '../auth/access.service';
import { Clock } from '../auth/clock';
import { AuditService } from '../audit/audit.service';
import { isUniqueViolation } from '../common/database-errors';
import { ConflictError, ErrorCode, NotFoundError, VersionConflictError } from '../common/errors';
import type { Actor } from '../common/request-actor';
import type { CreateManualFlagDto } from './dto/create-manual-flag.dto';
import type { ResolveManualFlagDto } from './dto/resolve-manual-flag.dto';
import { ManualFlagRepository } from './manual-flag.repository';
import { DomainEvents } from '../events/domain-events.service';
import { RegistryChangedEvent } from '../events/registry-events';

/**
 * Raises and resolves manual flags, each in one transaction with its audit entry. An open
 * DISCUSS_WITH_CONSULTANT flag is mirrored in `episode.review_requested_at` (agenda bucket
 * "requested by the care manager"); resolving it clears the request.
 */
@Injectable()
export class ManualFlagService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly flags: ManualFlagRepository,
    private readonly events: DomainEvents,
  ) {}

  /** @throws 404 outside scope; 409 DUPLICATE when the same code is open, EPISODE_CLOSED for a review request without an open episode. */
  async raise(actor: Actor, patientId: string, dto: CreateManualFlagDto): Promise<ManualFlagView> {
    try {
      return await this.db.transaction(async (em) => {
        await this.access.requirePatient(actor, patientId, em);
        const episodeId = await this.flags.lockOpenEpisode(patientId, em);
        if (dto.code === ManualFlagCode.DISCUSS_WITH_CONSULTANT && episodeId === null) {
          throw new ConflictError(ErrorCode.EPISODE_CLOSED, 'The patient has no open episode to review', 'code');
        }
        const now = this.clock.now();
        const note = dto.note ?? null;
        const id = await this.flags.insert(
          { clinicId: actor.clinicId, patientId, episodeId, code: dto.code, note },
          actor.id,
          now,
          em,
        );
        if (dto.code === ManualFlagCode.DISCUSS_WITH_CONSULTANT && episodeId !== null) {
          await this.flags.requestReview(episodeId, now, note, em);
        }
        await this.audit.success(
          actor,
          'flag.raise',
          {
            resourceType: 'manual_flag',
            resourceId: id,
            patientId,
            details: { code: dto.code, episodeId },
          },
          em,
        );
        this.events.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'flag'));
        return this.flags.view(id, em);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'uq_manual_flag_open_code')) {
        throw new ConflictError(
          ErrorCode.DUPLICATE,
          `An open ${dto.code} flag already exists for this patient`,
          'code',
        );
      }
      throw error;
    }
  }

  /** @throws 404 outside scope; 409 when already resolved or `version` is stale. */
  async resolve(actor: Actor, flagId: string, dto: ResolveManualFlagDto): Promise<ManualFlagView> {
    return this.db.transaction(async (em) => {
      const flag = await this.flags.lockInClinic(flagId, actor.clinicId, em);
      if (!flag) throw new NotFoundError('Flag', flagId);
      await this.access.requirePatient(actor, flag.patientId, em);
      if (flag.resolvedAt !== null) {
        throw new ConflictError(ErrorCode.ILLEGAL_TRANSITION, 'The flag is already resolved');
      }
      if (flag.version !== dto.version) throw new VersionConflictError('Flag', flag.version, dto.version);
      const now = this.clock.now();
      const changed = await this.flags.resolve(
        flagId,
        dto.version,
        { by: actor.id, at: now, note: dto.note ?? null },
        em,
      );
      if (!changed) throw new VersionConflictError('Flag', flag.version + 1, dto.version);
      if (flag.code === ManualFlagCode.DISCUSS_WITH_CONSULTANT && flag.episodeId !== null) {
        await this.flags.clearReviewRequest(flag.episodeId, now, em);
      }
      await this.audit.success(
        actor,
        'flag.resolve',
        {
          resourceType: 'manual_flag',
          resourceId: flagId,
          patientId: flag.patientId,
          details: { code: flag.code, episodeId: flag.episodeId },
        },
        em,
      );
      this.events.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'flag'));
      return this.flags.view(flagId, em);
    });
  }
}
