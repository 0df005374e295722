import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  CMS159_VALUE_SETS,
  cms159IdentificationPeriod,
  DEPRESSION_INDEX_PHQ9_ABOVE,
  DEPRESSION_OUTCOME_RULES,
  evaluateCms159Patient,
  summarizeCms159,
  type Cms159Counts,
  type Cms159ValueSet,
} from '@huddle/scoring';
import type { Cms159StratumCounts, Cms159Summary } from '@huddle/shared-types';
import { AccessService, type SqlFragment } from '../auth/access.service';
import { Clock } from '../auth/clock';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../common/request-actor';
import { FhirError, invalidParameter, resourceNotFound } from '../fhir/fhir-errors';
import { Cms159Repository } from './cms159.repository';
import { CMS159_MEASURE_URL, cms159MeasureReport, countsOf, type FhirMeasureReport } from './measure-report';
import { ValueSetCatalog } from './value-set.catalog';

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const PATIENT_REF = /^Patient\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The query of `$evaluate-measure`, as sent. */
export interface EvaluateMeasureQuery {
  periodStart?: unknown;
  periodEnd?: unknown;
  subject?: unknown;
}

/**
 * `Measure/CMS159/$evaluate-measure` (issue #15): Huddle's CMS159 over the patients in the caller's
 * scope (libs/scoring evaluateCms159Patient, the eCQM's definitions) for a selectable measurement period,
 * as a summary MeasureReport, or an individual one with `subject=Patient/<id>` (another clinic's or
 * caseload's patient: 404). Audited as `fhir.measure.evaluate` (period, type, counts; patient ids).
 */
@Injectable()
export class Cms159Service {
  constructor(
    private readonly repository: Cms159Repository,
    private readonly valueSets: ValueSetCatalog,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async evaluate(actor: Actor, query: EvaluateMeasureQuery): Promise<FhirMeasureReport> {
    // Malformed values are named before missing ones, so the answer names what is wrong in the request.
    const start = query.periodStart === undefined ? undefined : isoDate(query.periodStart, 'periodStart');
    const end = query.periodEnd === undefined ? undefined : isoDate(query.periodEnd, 'periodEnd');
    let subjectId: string | null = null;
    if (query.subject !== undefined) {
      const match = typeof query.subject === 'string' ? PATIENT_REF.exec(query.subject) : null;
      if (!match?.[1]) throw invalidParameter('subject', 'must be Patient/<id>');
      subjectId = match[1].toLowerCase();
    }
    if (start === undefined) throw invalidParameter('periodStart', 'is required (YYYY-MM-DD)');
    if (end === undefined) throw invalidParameter('periodEnd', 'is required (YYYY-MM-DD)');
    const [periodStart, periodEnd] = [start, end];
    if (periodEnd < periodStart) throw invalidParameter('periodEnd', 'must not be before periodStart');
    if (subjectId && !(await this.repository.inScope(this.access.patientScope(actor, 'p', 1), subjectId))) {
      throw resourceNotFound('Patient', subjectId);
    }
    const missing = this.valueSets.missing(Object.values(CMS159_VALUE_SETS));
    if (missing.length > 0) {
      throw new FhirError(422, 'not-supported', `value sets not loaded: ${missing.join(', ')}`);
    }
    const { results, summary } = await this.compute(this.access.patientScope(actor, 'p', 4), periodStart, subjectId);
    const report = cms159MeasureReport({
      id: randomUUID(),
      type: subjectId ? 'individual' : 'summary',
      subjectId,
      period: { start: periodStart, end: periodEnd },
      generatedAt: this.clock.now(),
      total: subjectId ? countsOf(results[0]) : summary.total,
      strata: summary.strata,
    });
    const evaluated = results.filter((r) => r.initialPopulation).map((r) => r.patientId);
    await this.audit.success(actor, 'fhir.measure.evaluate', {
      resourceType: 'MeasureReport',
      resourceId: report.id,
      ...(subjectId ? { patientId: subjectId } : { patientIds: evaluated }),
      details: { measure: 'CMS159', type: report.type, periodStart, periodEnd, counts: summary.total },
    });
    return report;
  }

  /**
   * `GET /api/outcomes/cms159` (leadership, `outcomes:read`): the same evaluation over every patient of
   * the caller's clinic for calendar year `year` — counts per stratum only, no patient. Audited as
   * `outcomes.cms159` with the patients evaluated (an aggregate over PHI).
   */
  async clinicSummary(actor: Actor, year: number): Promise<Cms159Summary> {
    const periodStart = `${year}-01-01`;
    const periodEnd = `${year}-12-31`;
    const missing = this.valueSets.missing(Object.values(CMS159_VALUE_SETS));
    if (missing.length > 0) {
      // A deployment without the measure's value sets (MEASURE_VALUE_SETS_DIR): said, not guessed.
      const unavailable = `The CMS159 value sets are not loaded (MEASURE_VALUE_SETS_DIR): ${missing.length} missing.`;
      return { measure: 'CMS159', measureUrl: CMS159_MEASURE_URL, periodStart, periodEnd, strata: [], unavailable };
    }
    const { results, summary } = await this.compute(this.access.clinicAggregateScope(actor, 'p', 4), periodStart, null);
    await this.audit.success(actor, 'outcomes.cms159', {
      resourceType: 'measure',
      patientIds: results.filter((r) => r.initialPopulation).map((r) => r.patientId),
      details: { measure: 'CMS159', periodStart, periodEnd, counts: summary.total },
    });
    const stratum = (key: Cms159StratumCounts['stratum'], counts: Cms159Counts): Cms159StratumCounts => {
      const eligible = counts.denominator - counts.denominatorExclusion;
      return { stratum: key, ...counts, rate: eligible > 0 ? counts.numerator / eligible : null };
    };
    return {
      measure: 'CMS159',
      measureUrl: CMS159_MEASURE_URL,
      periodStart,
      periodEnd,
      strata: [stratum('all', summary.total), stratum('12-17', summary.strata[1]), stratum('18+', summary.strata[2])],
    };
  }

  /** Evaluates the candidates of `scope` (parameters from `$5`) for a measurement period starting `periodStart`. */
  private async compute(scope: SqlFragment, periodStart: string, subjectId: string | null) {
    // An index assessment lies at most 7 days before a depression encounter that ends in the
    // identification period: none can be later than that period's last day.
    const lastIndexDay = cms159IdentificationPeriod(periodStart).end;
    const patients = await this.repository.candidates(
      scope,
      DEPRESSION_OUTCOME_RULES.instrumentId,
      DEPRESSION_INDEX_PHQ9_ABOVE,
      lastIndexDay,
      subjectId,
    );
    const inValueSet = (set: Cms159ValueSet, system: string, code: string): boolean =>
      this.valueSets.contains(CMS159_VALUE_SETS[set], system, code);
    const results = patients.map((patient) => evaluateCms159Patient(patient, periodStart, inValueSet));
    return { results, summary: summarizeCms159(results) };
  }
}

function isoDate(value: unknown, name: string): string {
  if (value === '') throw invalidParameter(name, 'is required (YYYY-MM-DD)');
  if (typeof value !== 'string' || !ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw invalidParameter(name, 'must be a date YYYY-MM-DD');
  }
  if (value < '1900-01-01' || value > '2999-12-31') throw invalidParameter(name, 'must be between 1900 and 2999');
  return value;
}
