import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { EpisodeDetail } from '@huddle/shared-types';
import { AuditService } from '../audit/audit.service';
import { ClinicCalendar } from '../clinics/clinic-calendar.service';
import { ConflictError, ErrorCode, NotFoundError, VersionConflictError } from '../common/errors';
import type { Actor } from '../common/request-actor';
import { definedFields, updateVersioned } from '../common/versioned-update';
import { EpisodeEntity } from '../database/entities';
import { StaffRepository } from '../staff/staff.repository';
import type { ChangeEpisodeStatusDto, ReplaceDiagnosesDto, UpdateCareTeamDto } from './dto/episode-requests.dto';
import { planTransition } from './episode-lifecycle';
import { careTeamIds, toEpisodeDetail } from './episode.mapper';
import { EpisodeRepository } from './episode.repository';
import { DomainEvents } from '../events/domain-events.service';
import { RegistryChangedEvent } from '../events/registry-events';
import { readTransaction } from '../database/read-snapshot';

type EpisodePatch = Partial<
  Omit<EpisodeEntity, 'id' | 'clinicId' | 'patientId' | 'createdAt' | 'updatedAt' | 'version'>
>;

/** Reads and edits of one episode: status lifecycle, care team, diagnoses. Every call is audited. */
@Injectable()
export class EpisodesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly episodes: EpisodeRepository,
    private readonly staff: StaffRepository,
    private readonly calendar: ClinicCalendar,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /** The episode with its care team, if its patient is in the caller's scope (else 404). */
  async get(actor: Actor, id: string): Promise<EpisodeDetail> {
    return readTransaction(this.db, async (em) => {
      const episode = await this.requireScoped(em, actor, id);
      await this.record(em, actor, 'episode.read', episode, {});
      return this.detail(em, episode);
    });
  }

  /** Moves the episode along its lifecycle (see `EPISODE_TRANSITIONS`), checked against `version`. */
  changeStatus(actor: Actor, id: string, dto: ChangeEpisodeStatusDto): Promise<EpisodeDetail> {
    return this.edit(actor, id, dto.version, 'episode.status.update', async (em, episode) => {
      const day = await this.calendar.day(em, actor.clinicId);
      const patch = planTransition(episode, dto, day.today);
      return { patch, details: { from: episode.status, to: patch.status } };
    });
  }

  /**
   * Assigns (or with `null` unassigns) the care manager, psychiatric consultant and billing PCP;
   * each must be an active staff member of the clinic with that role (400 naming the field).
   */
  updateCareTeam(actor: Actor, id: string, dto: UpdateCareTeamDto): Promise<EpisodeDetail> {
    return this.edit(actor, id, dto.version, 'episode.care_team.update', async (em, episode) => {
      assertOpen(episode);
      for (const field of ['careManagerId', 'consultantId', 'billingPcpId'] as const) {
        const value = dto[field];
        if (typeof value === 'string') await this.staff.requireCareTeamMember(em, actor.clinicId, value, field);
      }
      const patch = definedFields({
        careManagerId: dto.careManagerId,
        consultantId: dto.consultantId,
        billingPcpId: dto.billingPcpId,
      });
      return { patch, details: { fields: Object.keys(patch) } };
    });
  }

  /** Replaces the episode's ICD-10 diagnoses (normalised to upper case, duplicates dropped). */
  replaceDiagnoses(actor: Actor, id: string, dto: ReplaceDiagnosesDto): Promise<EpisodeDetail> {
    return this.edit(actor, id, dto.version, 'episode.diagnoses.update', (_, episode) => {
      assertOpen(episode);
      const diagnoses = [...new Set(dto.diagnoses)];
      return Promise.resolve({ patch: { diagnoses }, details: { count: diagnoses.length } });
    });
  }

  /** One transaction: scope check, version check, plan, versioned update, audit, reload. */
  private edit(
    actor: Actor,
    id: string,
    version: number,
    action: string,
    plan: (
      em: EntityManager,
      episode: EpisodeEntity,
    ) => Promise<{ patch: EpisodePatch; details: Record<string, unknown> }>,
  ): Promise<EpisodeDetail> {
    return this.db.transaction(async (em) => {
      const episode = await this.requireScoped(em, actor, id);
      if (episode.version !== version) throw new VersionConflictError('Episode', episode.version, version);
      const { patch, details } = await plan(em, episode);
      if (!(await updateVersioned(em, EpisodeEntity, id, version, patch))) {
        const latest = await em.findOneByOrFail(EpisodeEntity, { id });
        throw new VersionConflictError('Episode', latest.version, version);
      }
      await this.record(em, actor, action, episode, details);
      this.events.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'episode'));
      return this.detail(em, await em.findOneByOrFail(EpisodeEntity, { id }));
    });
  }

  private async requireScoped(em: EntityManager, actor: Actor, id: string): Promise<EpisodeEntity> {
    const episode = await this.episodes.findScoped(em, actor, id);
    if (!episode) throw new NotFoundError('Episode', id);
    return episode;
  }

  private async detail(em: EntityManager, episode: EpisodeEntity): Promise<EpisodeDetail> {
    return toEpisodeDetail(episode, await this.episodes.staffRefs(em, careTeamIds(episode)));
  }

  private record(
    em: EntityManager,
    actor: Actor,
    action: string,
    episode: EpisodeEntity,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.success(
      actor,
      action,
      { patientId: episode.patientId, resourceType: 'episode', resourceId: episode.id, details },
      em,
    );
  }
}

function assertOpen(episode: EpisodeEntity): void {
  if (episode.status === 'discharged') {
    throw new ConflictError(
      ErrorCode.EPISODE_CLOSED,
      `Episode ${episode.id} is discharged and can no longer be edited`,
    );
  }
}
