import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { addMonths, NEW_EPISODE_GAP_MONTHS } from '@huddle/scoring';
import type { ApiWarning, CreatedEpisode, IsoDate } from '@huddle/shared-types';
import { AuditService } from '../audit/audit.service';
import { AccessService } from '../auth/access.service';
import { ClinicCalendar } from '../clinics/clinic-calendar.service';
import { ConflictError, ErrorCode, ValidationError } from '../common/errors';
import type { Actor } from '../common/request-actor';
import { EpisodeEntity, PatientEntity } from '../database/entities';
import { StaffRepository, type CareTeamField } from '../staff/staff.repository';
import type { CreateEpisodeDto } from './dto/episode-requests.dto';
import { careTeamIds, toEpisodeDetail } from './episode.mapper';
import { EpisodeRepository, openEpisodeExists } from './episode.repository';
import { DomainEvents } from '../events/domain-events.service';
import { RegistryChangedEvent } from '../events/registry-events';

/** What a new episode starts with; `undefined` care-team fields take the defaults. */
export interface EpisodeOpening {
  referredOn: IsoDate;
  careManagerId?: string | null;
  consultantId?: string | null;
  billingPcpId?: string | null;
}

/**
 * Starts episodes. A patient has at most one open episode. Per clinical-reference.md a new episode
 * may start after a ≥ 6-month gap since the last discharge: an earlier start is refused (409
 * `EPISODE_GAP_TOO_SHORT`) unless the request sets `allowShortGap`, in which case it is created
 * with a warning `EPISODE_GAP_UNDER_6_MONTHS` and the override is audited. CoCM billing counts a
 * restart within 6 months as the same episode of care: the new episode's first month is billed as a
 * later month (99493), not an initial one (99492) — `continuesEarlierEpisodeSql`, libs/scoring.
 */
@Injectable()
export class EpisodeOpeningService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly episodes: EpisodeRepository,
    private readonly staff: StaffRepository,
    private readonly access: AccessService,
    private readonly calendar: ClinicCalendar,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /** `POST /patients/:id/episodes`: a new referred episode for a patient in the caller's scope. */
  async create(actor: Actor, patientId: string, dto: CreateEpisodeDto): Promise<CreatedEpisode> {
    return this.db.transaction(async (em) => {
      await this.access.requirePatient(actor, patientId, em);
      const patient = await em.findOneByOrFail(PatientEntity, { id: patientId });
      if (await this.episodes.findOpen(em, patientId)) throw openEpisodeExists();
      const day = await this.calendar.day(em, actor.clinicId);
      const referredOn = dto.referredOn ?? day.today;
      ClinicCalendar.assertNotFuture(day, referredOn, 'referredOn');
      const warnings = await this.checkGap(em, patientId, referredOn, dto.allowShortGap === true);
      const episode = await this.open(em, actor, patient, { ...dto, referredOn }, warnings.length > 0);
      const staff = await this.episodes.staffRefs(em, careTeamIds(episode));
      return { ...toEpisodeDetail(episode, staff), warnings };
    });
  }

  /**
   * Inserts a referred episode in the caller's transaction and audits it. Defaults: care manager =
   * the caller when a care manager; billing PCP = the patient's PCP (when still an active PCP).
   */
  async open(
    em: EntityManager,
    actor: Actor,
    patient: Pick<PatientEntity, 'id' | 'clinicId' | 'pcpId'>,
    opening: EpisodeOpening,
    shortGapOverride = false,
  ): Promise<EpisodeEntity> {
    const careTeam = {
      careManagerId: await this.member(
        em,
        actor,
        'careManagerId',
        opening.careManagerId,
        actor.role === 'care_manager' ? actor.id : null,
      ),
      consultantId: await this.member(em, actor, 'consultantId', opening.consultantId, null),
      billingPcpId: await this.member(em, actor, 'billingPcpId', opening.billingPcpId, patient.pcpId),
    };
    const episode = await this.episodes.insert(em, {
      clinicId: patient.clinicId,
      patientId: patient.id,
      status: 'referred',
      referredOn: opening.referredOn,
      diagnoses: [],
      ...careTeam,
    });
    await this.audit.success(
      actor,
      'episode.create',
      {
        patientId: patient.id,
        resourceType: 'episode',
        resourceId: episode.id,
        details: shortGapOverride ? { shortGapOverride: true } : {},
      },
      em,
    );
    this.events.afterCommit(em, new RegistryChangedEvent(patient.clinicId, 'episode'));
    return episode;
  }

  /** An explicit id must be a valid member (400 naming the field); a default that is not is dropped. */
  private async member(
    em: EntityManager,
    actor: Actor,
    field: CareTeamField,
    requested: string | null | undefined,
    fallback: string | null,
  ): Promise<string | null> {
    if (requested === null) return null;
    if (requested !== undefined) {
      await this.staff.requireCareTeamMember(em, actor.clinicId, requested, field);
      return requested;
    }
    if (fallback === null) return null;
    return (await this.staff.isCareTeamMember(em, actor.clinicId, fallback, field)) ? fallback : null;
  }

  private async checkGap(
    em: EntityManager,
    patientId: string,
    referredOn: IsoDate,
    allowShortGap: boolean,
  ): Promise<ApiWarning[]> {
    const lastDischarge = await this.episodes.lastDischargedOn(em, patientId);
    if (lastDischarge === null) return [];
    if (referredOn < lastDischarge) {
      throw new ValidationError('referredOn', `referredOn must not be before the last discharge (${lastDischarge})`);
    }
    const earliest = addMonths(lastDischarge, NEW_EPISODE_GAP_MONTHS);
    if (referredOn >= earliest) return [];
    const gap = `the last episode was discharged on ${lastDischarge}; a new episode may start from ${earliest}`;
    if (!allowShortGap) {
      throw new ConflictError(
        ErrorCode.EPISODE_GAP_TOO_SHORT,
        `${gap}. Send allowShortGap: true to start one anyway`,
        'referredOn',
      );
    }
    return [
      {
        code: 'EPISODE_GAP_UNDER_6_MONTHS',
        message: `Started within ${NEW_EPISODE_GAP_MONTHS} months of the last discharge (${gap}); CoCM billing treats it as a continuation: its first month is billed as a later month (99493), not an initial month (99492)`,
      },
    ];
  }
}
