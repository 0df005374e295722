import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  assertHuddleSchedule,
  clampFlagThresholds,
  DEFAULT_FLAG_THRESHOLDS,
  mergeFlagThresholds,
} from '@huddle/scoring';
import type { ClinicSettings, FlagThresholdSettings } from '@huddle/shared-types';
import { AuditService } from '../audit/audit.service';
import { ConflictError, ErrorCode, NotFoundError, VersionConflictError } from '../common/errors';
import { withScoringValidation } from '../common/scoring-errors';
import { isUniqueViolation } from '../common/database-errors';
import type { Actor } from '../common/request-actor';
import { definedFields, updateVersioned } from '../common/versioned-update';
import { ClinicEntity } from '../database/entities';
import { ClinicRepository } from './clinic.repository';
import type { FlagThresholdsPatchDto, UpdateClinicDto } from './dto/clinic-settings.dto';
import { DomainEvents } from '../events/domain-events.service';
import { RegistryChangedEvent } from '../events/registry-events';

const THRESHOLD_KEYS = Object.keys(DEFAULT_FLAG_THRESHOLDS) as Array<keyof FlagThresholdSettings>;

/** The caller's clinic: settings, time zone and flag-threshold overrides. */
@Injectable()
export class ClinicsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clinics: ClinicRepository,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /** Settings of the caller's clinic, with effective thresholds (defaults + overrides). */
  async current(actor: Actor): Promise<ClinicSettings> {
    return toSettings(await this.load(this.db.manager, actor.clinicId));
  }

  /**
   * Admin edit of name, time zone, threshold overrides and the weekly huddle (`null` removes it),
   * checked against `version`. Thresholds are
   * validated by `mergeFlagThresholds` (400 naming `flagThresholds.<key>`); a taken name answers 409.
   */
  async update(actor: Actor, dto: UpdateClinicDto): Promise<ClinicSettings> {
    return this.db.transaction(async (em) => {
      const clinic = await this.load(em, actor.clinicId);
      if (clinic.version !== dto.version) throw new VersionConflictError('Clinic', clinic.version, dto.version);
      if (dto.name !== undefined && (await this.clinics.nameTaken(em, dto.name.trim(), clinic.id)))
        throw duplicateName();
      const flagThresholds = dto.flagThresholds ? applyOverrides(clinic.flagThresholds, dto.flagThresholds) : undefined;
      if (dto.huddle) {
        const schedule = dto.huddle;
        withScoringValidation(() => assertHuddleSchedule(schedule));
      }
      try {
        const updated = await updateVersioned(em, ClinicEntity, clinic.id, dto.version, {
          name: dto.name?.trim(),
          timezone: dto.timezone,
          flagThresholds,
          ...(dto.huddle === undefined
            ? {}
            : { huddleWeekday: dto.huddle?.weekday ?? null, huddleTime: dto.huddle?.time ?? null }),
        });
        if (!updated) throw new VersionConflictError('Clinic', (await this.load(em, clinic.id)).version, dto.version);
      } catch (error) {
        if (isUniqueViolation(error, 'uq_clinic_name')) throw duplicateName();
        throw error;
      }
      await this.audit.success(
        actor,
        'clinic.update',
        {
          resourceType: 'clinic',
          resourceId: clinic.id,
          details: { fields: changedFields(dto), thresholds: Object.keys(definedFields(dto.flagThresholds ?? {})) },
        },
        em,
      );
      this.events.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'clinic'));
      return toSettings(await this.load(em, clinic.id));
    });
  }

  private async load(em: EntityManager, clinicId: string): Promise<ClinicEntity> {
    const clinic = await this.clinics.findById(em, clinicId);
    if (!clinic) throw new NotFoundError('Clinic', clinicId);
    return clinic;
  }
}

function duplicateName(): ConflictError {
  return new ConflictError(ErrorCode.DUPLICATE, 'name is already used by another clinic', 'name');
}

function changedFields(dto: UpdateClinicDto): string[] {
  return (['name', 'timezone', 'flagThresholds', 'huddle'] as const).filter((key) => dto[key] !== undefined);
}

/** Stored overrides with the patch applied (`null` removes one), validated by libs/scoring. */
function applyOverrides(stored: Record<string, unknown>, patch: FlagThresholdsPatchDto): Record<string, unknown> {
  const next: Record<string, unknown> = { ...stored };
  for (const key of THRESHOLD_KEYS) {
    const value = patch[key];
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  withScoringValidation(
    () => mergeFlagThresholds(pickThresholds(next)),
    (field) => field.replace(/^thresholds\./, 'flagThresholds.'),
  );
  return next;
}

function pickThresholds(stored: Record<string, unknown>): Partial<FlagThresholdSettings> {
  const picked: Partial<FlagThresholdSettings> = {};
  for (const key of THRESHOLD_KEYS) {
    const value = stored[key];
    if (typeof value === 'number') picked[key] = value;
  }
  return picked;
}

function toSettings(clinic: ClinicEntity): ClinicSettings {
  const overrides = pickThresholds(clinic.flagThresholds);
  return {
    id: clinic.id,
    name: clinic.name,
    timezone: clinic.timezone,
    // Effective values as the rules use them (a stored value out of bounds is clamped, never a 500).
    flagThresholds: clampFlagThresholds(overrides).thresholds,
    flagThresholdOverrides: overrides,
    huddle: huddleOf(clinic),
    version: clinic.version,
  };
}

/** The clinic's weekly huddle ("HH:MM"; Postgres answers a time as "HH:MM:SS"), or null. */
export function huddleOf(clinic: Pick<ClinicEntity, 'huddleWeekday' | 'huddleTime'>): ClinicSettings['huddle'] {
  if (clinic.huddleWeekday === null || clinic.huddleTime === null) return null;
  return { weekday: clinic.huddleWeekday, time: clinic.huddleTime.slice(0, 5) };
}
