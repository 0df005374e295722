import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { PatientPageView } from '@huddle/shared-types';
import { AuditService } from '../audit/audit.service';
import { runCompositeRead } from '../audit/composite-read';
import { AccessService } from '../auth/access.service';
import { roleHasPermission, Permission } from '../auth/permissions';
import { DomainError } from '../common/errors';
import type { Actor } from '../common/request-actor';
import { AssessmentsService } from '../assessments/assessments.service';
import { BillingService } from '../billing/billing.service';
import { MedicationService } from '../care-record/medication.service';
import { RelapsePlanService } from '../care-record/relapse-plan.service';
import { TimelineService } from '../care-record/timeline.service';
import { ContactsService } from '../contacts/contacts.service';
import { EpisodesService } from '../episodes/episodes.service';
import { CorrectionsService } from '../flag-lifecycle/corrections.service';
import { FlagHistoryService } from '../flag-lifecycle/flag-history.service';
import { PatientFlagsService } from '../flags/patient-flags.service';
import { PatientsService } from '../patients/patients.service';
import { ClinicRulesService } from '../registry-sql/clinic-rules.service';
import { RecommendationService } from '../review/recommendation.service';
import { SelfReportService } from '../self-report/self-report.service';
import { UtilizationService } from '../screening/utilization.service';

/** The timeline's first page as the page opens it (dashboard care-record.service: limit 50). */
const TIMELINE_FIRST_PAGE = 50;

/** A part the caller may not read, or that does not exist (a DomainError such as 404): null, as the page shows it. */
async function optional<T>(allowed: boolean, read: () => Promise<T>): Promise<T | null> {
  if (!allowed) return null;
  try {
    return await read();
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}

/**
 * The patient page in one request (issue #13: a page that needs one patient's data need not cost
 * fifteen requests). Each part is read by the service behind its own route — the same scoping, rules
 * and response shape — concurrently, inside one composite read: the patient is found in the caller's
 * scope once (404 otherwise, before anything else is read), and one audit row `patient.page.read`
 * names the parts read instead of one row per part.
 */
@Injectable()
export class PatientPageService implements OnModuleInit {
  private parts!: {
    patients: PatientsService;
    episodes: EpisodesService;
    assessments: AssessmentsService;
    contacts: ContactsService;
    flags: PatientFlagsService;
    recommendations: RecommendationService;
    medications: MedicationService;
    flagHistory: FlagHistoryService;
    corrections: CorrectionsService;
    billing: BillingService;
    timeline: TimelineService;
    relapsePlans: RelapsePlanService;
    selfReport: SelfReportService;
    utilization: UtilizationService;
  };

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clinicRules: ClinicRulesService,
  ) {}

  /** The services behind the page's routes, from their own modules (no module exports them all). */
  onModuleInit(): void {
    const get = <T>(type: new (...args: never[]) => T): T => this.moduleRef.get(type, { strict: false });
    this.parts = {
      patients: get(PatientsService),
      episodes: get(EpisodesService),
      assessments: get(AssessmentsService),
      contacts: get(ContactsService),
      flags: get(PatientFlagsService),
      recommendations: get(RecommendationService),
      medications: get(MedicationService),
      flagHistory: get(FlagHistoryService),
      corrections: get(CorrectionsService),
      billing: get(BillingService),
      timeline: get(TimelineService),
      relapsePlans: get(RelapsePlanService),
      selfReport: get(SelfReportService),
      utilization: get(UtilizationService),
    };
  }

  /**
   * @param month the billing month (clinic calendar); default the clinic's current month.
   * @throws NotFoundError (404) when the patient is unknown or outside the caller's scope.
   */
  async page(actor: Actor, patientId: string, month?: string): Promise<PatientPageView> {
    const p = this.parts;
    const billingMonth = month ?? (await this.clinicRules.forClinic(actor.clinicId)).month;
    const reviews = roleHasPermission(actor.role, Permission.REVIEW_READ);
    const { value, audits } = await runCompositeRead(async () => {
      await this.access.requirePatient(actor, patientId);
      const patient = await p.patients.get(actor, patientId);
      const open = patient.episodes.find((e) => e.status !== 'discharged') ?? patient.episodes[0];
      const [
        episode,
        assessments,
        contacts,
        flags,
        recommendations,
        reviewList,
        medicationEvents,
        medications,
        flagHistory,
        revisions,
        billing,
        timeline,
        relapsePlan,
        selfReportContact,
        utilization,
      ] = await Promise.all([
        optional(open !== undefined, () => p.episodes.get(actor, open?.id ?? '')),
        p.assessments.list(actor, patientId, {}),
        p.contacts.list(actor, patientId),
        optional(true, () => p.flags.forPatient(actor, patientId)),
        optional(reviews, () => p.recommendations.forPatient(actor, patientId)),
        optional(reviews, () => p.recommendations.reviewsForPatient(actor, patientId)),
        optional(true, () => p.medications.events(actor, patientId)),
        optional(true, () => p.medications.list(actor, patientId)),
        optional(true, () => p.flagHistory.forPatient(actor, patientId)),
        optional(true, () => p.corrections.list(actor, patientId)),
        optional(true, () => p.billing.forPatient(actor, patientId, billingMonth)),
        optional(true, () => p.timeline.forPatient(actor, patientId, { limit: TIMELINE_FIRST_PAGE })),
        optional(open !== undefined, () => p.relapsePlans.get(actor, open?.id ?? '')),
        optional(true, () => p.selfReport.contact(actor, patientId)),
        optional(true, () => p.utilization.list(actor, patientId)),
      ]);
      return {
        patient,
        episode,
        assessments,
        contacts,
        flags,
        recommendations,
        reviews: reviewList,
        medicationEvents,
        medications,
        flagHistory,
        revisions,
        billing,
        timeline,
        relapsePlan,
        selfReportContact,
        utilization,
      } satisfies PatientPageView;
    });
    await this.audit.success(actor, 'patient.page.read', {
      patientId,
      resourceType: 'patient',
      resourceId: patientId,
      details: {
        month: billingMonth,
        parts: audits.map((a) => ({
          action: a.action,
          resourceType: a.resourceType ?? null,
          resourceId: a.resourceId ?? null,
        })),
      },
    });
    return value;
  }
}
