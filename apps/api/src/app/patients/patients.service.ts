import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Page, PatientDetail, PatientSummary } from '@huddle/shared-types';
import { sexSpecificCutoffs } from '@huddle/scoring';
import { AuditService } from '../audit/audit.service';
import { ClinicCalendar, type ClinicDay } from '../clinics/clinic-calendar.service';
import { ConflictError, ErrorCode, NotFoundError, ValidationError, VersionConflictError } from '../common/errors';
import { isUniqueViolation } from '../common/database-errors';
import type { Actor } from '../common/request-actor';
import { definedFields, updateVersioned } from '../common/versioned-update';
import { rejudgeSexSpecificScreens } from '../assessments/sex-specific-screens.sql';
import { PatientEntity } from '../database/entities';
import { EpisodeOpeningService } from '../episodes/episode-opening.service';
import { toEpisodeSummary } from '../episodes/episode.mapper';
import { EpisodeRepository } from '../episodes/episode.repository';
import { StaffRepository } from '../staff/staff.repository';
import type { CreatePatientDto, ListPatientsQueryDto, UpdatePatientDto } from './dto/patient-requests.dto';
import { PatientClinicalService } from './patient-clinical.service';
import { PatientRepository } from './patient.repository';
import { DomainEvents } from '../events/domain-events.service';
import { RegistryChangedEvent } from '../events/registry-events';
import { readTransaction } from '../database/read-snapshot';

const MRN_CONSTRAINT = 'uq_patient_clinic_mrn';
const EARLIEST_BIRTH_DATE = '1900-01-01';

/**
 * Patient registration, search and demographics. A new patient is created together with its first
 * (referred) episode, so the care manager who registers them keeps seeing them. Every read and write
 * is audited (ids and field names only, never PHI).
 */
