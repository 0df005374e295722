import { Inject, Injectable } from '@nestjs/common';
import {
  addDays,
  addMonths,
  caseloadCapacityOf,
  clampFlagThresholds,
  daysBetween,
  explainEmptyMeasure,
  monthBounds,
  toLocalIsoDate,
  type FlagThresholds,
} from '@huddle/scoring';
import type {
  BillingSummary,
  MeasureEmptyReason,
  MeasureId,
  OutcomeTrends,
  ProgramMetrics,
  QualityMeasures,
  QualityMeasureSummary,
  RateCount,
} from '@huddle/shared-types';
import type { AuthUser } from '../auth/auth-user';
import { Clock } from '../auth/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { ReadCache } from '../database/read-cache';
import { RegistryChanges } from '../database/registry-changes.service';
import { ClinicRulesService } from '../registry-sql/clinic-rules.service';
import { ClinicSettingsRepository, type ClinicSettingsRow } from '../registry-sql/clinic-settings.repository';
import { OutcomesRepository, type QualityRow } from './outcomes.repository';
import { NotFoundError } from '../common/errors';

export const rate = (numerator: number, denominator: number): RateCount => ({
  numerator,
  denominator,
  rate: denominator === 0 ? null : numerator / denominator,
});

/**
 * When an outdated outcome is recomputed in the background, as a share of the staleness allowance: late,
 * since under traffic a clinic's outcomes are always outdated and an earlier refresh recomputes them more
 * often (at half, twice as often: +0.6 ms of server CPU per action of the mixed benchmark), yet early
 * enough for the refreshes, one at a time, to finish within the allowance (≈ 67 ms each). Each entry
 * draws its own point between 75 % and 100 % of this (`ReadCache`), so 60–80 % of the allowance.
 */
const REFRESH_AHEAD = 0.8;

/**
 * Leadership outcomes for the caller's clinic: aggregates only, never patient identifiers
 * (clinical-reference.md §Quality measures). All heavy lifting is SQL in {@link OutcomesRepository}.
 */
@Injectable()
export class OutcomesService {
  /** Computed aggregates, until the clinic's data changes (docs/adr/0005-read-caches.md). */
  private readonly results: ReadCache<unknown>;

  constructor(
    private readonly repo: OutcomesRepository,
    private readonly clock: Clock,
    private readonly clinicRules: ClinicRulesService,
    private readonly clinics: ClinicSettingsRepository,
    changes: RegistryChanges,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // Aggregates of a whole clinic: served up to OUTCOMES_MAX_STALENESS_SECONDS after a change, and
    // recomputed in the background from REFRESH_AHEAD of that on, so that readers do not wait for them.
    const maxStaleMs = config.OUTCOMES_MAX_STALENESS_SECONDS * 1000;
    this.results = new ReadCache(changes, { maxStaleMs, refreshAfterMs: maxStaleMs * REFRESH_AHEAD });
  }

  /** Monthly trends ending with the last complete month, or with the current (partial) one when asked. */
  trends(user: AuthUser, months: number, includePartialMonth = false): Promise<OutcomeTrends> {
    return this.cached(user, ['trends', months, includePartialMonth], () =>
      this.computeTrends(user, months, includePartialMonth),
    );
  }

  program(user: AuthUser, asOf?: string): Promise<ProgramMetrics> {
    return this.cached(user, ['program', asOf], () => this.computeProgram(user, asOf));
  }

  quality(user: AuthUser, asOf?: string): Promise<QualityMeasures> {
    return this.cached(user, ['quality', asOf], () => this.computeQuality(user, asOf));
  }

  billing(user: AuthUser, month?: string): Promise<BillingSummary> {
    return this.cached(user, ['billing', month], () => this.computeBilling(user, month));
  }

  /**
   * Aggregates of a clinic are the same for every caller of that clinic; its local "today" moves them too
   * (the default `asOf`, the current month), so it is part of the key.
   */
  private async cached<T>(user: AuthUser, key: unknown[], compute: () => Promise<T>): Promise<T> {
    const { asOf } = await this.clinicRules.forClinic(user.clinicId);
    return (await this.results.get(user.clinicId, JSON.stringify([...key, asOf]), compute)) as T;
  }

