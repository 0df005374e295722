import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { computeMonthlyBilling, monthBounds, type BillingEpisode, type BillingTimeEntry } from '@huddle/scoring';
import type { CptCode, MonthlyBillingReport, MonthlyBillingRow, PatientMonthlyBilling } from '@huddle/shared-types';
import { AuditService } from '../audit/audit.service';
import { AccessService } from '../auth/access.service';
import { ClinicRepository } from '../clinics/clinic.repository';
import type { Actor } from '../common/request-actor';
import { BillingRepository, type BillingEpisodeRow } from './billing.repository';
import { readTransaction } from '../database/read-snapshot';

/**
 * CoCM billing per calendar month in the clinic's time zone (clinical-reference.md §Billing), using
 * `@huddle/scoring` `computeMonthlyBilling`: care-manager minutes between consent and discharge,
 * overlapping entries of one staff member counted once, then 99492/99493/99494/G2214.
 */
@Injectable()
export class BillingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly billing: BillingRepository,
    private readonly clinics: ClinicRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /** One patient's month, from their time entries (a handful of rows) passed to libs/scoring. */
  async forPatient(actor: Actor, patientId: string, month: string): Promise<PatientMonthlyBilling> {
    return readTransaction(this.db, async (em) => {
      await this.access.requirePatient(actor, patientId, em);
      const timeZone = await this.clinics.timeZone(em, actor.clinicId);
      const episode = await this.billing.billingEpisode(em, patientId, month);
      const rows = episode ? await this.billing.entries(em, episode.episodeId, month, timeZone) : [];
      const entries: BillingTimeEntry[] = rows.map((row) => ({
        staffId: row.staffId,
        staffRole: row.staffRole,
        startAt: row.startedAt.toISOString(),
        minutes: row.minutes,
      }));
      const result = computeMonthlyBilling(entries, toBillingEpisode(episode, month), month, timeZone);
      await this.audit.success(
        actor,
        'billing.patient.read',
        {
          patientId,
          resourceType: 'billing',
          details: { month },
        },
        em,
      );
      return {
        ...result,
        patientId,
        episodeId: result.withinEpisode && episode ? episode.episodeId : null,
        loggedMinutes: rows.reduce((sum, row) => sum + row.minutes, 0),
      };
    });
  }

  /**
   * Every patient in the caller's scope with an episode in the month. Minutes are aggregated per
   * patient in SQL; libs/scoring then codes each patient from one aggregated entry (already merged
   * and clipped, so its own clipping changes nothing).
   */
  async monthly(actor: Actor, month: string): Promise<MonthlyBillingReport> {
    return this.db.transaction(async (em) => {
      const timeZone = await this.clinics.timeZone(em, actor.clinicId);
      const rows = await this.billing.monthlyMinutes(em, actor, month, timeZone);
      const patients: MonthlyBillingRow[] = rows.map((row) => {
        const aggregated: BillingTimeEntry = {
          staffId: 'aggregate',
          startAt: row.windowStart.toISOString(),
          minutes: row.minutes,
        };
        const result = computeMonthlyBilling([aggregated], toBillingEpisode(row, month), month, timeZone);
        return {
          patientId: row.patientId,
          mrn: row.mrn,
          givenName: row.givenName,
          familyName: row.familyName,
          episodeId: row.episodeId,
          careManagerId: row.careManagerId,
          countableMinutes: result.countableMinutes,
          isFirstMonth: result.isFirstMonth,
          lines: result.lines,
          eligibleCodes: result.eligibleCodes,
          nextThreshold: result.nextThreshold,
        };
      });
      await this.audit.success(
        actor,
        'billing.monthly.read',
        {
          resourceType: 'billing',
          details: { month },
          patientIds: patients.map((p) => p.patientId),
        },
        em,
      );
      return { month, timeZone, patients, totals: totals(patients) };
    });
  }
}

/** The scoring library's episode shape; no episode = no consent, so nothing in the month counts. */
export function toBillingEpisode(episode: BillingEpisodeRow | null, month: string): BillingEpisode {
  if (!episode) return { startDate: monthBounds(month).first, consentDate: null };
  return {
    startDate: episode.startOn,
    consentDate: episode.consentOn,
    dischargeDate: episode.dischargedOn,
    continuesEarlierEpisode: episode.continuesEarlierEpisode,
  };
}

function totals(patients: MonthlyBillingRow[]): MonthlyBillingReport['totals'] {
  const units: Partial<Record<CptCode, number>> = {};
  for (const line of patients.flatMap((p) => p.lines)) units[line.code] = (units[line.code] ?? 0) + line.units;
  return { patients: patients.length, billablePatients: patients.filter((p) => p.lines.length > 0).length, units };
}