@Injectable()
export class PatientsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly patients: PatientRepository,
    private readonly episodes: EpisodeRepository,
    private readonly opening: EpisodeOpeningService,
    private readonly staff: StaffRepository,
    private readonly calendar: ClinicCalendar,
    private readonly audit: AuditService,
    private readonly clinical: PatientClinicalService,
    private readonly events: DomainEvents,
  ) {}

  /** Registers a patient with a referred episode (care manager: the caller by default). Duplicate MRN → 409. */
  async create(actor: Actor, dto: CreatePatientDto): Promise<PatientDetail> {
    return this.db.transaction(async (em) => {
      const day = await this.calendar.day(em, actor.clinicId);
      assertBirthDate(day, dto.birthDate);
      const referredOn = dto.referredOn ?? day.today;
      ClinicCalendar.assertNotFuture(day, referredOn, 'referredOn');
      if (referredOn < dto.birthDate)
        throw new ValidationError('referredOn', 'referredOn must not be before birthDate');
      if (dto.pcpId) await this.staff.requireCareTeamMember(em, actor.clinicId, dto.pcpId, 'pcpId');
      await this.assertMrnFree(em, actor.clinicId, dto.mrn, null);
      const patient = await this.withMrnCheck(() =>
        this.patients.insert(em, {
          clinicId: actor.clinicId,
          mrn: dto.mrn,
          givenName: dto.givenName,
          familyName: dto.familyName,
          birthDate: dto.birthDate,
          preferredLanguage: dto.preferredLanguage ?? 'en',
          gender: dto.gender ?? null,
          payer: dto.payer ?? null,
          pcpId: dto.pcpId ?? null,
        }),
      );
      await this.record(em, actor, 'patient.create', patient.id);
      this.events.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'patient'));
      await this.opening.open(em, actor, patient, { referredOn, careManagerId: dto.careManagerId });
      return this.detail(em, patient);
    });
  }

  /** A page of the patients in the caller's scope, optionally filtered by name/MRN words. */
  async list(actor: Actor, query: ListPatientsQueryDto): Promise<Page<PatientSummary>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 25;
    return this.db.transaction(async (em) => {
      const found = await this.patients.search(em, actor, { search: query.search, page, pageSize });
      const total = found.total;
      // Latest scores and flags of the page's patients, as the caseload computes them (one statement).
      const clinical = await this.clinical.forPatients(
        em,
        actor.clinicId,
        found.rows.map((r) => r.id),
      );
      const rows = found.rows.map((r) => ({ ...r, clinical: clinical.get(r.id) ?? null }));
      await this.audit.success(
        actor,
        'patient.list',
        {
          resourceType: 'patient',
          // Which patients were shown, never what was searched for (a name or MRN).
          details: { searched: Boolean(query.search), page, pageSize, total },
          patientIds: rows.map((r) => r.id),
        },
        em,
      );
      return { items: rows, total, page, pageSize };
    });
  }

  /** The patient with their episodes (404 outside the caller's scope). */
  async get(actor: Actor, id: string): Promise<PatientDetail> {
    return readTransaction(this.db, async (em) => {
      const patient = await this.requireScoped(em, actor, id);
      await this.record(em, actor, 'patient.read', id);
      return this.detail(em, patient);
    });
  }

  /** Edits demographics against `version`; a taken MRN answers 409 naming `mrn`. */
  async update(actor: Actor, id: string, dto: UpdatePatientDto): Promise<PatientDetail> {
    return this.db.transaction(async (em) => {
      const patient = await this.requireScoped(em, actor, id);
      if (patient.version !== dto.version) throw new VersionConflictError('Patient', patient.version, dto.version);
      if (dto.birthDate !== undefined) assertBirthDate(await this.calendar.day(em, actor.clinicId), dto.birthDate);
      if (dto.pcpId) await this.staff.requireCareTeamMember(em, actor.clinicId, dto.pcpId, 'pcpId');
      if (dto.mrn !== undefined) await this.assertMrnFree(em, actor.clinicId, dto.mrn, id);
      const patch = definedFields({
        mrn: dto.mrn,
        givenName: dto.givenName,
        familyName: dto.familyName,
        birthDate: dto.birthDate,
        preferredLanguage: dto.preferredLanguage,
        gender: dto.gender,
        payer: dto.payer,
        pcpId: dto.pcpId,
      });
      const updated = await this.withMrnCheck(() => updateVersioned(em, PatientEntity, id, dto.version, patch));
      if (!updated) {
        throw new VersionConflictError('Patient', (await this.patients.findById(em, id)).version, dto.version);
      }
      // A changed recorded sex re-judges stored positive screens whose cut-off depends on it (AUDIT-C ≥ 3
      // women, ≥ 4 otherwise: clinical-reference.md), so a score reads as if entered now.
      const rejudged =
        dto.gender !== undefined && dto.gender !== patient.gender
          ? await rejudgeSexSpecificScreens(em, [id], sexSpecificCutoffs())
          : 0;
      await this.record(em, actor, 'patient.update', id, {
        fields: Object.keys(patch),
        ...(dto.gender === undefined ? {} : { rejudgedScores: rejudged }),
      });
      this.events.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'patient'));
      if (rejudged > 0) this.events.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'assessment'));
      return this.detail(em, await this.patients.findById(em, id));
    });
  }

  private async requireScoped(em: EntityManager, actor: Actor, id: string): Promise<PatientEntity> {
    const patient = await this.patients.findScoped(em, actor, id);
    if (!patient) throw new NotFoundError('Patient', id);
    return patient;
  }

  private async detail(em: EntityManager, patient: PatientEntity): Promise<PatientDetail> {
    const episodes = await this.episodes.listForPatient(em, patient.id);
    const staff = await this.episodes.staffRefs(em, [patient.pcpId]);
    return {
      id: patient.id,
      mrn: patient.mrn,
      givenName: patient.givenName,
      familyName: patient.familyName,
      birthDate: patient.birthDate,
      preferredLanguage: patient.preferredLanguage,
      gender: patient.gender,
      payer: patient.payer,
      pcp: patient.pcpId === null ? null : (staff.get(patient.pcpId) ?? null),
      episodes: episodes.map(toEpisodeSummary),
      createdAt: patient.createdAt.toISOString(),
      updatedAt: patient.updatedAt.toISOString(),
      version: patient.version,
    };
  }

  private async assertMrnFree(
    em: EntityManager,
    clinicId: string,
    mrn: string,
    patientId: string | null,
  ): Promise<void> {
    if (await this.patients.mrnTaken(em, clinicId, mrn, patientId)) throw duplicateMrn();
  }

  /** The unique index still decides under concurrent registrations. */
  private async withMrnCheck<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error, MRN_CONSTRAINT)) throw duplicateMrn();
      throw error;
    }
  }

  private record(
    em: EntityManager,
    actor: Actor,
    action: string,
    patientId: string,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    return this.audit.success(
      actor,
      action,
      { patientId, resourceType: 'patient', resourceId: patientId, details },
      em,
    );
  }
}

function duplicateMrn(): ConflictError {
  return new ConflictError(ErrorCode.DUPLICATE, 'mrn is already used by another patient of this clinic', 'mrn');
}

function assertBirthDate(day: ClinicDay, birthDate: string): void {
  if (birthDate >= day.today)
    throw new ValidationError('birthDate', `birthDate must be in the past (today is ${day.today})`);
  if (birthDate < EARLIEST_BIRTH_DATE)
    throw new ValidationError('birthDate', `birthDate must not be before ${EARLIEST_BIRTH_DATE}`);
}