  private async computeTrends(user: AuthUser, months: number, includePartialMonth: boolean): Promise<OutcomeTrends> {
    const clinic = await this.clinic(user);
    // The month boundary is the clinic's: its today, in its time zone.
    const today = toLocalIsoDate(this.clock.now().toISOString(), clinic.timezone);
    const current = monthBounds(today.slice(0, 7));
    const lastCompleteMonthEnd = addDays(current.first, -1);
    const lastMonth = includePartialMonth ? current.first : `${lastCompleteMonthEnd.slice(0, 7)}-01`;
    const monthList = Array.from({ length: months }, (_, i) => addMonths(lastMonth, i - months + 1).slice(0, 7));
    const [rows, caseloads] = await Promise.all([
      this.repo.monthlyOutcomes(clinic.id, `${monthList[0] ?? today.slice(0, 7)}-01`, measureThresholds(clinic)),
      this.repo.caseloadSizes(clinic.id),
    ]);
    const names = new Map(caseloads.map((c) => [c.careManagerId, c.careManager]));
    const keys = [null, ...new Set(rows.map((r) => r.careManagerId).filter((id): id is string => id !== null))];
    return {
      clinicId: clinic.id,
      lastCompleteMonth: lastCompleteMonthEnd.slice(0, 7),
      lastCompleteMonthEnd,
      partialMonth: {
        month: today.slice(0, 7),
        throughDate: today,
        daysElapsed: daysBetween(current.first, today) + 1,
        daysInMonth: daysBetween(current.first, current.last) + 1,
        included: includePartialMonth,
      },
      months: monthList,
      series: keys.map((careManagerId) => ({
        careManagerId,
        label: careManagerId === null ? clinic.name : (names.get(careManagerId) ?? 'Former care manager'),
        points: monthList.map((month) => {
          const r = rows.find((x) => x.month === month && x.careManagerId === careManagerId);
          const measured = r?.measured ?? 0;
          return {
            month,
            measured,
            response: rate(r?.response ?? 0, measured),
            remission: rate(r?.remission ?? 0, measured),
            improved: rate(r?.improved ?? 0, measured),
          };
        }),
      })),
    };
  }

  private async computeProgram(user: AuthUser, asOfParam?: string): Promise<ProgramMetrics> {
    const clinic = await this.clinic(user);
    const asOf = asOfParam ?? toLocalIsoDate(this.clock.now().toISOString(), clinic.timezone);
    const [m, caseloads, rules] = await Promise.all([
      this.repo.programMetrics(clinic.id, asOf, clinic.timezone, measureThresholds(clinic)),
      this.repo.caseloadSizes(clinic.id),
      this.clinicRules.forClinic(clinic.id),
    ]);
    return {
      asOf,
      improvementRate: rate(m.improvedNumerator, m.improvedDenominator),
      monthlyContactWithScale: rate(m.contactNumerator, m.contactDenominator),
      consultationRate: rate(m.consultNumerator, m.consultDenominator),
      averageTreatmentDays: m.averageTreatmentDays === null ? null : Math.round(m.averageTreatmentDays),
      dischargedEpisodes: m.dischargedEpisodes,
      // The caseload's own capacity rule (libs/scoring caseloadCapacityOf) with the clinic's setting.
      caseloads: caseloads.map((c) => {
        const capacity = caseloadCapacityOf(rules.thresholds, c.fte);
        return { ...c, capacity, overCapacity: c.openEpisodes > capacity };
      }),
    };
  }

