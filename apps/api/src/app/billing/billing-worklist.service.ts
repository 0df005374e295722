import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { computeMonthlyBilling, notBillableReason, type BillingTimeEntry } from '@huddle/scoring';
import type { BillingWorklist, BillingWorklistRow, CptCode } from '@huddle/shared-types';
import { AuditService } from '../audit/audit.service';
import { ClinicRepository } from '../clinics/clinic.repository';
import type { Actor } from '../common/request-actor';
import { BillingRepository } from './billing.repository';
import { toBillingEpisode } from './billing.service';
import { toXlsx } from '../exports/table-export';
import { billingWorklistCsv, billingWorklistTable } from './billing-worklist.csv';

/**
 * The clinic's monthly CoCM billing worklist (issue #11): every patient with a billing episode in the
 * month, with care manager, billing practitioner, countable minutes, codes and — when a claim cannot
 * be submitted — why. Same SQL minutes and libs/scoring coding as `BillingService.monthly`, over the
 * whole clinic (`Permission.BILLING_WORKLIST_READ`). Each read is audited as a list read of the
 * patients shown (docs/adr/0007-billing-worklist-access.md).
 */
@Injectable()
export class BillingWorklistService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly billing: BillingRepository,
    private readonly clinics: ClinicRepository,
    private readonly audit: AuditService,
  ) {}

  /** `GET /billing/worklist?month=`. */
  worklist(actor: Actor, month: string): Promise<BillingWorklist> {
    return this.read(actor, month, 'json');
  }

  /** `GET /billing/worklist.csv?month=`: the same rows as CSV, one line per patient after a header. */
  async csv(actor: Actor, month: string): Promise<string> {
    return billingWorklistCsv(await this.read(actor, month, 'csv'));
  }

  /** The worklist as an Excel workbook (the CSV's columns; `exports/table-export.ts`). */
  async xlsx(actor: Actor, month: string): Promise<Buffer> {
    return toXlsx([billingWorklistTable(await this.read(actor, month, 'xlsx'))]);
  }

  private read(actor: Actor, month: string, format: 'json' | 'csv' | 'xlsx'): Promise<BillingWorklist> {
    return this.db.transaction(async (em) => {
      const timeZone = await this.clinics.timeZone(em, actor.clinicId);
      const rows = await this.billing.monthlyMinutes(em, actor, month, timeZone, 'clinic worklist');
      const patients = rows.map((row): BillingWorklistRow => {
        const aggregated: BillingTimeEntry = {
          staffId: 'aggregate',
          startAt: row.windowStart.toISOString(),
          minutes: row.minutes,
        };
        const result = computeMonthlyBilling([aggregated], toBillingEpisode(row, month), month, timeZone);
        const reason = notBillableReason({
          minutes: result.countableMinutes,
          lines: result.lines,
          hasBillingPractitioner: row.billingPcpId !== null,
        });
        return {
          patientId: row.patientId,
          mrn: row.mrn,
          givenName: row.givenName,
          familyName: row.familyName,
          episodeId: row.episodeId,
          careManager: row.careManagerName,
          billingPcp: row.billingPcpName,
          minutes: result.countableMinutes,
          isFirstMonth: result.isFirstMonth,
          lines: reason?.code === 'NO_BILLING_PRACTITIONER' ? [] : result.lines,
          billable: reason === null,
          notBillableReason: reason?.code ?? null,
          notBillableText: reason?.text ?? null,
        };
      });
      await this.audit.success(
        actor,
        format !== 'json' ? 'billing.worklist.export' : 'billing.worklist.read',
        {
          resourceType: 'billing',
          details: { month, format, patients: patients.length },
          patientIds: patients.map((p) => p.patientId),
        },
        em,
      );
      return { month, timeZone, patients, totals: worklistTotals(patients) };
    });
  }
}

function worklistTotals(patients: BillingWorklistRow[]): BillingWorklist['totals'] {
  const units: Partial<Record<CptCode, number>> = {};
  for (const line of patients.flatMap((p) => p.lines)) units[line.code] = (units[line.code] ?? 0) + line.units;
  return {
    patients: patients.length,
    billablePatients: patients.filter((p) => p.billable).length,
    minutes: patients.reduce((sum, p) => sum + p.minutes, 0),
    units,
  };
}
