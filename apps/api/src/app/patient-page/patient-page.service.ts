import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { EpisodeDetail, PatientPageView, RelapsePreventionPlanResponse } from '@huddle/shared-types';
import { AuditService } from '../audit/audit.service';
import { runCompositeRead } from '../audit/composite-read';
import { AccessService } from '../auth/access.service';
import { roleHasPermission, Permission } from '../auth/permissions';
import { DomainError } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { readManager, runInReadSnapshot } from '../database/read-snapshot';
import type { Actor } from '../common/request-actor';
import { AssessmentsService } from '../assessments/assessments.service';
import { BillingService } from '../billing/billing.service';
import { MedicationService } from '../care-record/medication.service';
import { RelapsePlanService } from '../care-record/relapse-plan.service';
import { TimelineService } from '../care-record/timeline.service';
import { ContactsService } from '../contacts/contacts.service';
import { careTeamIds } from '../episodes/episode.mapper';
import { EpisodeRepository } from '../episodes/episode.repository';
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

/** Awaits every promise of `parts` together: the same keys, with their values. */
async function allOf<T extends Record<string, Promise<unknown>>>(parts: T): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const keys = Object.keys(parts) as Array<keyof T>;
  const values = await Promise.all(keys.map((key) => parts[key]));
  return Object.fromEntries(keys.map((key, i) => [key, values[i]])) as { [K in keyof T]: Awaited<T[K]> };
}

/**
 * The patient page in one request (issue #13: a page that needs one patient's data need not cost
 * fifteen requests). Each part is read by the service behind its own route — the same scoping, rules
 * and response shape — inside one composite read: the patient is found in the caller's scope once (404
 * otherwise, before anything else is read), and one audit row `patient.page.read` names the parts read
 * instead of one row per part. The parts share one read snapshot (database/read-snapshot.ts): one
 * connection and one transaction for the whole page, each distinct read sent once, as a prepared
 * statement (`PG_PREPARED_STATEMENTS`).
 */
@Injectable()
export class PatientPageService implements OnModuleInit {
  private parts!: {
    patients: PatientsService;
    episodeRows: EpisodeRepository;
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

  private readonly prepared: boolean;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Optional() @Inject(APP_CONFIG) config: AppConfig | undefined,
    private readonly moduleRef: ModuleRef,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clinicRules: ClinicRulesService,
  ) {
    this.prepared = config?.PG_PREPARED_STATEMENTS ?? false;
  }

  /** The services behind the page's routes, from their own modules (no module exports them all). */
  onModuleInit(): void {
    const get = <T>(type: new (...args: never[]) => T): T => this.moduleRef.get(type, { strict: false });
    this.parts = {
      patients: get(PatientsService),
      episodeRows: get(EpisodeRepository),
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
    const reviews = roleHasPermission(actor.role, Permission.REVIEW_READ);
    // One snapshot for every part: one connection, one REPEATABLE READ transaction, repeats sent once.
    const snapshot = { prepared: this.prepared };
    const {
      value: { page, billingMonth },
      audits,
    } = await runCompositeRead(() =>
      runInReadSnapshot(this.db, snapshot, async () => {
        // The clinic's settings (the flags' rules, time zones) are asked for with the scope check, in its
        // message: the parts find them in the snapshot's memo instead of waiting for a round trip of their own.
        // Their month is the default billing month (the clinic's current one).
        const [, rules] = await Promise.all([
          this.access.requirePatient(actor, patientId, readManager(this.db)),
          this.clinicRules.forClinic(actor.clinicId),
        ]);
        const billingMonth = month ?? rules.month;
        // Every part starts at once (the episode's two wait only for the patient's episodes): their reads
        // go out together, a few round trips for the whole page (read-snapshot.ts, ReadBatch).
        const patient = p.patients.get(actor, patientId);
        // The open episode (else the latest) from the patient's episodes asked for with the parts' first
        // reads, not from the patient's detail (its row, then its episodes, then its PCP's name): the
        // episode's two parts go out a round trip after the first parts instead of three. The detail
        // reads the same statement and finds it in the snapshot's memo.
        const open = p.episodeRows
          .listForPatient(readManager(this.db), patientId)
          .then((episodes) => episodes.find((e) => e.status !== 'discharged') ?? episodes[0]);
        // The episode's care team's names are asked for with the episode itself, from the same row: its
        // detail finds them in the memo instead of sending them a round trip later.
        const episode: Promise<EpisodeDetail | null> = open.then((found) =>
          optional(found !== undefined, async () => {
            const [detail] = await Promise.all([
              p.episodes.get(actor, found?.id ?? ''),
              found && p.episodeRows.staffRefs(readManager(this.db), careTeamIds(found)),
            ]);
            return detail;
          }),
        );
        const relapsePlan: Promise<RelapsePreventionPlanResponse | null> = open.then((found) =>
          optional(found !== undefined, () => p.relapsePlans.get(actor, found?.id ?? '')),
        );
        const parts = await allOf({
          patient,
          episode,
          assessments: p.assessments.list(actor, patientId, {}),
          contacts: p.contacts.list(actor, patientId),
          flags: optional(true, () => p.flags.forPatient(actor, patientId)),
          recommendations: optional(reviews, () => p.recommendations.forPatient(actor, patientId)),
          reviews: optional(reviews, () => p.recommendations.reviewsForPatient(actor, patientId)),
          medicationEvents: optional(true, () => p.medications.events(actor, patientId)),
          medications: optional(true, () => p.medications.list(actor, patientId)),
          flagHistory: optional(true, () => p.flagHistory.forPatient(actor, patientId)),
          revisions: optional(true, () => p.corrections.list(actor, patientId)),
          billing: optional(true, () => p.billing.forPatient(actor, patientId, billingMonth)),
          timeline: optional(true, () => p.timeline.forPatient(actor, patientId, { limit: TIMELINE_FIRST_PAGE })),
          relapsePlan,
          selfReportContact: optional(true, () => p.selfReport.contact(actor, patientId)),
          utilization: optional(true, () => p.utilization.list(actor, patientId)),
        });
        return { page: parts satisfies PatientPageView, billingMonth };
      }),
    );
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
    return page;
  }
}