  /**
   * Quality measures with index periods chosen so every window can have closed by `asOf`:
   * DRR-E — the 12 months ending 240 days before `asOf`; CMS159/CBE 1885 — the 12 months ending
   * 14 months before `asOf`.
   */
  private async computeQuality(user: AuthUser, asOfParam?: string): Promise<QualityMeasures> {
    const clinic = await this.clinic(user);
    const asOf = asOfParam ?? toLocalIsoDate(this.clock.now().toISOString(), clinic.timezone);
    const drrEnd = addDays(asOf, -240);
    const drrPeriod = { start: addDays(addMonths(drrEnd, -12), 1), end: drrEnd };
    const yearEnd = addMonths(asOf, -14);
    const yearPeriod = { start: addDays(addMonths(yearEnd, -12), 1), end: yearEnd };
    const [drrRows, yearRows] = await Promise.all([
      this.repo.qualityMeasures(clinic.id, drrPeriod.start, drrPeriod.end, asOf),
      this.repo.qualityMeasures(clinic.id, yearPeriod.start, yearPeriod.end, asOf),
    ]);
    const drr = pick(drrRows, 'DRR_E');
    const year = pick(yearRows, '12M');
    // A measure nobody qualifies for says why (which condition left everyone out), not a bare 0/0.
    const whyEmpty = async (
      row: QualityRow,
      period: { start: string; end: string },
    ): Promise<MeasureEmptyReason | null> =>
      row.denominator > 0
        ? null
        : explainEmptyMeasure({
            ...(await this.repo.qualityFunnel(clinic.id, period.start, period.end)),
            denominator: row.denominator,
            windowNotClosed: row.windowNotClosed,
          });
    const [drrEmpty, yearEmpty] = await Promise.all([whyEmpty(drr, drrPeriod), whyEmpty(year, yearPeriod)]);
    const summary = (
      measureId: MeasureId,
      label: string,
      row: QualityRow,
      numerator: number,
      indexPeriod: { start: string; end: string },
      emptyReason: MeasureEmptyReason | null,
    ): QualityMeasureSummary => ({
      measureId,
      label,
      indexPeriod,
      windowNotClosed: row.windowNotClosed,
      emptyReason,
      ...rate(numerator, row.denominator),
    });
    return {
      asOf,
      measures: [
        summary(
          'HEDIS_DRR_E_FOLLOW_UP',
          'DRR-E follow-up PHQ-9 (120–240 days)',
          drr,
          drr.followUp,
          drrPeriod,
          drrEmpty,
        ),
        summary('HEDIS_DRR_E_RESPONSE', 'DRR-E response (120–240 days)', drr, drr.response, drrPeriod, drrEmpty),
        summary('HEDIS_DRR_E_REMISSION', 'DRR-E remission (120–240 days)', drr, drr.remission, drrPeriod, drrEmpty),
        summary('CMS159_REMISSION_12M', 'CMS159 remission at 12 months', year, year.remission, yearPeriod, yearEmpty),
        summary('CBE1885_RESPONSE_12M', 'CBE 1885 response at 12 months', year, year.response, yearPeriod, yearEmpty),
      ],
    };
  }

  private async computeBilling(user: AuthUser, monthParam?: string): Promise<BillingSummary> {
    const clinic = await this.clinic(user);
    const month = monthParam ?? toLocalIsoDate(this.clock.now().toISOString(), clinic.timezone).slice(0, 7);
    const b = await this.repo.billingSummary(clinic.id, clinic.timezone, month);
    return {
      month,
      patientsWithMinutes: b.patientsWithMinutes,
      totalMinutes: b.totalMinutes,
      codes: [
        { code: '99492', patients: b.cpt99492, units: b.cpt99492 },
        { code: '99493', patients: b.cpt99493, units: b.cpt99493 },
        { code: '99494', patients: b.cpt99494Patients, units: b.cpt99494Units },
        { code: 'G2214', patients: b.g2214, units: b.g2214 },
      ],
      belowThreshold: b.belowThreshold,
    };
  }

  private async clinic(user: AuthUser): Promise<ClinicSettingsRow> {
    const clinic = await this.clinics.find(user.clinicId);
    if (!clinic) throw new NotFoundError('Clinic', user.clinicId);
    return clinic;
  }
}

/**
 * The clinic's measurement thresholds (baseline look-back, response), as its caseload applies them
 * (`ClinicRulesService`: stored values clamped into libs/scoring's bounds).
 */
function measureThresholds(clinic: ClinicSettingsRow): FlagThresholds {
  return clampFlagThresholds(clinic.flagThresholds).thresholds;
}

function pick(rows: QualityRow[], measure: QualityRow['measure']): QualityRow {
  return (
    rows.find((r) => r.measure === measure) ?? {
      measure,
      denominator: 0,
      windowNotClosed: 0,
      followUp: 0,
      remission: 0,
      response: 0,
    }
  );
}
