import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  auditCCutoffFor,
  depressionScreenPositive,
  ENGAGEMENT_RULE,
  getInstrument,
  resolveScreeningSettings,
  scoreAssessment,
  scorePcPtsd5,
  type ScoringContext,
  type ScreeningSettings,
} from '@huddle/scoring';
import { InstrumentId, type HandoffClinician, type ScreeningVisitRecord } from '@huddle/shared-types';
import { AssessmentRepository } from '../assessments/assessment.repository';
import { AuditService } from '../audit/audit.service';
import { AccessService } from '../auth/access.service';
import { ClinicCalendar, type ClinicDay } from '../clinics/clinic-calendar.service';
import { ConflictError, ErrorCode, NotFoundError, ValidationError, VersionConflictError } from '../common/errors';
import type { Actor } from '../common/request-actor';
import { withScoringValidation } from '../common/scoring-errors';
import { DomainEvents } from '../events/domain-events.service';
import { RegistryChangedEvent } from '../events/registry-events';
import type {
  CreateReferralDto,
  CreateScreeningDto,
  FollowUpPlanDto,
  ScreeningSettingsDto,
  UpdateFollowUpPlanDto,
} from './dto/screening.dto';
import { toScreeningVisitRecord } from './screening.mapper';
import { ScreeningRepository, type ScreeningTarget, type ScreeningVisitRow } from './screening.repository';
import { ScreeningSettingsRepository } from './screening-settings.repository';

type Answers = Record<string, number | null>;
interface Scored {
  total: number | null;
  positive: boolean | null;
  complete: boolean;
  answers: Answers;
}

/** Who may take a warm handoff: the behavioural-health clinicians of the clinic. */
const HANDOFF_ROLES = ['care_manager', 'psychiatric_consultant'] as const;

/**
 * Universal screening of any clinic patient (issue #17), per clinical-reference.md §Screening:
 * PHQ-2 / GAD-2 (≥ 3 → the full PHQ-9 / GAD-7 on the same visit), AUDIT-C (sex-specific cut-off),
 * PC-PTSD-5 (→ PCL-5), the follow-up plan of a positive depression screen and the referral to
 * behavioural health with its warm handoff. Full instruments are stored as assessments (scored,
 * flagged — PHQ-9 item 9 — like any other). Every read and write is scoped and audited.
 */
