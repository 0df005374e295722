import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { HrsnAnswerError, scoreHrsn, type HrsnAnswers } from '@huddle/scoring';
import type {
  PatientSocialNeeds,
  SocialNeedDomainId,
  SocialNeedStatus,
  SocialNeedView,
  SocialNeedsScreeningView,
} from '@huddle/shared-types';
import { AccessService } from '../auth/access.service';
import { Clock } from '../auth/clock';
import { AuditService } from '../audit/audit.service';
import { ClinicCalendar } from '../clinics/clinic-calendar.service';
import { ConflictError, ErrorCode, NotFoundError, ValidationError, VersionConflictError } from '../common/errors';
import type { Actor } from '../common/request-actor';
import type { RecordSocialNeedsScreeningDto, UpdateSocialNeedDto } from './dto/social-needs.dto';
import { SocialNeedsRepository, type ScreeningRow } from './social-needs.repository';

/** Referral steps of a need, in order: a need only moves forward (open may go straight to resolved). */
const STATUS_ORDER: readonly SocialNeedStatus[] = ['open', 'referred', 'connected', 'resolved'];

/**
 * Social needs (issue #17): AHC HRSN screens scored by libs/scoring (clinical-reference.md §Social
 * needs) open a need per positive domain; each need's community-resource referral is tracked
 * referred → connected → resolved. Writes are transactional and audited with ids and domains only
 * (never the answers, the resource or the note).
 */
@Injectable()
export class SocialNeedsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly calendar: ClinicCalendar,
    private readonly needs: SocialNeedsRepository,
  ) {}

  async list(actor: Actor, patientId: string): Promise<PatientSocialNeeds> {
    await this.access.requirePatient(actor, patientId);
    const [needs, screenings] = await Promise.all([this.needs.needs(patientId), this.needs.screenings(patientId)]);
    await this.audit.success(actor, 'social-needs.read', {
      resourceType: 'patient',
      resourceId: patientId,
      patientId,
      details: { needs: needs.length, screenings: screenings.length },
    });
    return { needs, screenings: screenings.map(toScreeningView) };
  }

  async screen(actor: Actor, patientId: string, dto: RecordSocialNeedsScreeningDto): Promise<PatientSocialNeeds> {
    const positiveDomains = positiveDomainsOf(dto.answers);
    return this.db.transaction(async (em) => {
      await this.access.requirePatient(actor, patientId, em);
      ClinicCalendar.assertNotFuture(await this.calendar.day(em, actor.clinicId), dto.screenedOn, 'screenedOn');
      const id = await this.record(em, {
        id: randomUUID(),
        clinicId: actor.clinicId,
        patientId,
        screenedOn: dto.screenedOn,
        source: 'clinic',
        answers: dto.answers,
        positiveDomains,
        recordedBy: actor.id,
      });
      await this.audit.success(
        actor,
        'social-needs.screen',
        { resourceType: 'social_needs_screening', resourceId: id, patientId, details: { positiveDomains } },
        em,
      );
      return {
        needs: await this.needs.needs(patientId, em),
        screenings: (await this.needs.screenings(patientId, em)).map(toScreeningView),
      };
    });
  }

  /** Stores a screen (entered or imported) and its needs, inside the caller's transaction. */
  record(em: EntityManager, values: Parameters<SocialNeedsRepository['insertScreening']>[1]): Promise<string> {
    return this.needs.insertScreening(em, values);
  }

  async progress(actor: Actor, id: string, dto: UpdateSocialNeedDto): Promise<SocialNeedView> {
    return this.db.transaction(async (em) => {
      const need = await this.needs.lock(id, actor.clinicId, em);
      if (!need) throw new NotFoundError('Social need', id);
      await this.access.requirePatient(actor, need.patientId, em);
      if (need.version !== dto.version) throw new VersionConflictError('Social need', need.version, dto.version);
      if (STATUS_ORDER.indexOf(dto.status) <= STATUS_ORDER.indexOf(need.status)) {
        throw new ConflictError(ErrorCode.ILLEGAL_TRANSITION, `A ${need.status} need cannot become ${dto.status}`);
      }
      if (dto.status === 'referred' && !dto.resourceName) {
        throw new ValidationError('resourceName', 'resourceName is required to refer to a community resource');
      }
      if (dto.status === 'connected' && !need.resourceName && !dto.resourceName) {
        throw new ValidationError('resourceName', 'resourceName is required: which resource the patient reached');
      }
      ClinicCalendar.assertNotFuture(await this.calendar.day(em, actor.clinicId), dto.on, 'on');
      const last = need.connectedOn ?? need.referredOn ?? need.identifiedOn;
      if (dto.on < last) throw new ValidationError('on', `on must not be before ${last}, the need's last step`);
      const changed = await this.needs.advance(em, id, dto.version, {
        status: dto.status,
        on: dto.on,
        resourceName: dto.resourceName ?? null,
        note: dto.note ?? null,
        at: this.clock.now(),
      });
      if (!changed) throw new VersionConflictError('Social need', need.version + 1, dto.version);
      await this.audit.success(
        actor,
        'social-need.progress',
        {
          resourceType: 'social_need',
          resourceId: id,
          patientId: need.patientId,
          details: { domain: need.domain, from: need.status, to: dto.status },
        },
        em,
      );
      return this.needs.need(id, em);
    });
  }
}

/** The positive domains of a screen; an unknown item or answer is a 400 naming `answers.<item>`. */
export function positiveDomainsOf(answers: HrsnAnswers): SocialNeedDomainId[] {
  for (const [item, value] of Object.entries(answers)) {
    const ok =
      value === null ||
      typeof value === 'string' ||
      (Array.isArray(value) && value.every((v) => typeof v === 'string'));
    if (!ok) throw new ValidationError(`answers.${item}`, `answers.${item} must be a string or a list of strings`);
  }
  try {
    const results = scoreHrsn(answers);
    if (!Object.values(answers).some((v) => v !== null && v !== undefined && v.length > 0)) {
      throw new ValidationError('answers', 'answers must answer at least one AHC HRSN question');
    }
    return results.filter((r) => r.positive).map((r) => r.domain);
  } catch (error) {
    if (error instanceof HrsnAnswerError) throw new ValidationError(`answers.${error.itemId}`, error.message);
    throw error;
  }
}

function toScreeningView(row: ScreeningRow): SocialNeedsScreeningView {
  let safetyScore: number | null = null;
  try {
    safetyScore = scoreHrsn(row.answers).find((r) => r.domain === 'safety')?.safetyScore ?? null;
  } catch {
    safetyScore = null;
  }
  return {
    id: row.id,
    patientId: row.patientId,
    screenedOn: row.screenedOn,
    source: row.source,
    positiveDomains: row.positiveDomains,
    safetyScore,
  };
}
