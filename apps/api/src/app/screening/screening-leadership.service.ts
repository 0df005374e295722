import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  CHRONIC_CONDITIONS,
  CMS2_RULES,
  COUNTING_FOLLOW_UP_PLAN_KINDS,
  ENGAGEMENT_RULE,
  type ChronicCondition,
} from '@huddle/scoring';
import type {
  Cms2Summary,
  HandoffSummaryRecord,
  IsoDate,
  RateCount,
  ScreeningLeadershipSummary,
  UtilizationByCohort,
  UtilizationCohortCounts,
} from '@huddle/shared-types';
import { AuditService } from '../audit/audit.service';
import { ClinicCalendar } from '../clinics/clinic-calendar.service';
import type { Actor } from '../common/request-actor';
import { ScreeningAggregatesRepository, type UtilizationRow } from './screening-aggregates.repository';
import { cms2Params, utilizationParams } from './screening-params';

export interface Period {
  start: IsoDate;
  end: IsoDate;
}

const rate = (numerator: number, denominator: number): RateCount => ({
  numerator,
  denominator,
  rate: denominator === 0 ? null : numerator / denominator,
});

/**
 * Leadership's screening, CMS2, warm-handoff and utilization aggregates of one clinic (aggregates
 * only, no patient identifiers), for a calendar year of the clinic. SQL in
 * {@link ScreeningAggregatesRepository}, rules and windows from libs/scoring.
 */
@Injectable()
export class ScreeningLeadershipService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: ScreeningAggregatesRepository,
    private readonly calendar: ClinicCalendar,
    private readonly audit: AuditService,
  ) {}

  /** The calendar year `year` (default: the clinic's current one). */
  async period(em: EntityManager, clinicId: string, year?: string): Promise<Period> {
    const y = year ?? (await this.calendar.day(em, clinicId)).today.slice(0, 4);
    return { start: `${y}-01-01`, end: `${y}-12-31` };
  }

  async summary(actor: Actor, year?: string): Promise<ScreeningLeadershipSummary> {
    const em = this.db.manager;
    const period = await this.period(em, actor.clinicId, year);
    const [months, cms2, handoffs] = await Promise.all([
      this.repo.months(em, actor.clinicId, period.start, period.end, CMS2_RULES.followUpWithinDays, [
        ...COUNTING_FOLLOW_UP_PLAN_KINDS,
      ]),
      this.cms2(em, actor.clinicId, period),
      this.handoffs(em, actor.clinicId, period),
    ]);
    await this.audit.success(actor, 'screening.summary', {
      resourceType: 'clinic',
      details: { year: period.start.slice(0, 4) },
    });
    return {
      clinicId: actor.clinicId,
      months: months.map((m) => ({
        month: m.month,
        visits: m.visits,
        patientsScreened: m.patients,
        depressionPositive: m.depression_positive,
        followUpPlanDocumented: m.follow_up,
        anxietyPositive: m.anxiety_positive,
        alcoholPositive: m.alcohol_positive,
        ptsdPositive: m.ptsd_positive,
      })),
      cms2,
      handoffs,
    };
  }

  async utilizationByCohort(actor: Actor, year?: string): Promise<UtilizationByCohort> {
    const em = this.db.manager;
    const period = await this.period(em, actor.clinicId, year);
    const rows = await this.repo.utilization(em, actor.clinicId, period.start, period.end, utilizationParams());
    await this.audit.success(actor, 'utilization.by-cohort', {
      resourceType: 'clinic',
      details: { year: period.start.slice(0, 4) },
    });
    const find = (cohort: string | null, withCondition: boolean | null): UtilizationCohortCounts =>
      toCounts(rows.find((r) => r.cohort === cohort && r.with_condition === withCondition));
    return {
      period,
      all: find(null, null),
      cohorts: (Object.keys(CHRONIC_CONDITIONS) as ChronicCondition[]).map((condition) => ({
        condition,
        label: CHRONIC_CONDITIONS[condition].label,
        with: find(condition, true),
        without: find(condition, false),
      })),
    };
  }

  async cms2(em: EntityManager, clinicId: string, period: Period): Promise<Cms2Summary> {
    const r = await this.repo.cms2(em, clinicId, period.start, period.end, cms2Params());
    const denominator = r.initial_population - r.exclusions - r.exceptions;
    return {
      period,
      initialPopulation: r.initial_population,
      exclusions: r.exclusions,
      exceptions: r.exceptions,
      denominator,
      numerator: r.numerator,
      rate: denominator === 0 ? null : r.numerator / denominator,
    };
  }

  async handoffs(em: EntityManager, clinicId: string, period: Period): Promise<HandoffSummaryRecord> {
    const r = await this.repo.handoffs(em, clinicId, period.start, period.end, ENGAGEMENT_RULE);
    return {
      period,
      referrals: r.referrals,
      warmHandoffs: rate(r.warm, r.referrals),
      medianDaysToFirstContact: r.median_days,
      engaged: rate(r.engaged, r.referrals),
    };
  }

  async utilizationAll(em: EntityManager, clinicId: string, period: Period): Promise<UtilizationCohortCounts> {
    const rows = await this.repo.utilization(em, clinicId, period.start, period.end, {
      ...utilizationParams(),
      cohorts: [],
    });
    return toCounts(rows.find((r) => r.cohort === null));
  }

  patientsScreened(em: EntityManager, clinicId: string, period: Period): Promise<number> {
    return this.repo.patientsScreened(em, clinicId, period.start, period.end);
  }
}

function toCounts(r: UtilizationRow | undefined): UtilizationCohortCounts {
  const patients = r?.patients ?? 0;
  const edVisits = r?.ed_visits ?? 0;
  const indexAdmissions = r?.index_admissions ?? 0;
  const readmissions = r?.readmissions ?? 0;
  return {
    patients,
    edVisits,
    patientsWithEdVisit: r?.patients_with_ed ?? 0,
    edVisitsPer100: patients === 0 ? null : (edVisits * 100) / patients,
    indexAdmissions,
    readmissions,
    readmissionRate: indexAdmissions === 0 ? null : readmissions / indexAdmissions,
  };
}