@Injectable()
export class ScreeningService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: ScreeningRepository,
    private readonly settingsRepo: ScreeningSettingsRepository,
    private readonly assessments: AssessmentRepository,
    private readonly access: AccessService,
    private readonly calendar: ClinicCalendar,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async create(actor: Actor, patientId: string, dto: CreateScreeningDto): Promise<ScreeningVisitRecord> {
    if (!dto.phq2 && !dto.gad2 && !dto.auditC && !dto.pcPtsd5 && !dto.depressionException) {
      throw new ValidationError('phq2', 'a screening records phq2, gad2, auditC or pcPtsd5 (or a depressionException)');
    }
    if (dto.depressionException && (dto.phq2 || dto.phq9)) {
      throw new ValidationError('depressionException', 'depressionException is for a depression screening not done');
    }
    return this.db.transaction(async (em) => {
      const target = await this.repo.target(em, patientId, this.access.patientScope(actor, 'p', 1));
      if (!target) throw new NotFoundError('Patient', patientId);
      const day = this.calendar.dayIn(target.timeZone);
      ClinicCalendar.assertNotFuture(day, dto.visitOn, 'visitOn');
      if (dto.visitOn < target.birthDate)
        throw new ValidationError('visitOn', 'visitOn must not be before the birth date');
      const settings = resolveScreeningSettings(target.settings as Partial<ScreeningSettings>);
      const auditCCutoff = auditCCutoffFor(target.gender, settings);

      const phq2 = dto.phq2 ? this.brief('phq2', InstrumentId.PHQ2, dto.phq2) : null;
      const gad2 = dto.gad2 ? this.brief('gad2', InstrumentId.GAD2, dto.gad2) : null;
      const auditC = dto.auditC
        ? this.brief('auditC', InstrumentId.AUDITC, dto.auditC, { positiveScreenThreshold: auditCCutoff })
        : null;
      const pc = dto.pcPtsd5
        ? withScoringValidation(() => scorePcPtsd5(dto.pcPtsd5 as never, settings.pcPtsd5CutPoint))
        : null;
      this.requirePositive('phq9', dto.phq9, phq2?.positive, 'a positive PHQ-2 (≥ 3)');
      this.requirePositive('gad7', dto.gad7, gad2?.positive, 'a positive GAD-2 (≥ 3)');
      this.requirePositive('pcl5', dto.pcl5, pc?.positive, 'a positive PC-PTSD-5');
      const phq9 = dto.phq9 ? this.full('phq9', InstrumentId.PHQ9, dto.phq9) : null;
      const gad7 = dto.gad7 ? this.full('gad7', InstrumentId.GAD7, dto.gad7) : null;
      const pcl5 = dto.pcl5 ? this.full('pcl5', InstrumentId.PCL5, dto.pcl5) : null;

      const depressionPositive = depressionScreenPositive(phq2?.total ?? null, phq9?.complete ? phq9.total : null);
      const anxietyPositive = gad7?.complete ? gad7.positive : (gad2?.positive ?? null);
      if (dto.followUpPlan) this.assertPlan(dto.followUpPlan, dto.visitOn, day, depressionPositive === true);

      const ids = {
        phq9: phq9
          ? await this.insertAssessment(em, actor, patientId, target, InstrumentId.PHQ9, dto.visitOn, phq9)
          : null,
        gad7: gad7
          ? await this.insertAssessment(em, actor, patientId, target, InstrumentId.GAD7, dto.visitOn, gad7)
          : null,
        pcl5: pcl5
          ? await this.insertAssessment(em, actor, patientId, target, InstrumentId.PCL5, dto.visitOn, pcl5)
          : null,
      };
      const id = await this.repo.insertVisit(em, {
        clinic_id: actor.clinicId,
        patient_id: patientId,
        visit_on: dto.visitOn,
        screened_by: actor.id,
        answers: {
          ...(phq2 ? { phq2: phq2.answers } : {}),
          ...(gad2 ? { gad2: gad2.answers } : {}),
          ...(auditC ? { auditC: auditC.answers } : {}),
          ...(dto.pcPtsd5
            ? { pcPtsd5: { traumaExposure: dto.pcPtsd5.traumaExposure, items: dto.pcPtsd5.items ?? [] } }
            : {}),
        },
        cutoffs: {
          phq2: getInstrument(InstrumentId.PHQ2).positiveScreen.threshold,
          gad2: getInstrument(InstrumentId.GAD2).positiveScreen.threshold,
          auditC: auditCCutoff,
          pcPtsd5: settings.pcPtsd5CutPoint,
        },
        phq2_total: phq2?.total ?? null,
        gad2_total: gad2?.total ?? null,
        auditc_total: auditC?.total ?? null,
        pcptsd5_total: pc?.total ?? null,
        phq9_assessment_id: ids.phq9,
        gad7_assessment_id: ids.gad7,
        pcl5_assessment_id: ids.pcl5,
        depression_positive: depressionPositive,
        anxiety_positive: anxietyPositive,
        alcohol_positive: auditC?.positive ?? null,
        ptsd_positive: pc?.positive ?? null,
        depression_exception: dto.depressionException ?? null,
        follow_up_kinds: dto.followUpPlan?.kinds ?? [],
        follow_up_on: dto.followUpPlan?.on ?? null,
        follow_up_note: dto.followUpPlan?.note ?? null,
      });
      const instruments = [phq2 && 'PHQ2', gad2 && 'GAD2', auditC && 'AUDITC', pc && 'PCPTSD5'].filter(Boolean);
      await this.audit.success(
        actor,
        'screening.create',
        {
          patientId,
          resourceType: 'screening_visit',
          resourceId: id,
          details: { instruments, fullInstruments: Object.keys(ids).filter((k) => ids[k as keyof typeof ids]) },
        },
        em,
      );
      this.events.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'assessment'));
      return this.visit(em, actor, id);
    });
  }

  /** A patient's screening visits, newest first, each with its referral and journey. */
  async list(actor: Actor, patientId: string): Promise<ScreeningVisitRecord[]> {
    return this.db.transaction(async (em) => {
      await this.access.requirePatient(actor, patientId, em);
      const rows = await this.repo.visits(em, { patientId }, ENGAGEMENT_RULE);
      await this.audit.success(
        actor,
        'screening.list',
        { patientId, resourceType: 'screening_visit', details: { count: rows.length } },
        em,
      );
      return rows.map(toScreeningVisitRecord);
    });
  }

  /** Documents (or replaces) the follow-up plan of a positive depression screen. */
  async setFollowUpPlan(actor: Actor, visitId: string, dto: UpdateFollowUpPlanDto): Promise<ScreeningVisitRecord> {
    return this.db.transaction(async (em) => {
      const row = await this.scopedVisit(em, actor, visitId);
      if (row.version !== dto.version) throw new VersionConflictError('Screening', row.version, dto.version);
      const day = await this.calendar.day(em, actor.clinicId);
      this.assertPlan(dto, row.visit_on, day, row.depression_positive === true);
      if (
        !(await this.repo.setFollowUpPlan(em, visitId, dto.version, {
          kinds: dto.kinds,
          on: dto.on,
          note: dto.note ?? null,
        }))
      ) {
        throw new VersionConflictError('Screening', row.version + 1, dto.version);
      }
      await this.audit.success(
        actor,
        'screening.follow-up-plan',
        {
          patientId: row.patient_id,
          resourceType: 'screening_visit',
          resourceId: visitId,
          details: { kinds: dto.kinds },
        },
        em,
      );
      return this.visit(em, actor, visitId);
    });
  }

  /**
   * Refers a positive screen to behavioural health, recording the warm handoff and who took it. A
   * referral of a positive depression screen is also its follow-up plan (CMS2: "referral").
   */
  /**
   * Who may take a warm handoff in the caller's clinic: active care managers and consultants, names and
   * ids only — what the referral form needs, readable by everyone who refers (a PCP cannot read the
   * care-team options with their caseload counts). Staff names are not PHI: not audited, like the staff list.
   */
  async handoffClinicians(actor: Actor): Promise<HandoffClinician[]> {
    const rows = await this.repo.clinicStaffOfRoles(this.db.manager, actor.clinicId, HANDOFF_ROLES);
    return rows.map((r) => ({ id: r.id, displayName: r.displayName, role: r.role as HandoffClinician['role'] }));
  }

  async refer(actor: Actor, visitId: string, dto: CreateReferralDto): Promise<ScreeningVisitRecord> {
    return this.db.transaction(async (em) => {
      const row = await this.scopedVisit(em, actor, visitId);
      if (![row.depression_positive, row.anxiety_positive, row.alcohol_positive, row.ptsd_positive].includes(true)) {
        throw new ValidationError('id', 'only a positive screen is referred to behavioural health');
      }
      if (row.referral_id !== null) throw new ConflictError(ErrorCode.DUPLICATE, 'This screen is already referred');
      const day = await this.calendar.day(em, actor.clinicId);
      ClinicCalendar.assertNotFuture(day, dto.referredOn, 'referredOn');
      if (dto.referredOn < row.visit_on) {
        throw new ValidationError('referredOn', 'referredOn must not be before the screening visit');
      }
      const takenBy = dto.handoffTakenById ?? null;
      if (dto.warmHandoff !== (takenBy !== null)) {
        throw new ValidationError('handoffTakenById', 'handoffTakenById names who took a warm handoff, and only then');
      }
      if (takenBy !== null && !(await this.repo.isClinicStaff(em, actor.clinicId, takenBy, HANDOFF_ROLES))) {
        throw new ValidationError(
          'handoffTakenById',
          'handoffTakenById must be a care manager or consultant of the clinic',
        );
      }
      const referralId = await this.repo.insertReferral(em, {
        clinicId: actor.clinicId,
        patientId: row.patient_id,
        visitId,
        referredOn: dto.referredOn,
        referredBy: actor.id,
        warmHandoff: dto.warmHandoff,
        handoffTakenBy: takenBy,
        note: dto.note ?? null,
      });
      if (row.depression_positive && !row.follow_up_kinds.includes('referral')) {
        await this.repo.setFollowUpPlan(em, visitId, row.version, {
          kinds: [...row.follow_up_kinds, 'referral'],
          on: row.follow_up_on ?? dto.referredOn,
          note: row.follow_up_note,
        });
      }
      await this.audit.success(
        actor,
        'screening.referral.create',
        {
          patientId: row.patient_id,
          resourceType: 'bh_referral',
          resourceId: referralId,
          details: { warmHandoff: dto.warmHandoff },
        },
        em,
      );
      return this.visit(em, actor, visitId);
    });
  }

  /** The clinic's screening cut-offs (defaults merged with what it changed). */
  async settings(actor: Actor): Promise<ScreeningSettings> {
    return resolveScreeningSettings(
      (await this.settingsRepo.get(this.db.manager, actor.clinicId)) as Partial<ScreeningSettings>,
    );
  }

  async updateSettings(actor: Actor, dto: ScreeningSettingsDto): Promise<ScreeningSettings> {
    const settings = withScoringValidation(() =>
      resolveScreeningSettings({
        auditCCutoff: dto.auditCCutoff,
        auditCFemaleCutoff: dto.auditCFemaleCutoff,
        pcPtsd5CutPoint: dto.pcPtsd5CutPoint,
      }),
    );
    return this.db.transaction(async (em) => {
      await this.settingsRepo.set(em, actor.clinicId, settings);
      await this.audit.success(
        actor,
        'screening.settings.update',
        { resourceType: 'clinic', resourceId: actor.clinicId, details: { ...settings } },
        em,
      );
      this.events.afterCommit(em, new RegistryChangedEvent(actor.clinicId, 'clinic'));
      return settings;
    });
  }

  private async scopedVisit(em: EntityManager, actor: Actor, id: string): Promise<ScreeningVisitRow> {
    const [row] = await this.repo.visits(em, { visitId: id, user: actor }, ENGAGEMENT_RULE);
    if (!row) throw new NotFoundError('Screening', id);
    return row;
  }

  private async visit(em: EntityManager, actor: Actor, id: string): Promise<ScreeningVisitRecord> {
    return toScreeningVisitRecord(await this.scopedVisit(em, actor, id));
  }

  /** A brief screener must be complete (its total decides what comes next). */
  private brief(field: string, instrument: InstrumentId, answers: Answers, context: ScoringContext = {}): Scored {
    const score = withScoringValidation(
      () => scoreAssessment(instrument, answers, context),
      (f) => `${field}.${f.replace(/^answers\./, '')}`,
    );
    if (!score.complete) {
      throw new ValidationError(`${field}.${score.missingItems[0] ?? ''}`, `${field} must answer every item`);
    }
    return { total: score.total, positive: score.positiveScreen, complete: true, answers: score.items as Answers };
  }

  /** A full instrument: stored as an assessment (incomplete forms held for review, as anywhere). */
  private full(
    field: string,
    instrument: InstrumentId,
    answers: Answers,
  ): Scored & { score: ReturnType<typeof scoreAssessment> } {
    if (Object.values(answers).every((v) => v === null || v === undefined)) {
      throw new ValidationError(field, `${field} must hold at least one answered item`);
    }
    const score = withScoringValidation(
      () => scoreAssessment(instrument, answers),
      (f) => `${field}.${f.replace(/^answers\./, '')}`,
    );
    return {
      total: score.total,
      positive: score.positiveScreen,
      complete: score.complete,
      answers: score.items as Answers,
      score,
    };
  }

  private requirePositive(field: string, given: unknown, positive: boolean | null | undefined, what: string): void {
    if (given !== undefined && positive !== true) {
      throw new ValidationError(field, `${field} is given after ${what} on the same visit`);
    }
  }

  private assertPlan(plan: FollowUpPlanDto, visitOn: string, day: ClinicDay, depressionPositive: boolean): void {
    if (!depressionPositive) {
      throw new ValidationError('followUpPlan', 'a follow-up plan is documented for a positive depression screen');
    }
    ClinicCalendar.assertNotFuture(day, plan.on, 'followUpPlan.on');
    if (plan.on < visitOn) throw new ValidationError('followUpPlan.on', 'followUpPlan.on must not be before the visit');
  }

  private async insertAssessment(
    em: EntityManager,
    actor: Actor,
    patientId: string,
    target: ScreeningTarget,
    instrument: InstrumentId,
    administeredOn: string,
    scored: ReturnType<ScreeningService['full']>,
  ): Promise<string> {
    const id = randomUUID();
    await this.audit.success(
      actor,
      'assessment.create',
      { patientId, resourceType: 'assessment', resourceId: id, details: { instrument, via: 'screening' } },
      em,
    );
    const s = scored.score;
    await this.assessments.insert(em, {
      id,
      clinicId: actor.clinicId,
      patientId,
      episodeId: target.episodeId,
      instrument,
      administeredOn,
      source: 'clinic',
      answers: s.items,
      total: s.total,
      severity: s.severity?.code ?? null,
      positiveScreen: s.positiveScreen,
      complete: s.complete,
      safetyRisk: s.safetyRisk,
      enteredBy: actor.id,
    });
    return id;
  }
}
