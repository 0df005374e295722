import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import type {
  BillingSummary,
  BillingWorklist,
  CaseloadPage,
  ClinicOverview,
  OutcomeTrends,
  PatientReviewSummary,
  ProgramMetrics,
  QualityMeasures,
  ReviewAgenda,
} from '@huddle/shared-types';
import { ReviewAgendaService } from '../../src/app/review/review-agenda.service';
import { api, freezeClock } from '../registry-helpers';
import { createTestApp, type TestApp } from '../test-app';
import { Differences, KNOWN_DIVERGENCES } from './differences';
import { ClinicOracle, qualityPeriods } from './oracle';
import { registryArbitrary } from './registry.arbitrary';
import { loadClinic, signIn } from './registry.loader';
import type { ClinicRows, GeneratedRegistry } from './registry.model';

/**
 * The differential harness (issue #12): fast-check generates whole registries, each is loaded into
 * the real test PostgreSQL as fresh clinics, and every figure the API returns must equal what
 * libs/scoring computes from the same raw rows (see README.md in this folder).
 *
 * HUDDLE_DIFF_RUNS=<n> runs more registries (default 200); HUDDLE_DIFF_SEED=<seed> and
 * HUDDLE_DIFF_PATH=<path> replay a failure (both are printed with it); HUDDLE_DIFF_SHRINK=1 shrinks
 * a failing registry to a minimal one (slow: each step loads a registry); HUDDLE_DIFF_DUMP=<file> writes
 * the rows of a failing registry to that file as JSON.
 */
const RUNS = Number(process.env['HUDDLE_DIFF_RUNS'] ?? 200);
const SEED = process.env['HUDDLE_DIFF_SEED'] === undefined ? undefined : Number(process.env['HUDDLE_DIFF_SEED']);
const PATH = process.env['HUDDLE_DIFF_PATH'];
const SHRINK = process.env['HUDDLE_DIFF_SHRINK'] === '1';
const TREND_MONTHS = 36;
const BILLING_MONTHS = 2;
/** Review summaries read per clinic (the caseload already compares every open episode's scores and flags). */
const SUMMARIES_PER_CLINIC = 2;

describe('differential: every API figure equals libs/scoring on generated registries', () => {
  let t: TestApp;
  let http: ReturnType<typeof api>;
  const known = new Map<string, number>();
  let checked = 0;

  beforeAll(async () => {
    t = await createTestApp();
    // Listening once lets supertest run requests concurrently (it would otherwise bind and close the
    // server around each request).
    await t.app.listen(0, '127.0.0.1');
    http = api(t);
  });
  afterAll(() => t.close());

  it(`agrees on ${RUNS} registries`, async () => {
    await fc.assert(
      fc.asyncProperty(registryArbitrary, async (registry) => {
        const diff = new Differences(registry.label);
        await compareRegistry(registry, diff);
        checked += diff.checked;
        for (const [figure, n] of diff.known) known.set(figure, (known.get(figure) ?? 0) + n);
        const dump = process.env['HUDDLE_DIFF_DUMP'];
        if (dump && diff.mismatches.length > 0) writeFileSync(dump, JSON.stringify(registry, null, 1));
        diff.assertNone();
      }),
      { numRuns: RUNS, seed: SEED, path: PATH, endOnFailure: !SHRINK, verbose: true },
    );
    // The harness must actually compare (a generator that produced nothing would pass vacuously).
    expect(checked).toBeGreaterThan(RUNS * 20);
    // The agenda's SQL placement never fell back to ranking in Node (that fallback would hide a difference).
    expect(t.app.get(ReviewAgendaService).placementMismatches).toBe(0);
    if (process.env['HUDDLE_DIFF_PROFILE'] === '1') {
      process.stdout.write(
        `differential timings (ms): ${JSON.stringify(Object.fromEntries([...timings].map(([k, v]) => [k, Math.round(v)])))}\n`,
      );
    }
    if (known.size > 0) {
      // Reported, not failed: the issue #12 items another branch fixes (KNOWN_DIVERGENCES).
      process.stdout.write(
        `differential: known divergences skipped — ${[...known].map(([f, n]) => `${f} ×${n} (${KNOWN_DIVERGENCES.get(f)})`).join('; ')}\n`,
      );
    }
  }, 900_000);

  async function compareRegistry(registry: GeneratedRegistry, diff: Differences): Promise<void> {
    freezeClock(t, registry.now);
    const started = performance.now();
    for (const clinic of registry.clinics) await loadClinic(t.db, clinic);
    timings.set('load', (timings.get('load') ?? 0) + performance.now() - started);
    const agendaService = t.app.get(ReviewAgendaService);
    const fallbacksBefore = agendaService.placementMismatches;
    await Promise.all(registry.clinics.map((clinic) => compareClinic(clinic, diff)));
    // A page the library placed differently from SQL falls back to ranking in Node (right answer, hidden
    // difference): any fallback fails the registry.
    diff.check(
      'agenda.placement',
      'pages whose SQL placement differed from libs/scoring',
      agendaService.placementMismatches - fallbacksBefore,
      0,
    );
  }

  const timings = new Map<string, number>();
  async function get<T>(path: string, auth: string, query: Record<string, string | number> = {}): Promise<T> {
    const started = performance.now();
    const res = await http.get(path, auth).query(query);
    const key = path.replace(/[0-9a-f-]{36}/g, ':id');
    timings.set(key, (timings.get(key) ?? 0) + performance.now() - started);
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as T;
  }

  async function compareClinic(clinic: ClinicRows, diff: Differences): Promise<void> {
    const auth = await signIn(t, clinic);
    const o = new ClinicOracle(clinic);
    const mrn = new Map(clinic.patients.map((p) => [p.id, p.mrn]));
    const at = (what: string): string => `clinic ${clinic.timeZone} today ${clinic.asOf}, ${what}`;
    const authOf = (id: string | undefined): string => {
      const header = id === undefined ? undefined : auth.get(id);
      if (!header) throw new Error('no session for a staff member');
      return header;
    };
    const consultant = authOf(o.staff('psychiatric_consultant')[0]?.id);
    const leadership = authOf(o.staff('leadership')[0]?.id);

    // The figures are independent reads: issue them concurrently (PostgreSQL works while Node compares).
    await Promise.all([
      caseload(),
      reviewAgenda(),
      patientMeasures(),
      programMetrics(),
      qualityMeasures(),
      outcomeTrends(),
      billing(),
      overview(),
    ]);

    // Caseload rows (scores, change, weeks, contacts, reviews, minutes, flags) and capacity, per care manager.
    async function caseload(): Promise<void> {
      await Promise.all(
        o.staff('care_manager').map(async (cm) => {
          const page = await get<CaseloadPage>('/api/caseload', authOf(cm.id), { pageSize: 100 });
          const expected = o.openEpisodes().filter((e) => e.careManagerId === cm.id);
          diff.check(
            'caseload.episodes',
            at(`caseload of ${cm.displayName}`),
            page.items.map((r) => r.episodeId).sort(),
            expected.map((e) => e.id).sort(),
          );
          for (const e of expected) {
            const row = page.items.find((r) => r.episodeId === e.id);
            if (!row) continue;
            const want = o.caseloadRow(e);
            const where = at(`caseload row of patient ${mrn.get(e.patientId)}`);
            diff.check(
              'caseload.status',
              where,
              [row.episodeStatus, row.enrolledAt],
              [want.episodeStatus, want.enrolledAt],
            );
            diff.check('caseload.phq9', where, row.phq9, want.phq9);
            diff.check('caseload.gad7', where, row.gad7, want.gad7);
            diff.check('caseload.weeksInTreatment', where, row.weeksInTreatment, want.weeksInTreatment);
            diff.check('caseload.lastContactAt', where, row.lastContactAt, want.lastContactAt);
            diff.check('caseload.lastReviewAt', where, row.lastReviewAt, want.lastReviewAt);
            diff.check('caseload.minutesThisMonth', where, row.minutesThisMonth, want.minutesThisMonth);
            diff.check('caseload.flags', where, row.flags, want.flags);
            diff.check(
              'caseload.safety',
              where,
              [row.safety, row.reviewRequested],
              [want.safety, want.reviewRequested],
            );
          }
          const cap = o.capacity(cm);
          diff.check(
            'caseload.capacity',
            at(`capacity of ${cm.displayName} (${cm.fte} FTE)`),
            {
              activePatients: page.capacity.activePatients,
              overCapacity: page.capacity.overCapacity,
              flag: page.capacity.flag,
            },
            cap,
          );
        }),
      );
    }

    // The consultant's agenda of this week: order, buckets, reasons, cut-off — placed and ordered in SQL
    // (agendaSqlInputs), so the whole agenda, its section counts and progress, and a page cut out of
    // the middle must all be the library's.
    async function reviewAgenda(): Promise<void> {
      const expected = o.agenda().map(({ patientId, ...rest }) => ({ patient: mrn.get(patientId), ...rest }));
      const agenda = await get<ReviewAgenda>('/api/review/agenda', consultant);
      const shown = (lines: ReviewAgenda['lines']) =>
        lines.map((l) => ({
          patient: mrn.get(l.patientId),
          bucket: l.bucket,
          reason: l.reason,
          daysSinceLastReview: l.daysSinceLastReview,
          dueThisWeek: l.dueThisWeek,
          lastReviewedAt: l.lastReviewedAt,
          reviewedThisWeek: l.reviewedThisWeek,
        }));
      diff.check('agenda.lines', at('review agenda'), shown(agenda.lines), expected);
      const due = expected.filter((line) => line.dueThisWeek);
      diff.check(
        'agenda.sections',
        at('review agenda sections and progress'),
        { sections: agenda.sections, progress: agenda.progress, ranks: agenda.lines.map((l) => l.rank) },
        {
          sections: { due: due.length, notDue: expected.length - due.length },
          progress: { reviewed: due.filter((line) => line.reviewedThisWeek).length, total: due.length },
          ranks: expected.map((_, index) => index + 1),
        },
      );
      if (expected.length >= 2) {
        const page = await get<ReviewAgenda>('/api/review/agenda', consultant, { limit: 2, offset: 1 });
        diff.check(
          'agenda.page',
          at('review agenda, lines 2–3'),
          { lines: shown(page.lines), ranks: page.lines.map((l) => l.rank), sections: page.sections },
          {
            lines: expected.slice(1, 3),
            ranks: expected.slice(1, 3).map((_, index) => index + 2),
            sections: agenda.sections,
          },
        );
      }
    }

    // Patient measures (computeEpisodeMeasures) and the full flags with evidence, per open episode.
    async function patientMeasures(): Promise<void> {
      await Promise.all(
        o
          .openEpisodes()
          .slice(0, SUMMARIES_PER_CLINIC)
          .map(async (e) => {
            const summary = await get<PatientReviewSummary>(`/api/review/patients/${e.patientId}/summary`, consultant);
            const where = at(`review summary of patient ${mrn.get(e.patientId)}`);
            diff.check('patient.phq9Measures', where, summary.phq9.measures, o.episodeMeasures(e, 'PHQ9'));
            diff.check('patient.gad7Measures', where, summary.gad7.measures, o.episodeMeasures(e, 'GAD7'));
            diff.check('patient.flags', where, summary.flags, o.flags(e));
          }),
      );
    }

    // Program metrics.
    async function programMetrics(): Promise<void> {
      const program = await get<ProgramMetrics>('/api/outcomes/program', leadership);
      const p = o.program();
      const count = (r: { numerator: number; denominator: number }) => ({
        numerator: r.numerator,
        denominator: r.denominator,
      });
      diff.check(
        'program.improvementRate',
        at('program metrics'),
        count(program.improvementRate),
        count(p.improvementRate),
      );
      diff.check(
        'program.consultationRate',
        at('program metrics'),
        count(program.consultationRate),
        count(p.consultationRate),
      );
      diff.check(
        'program.monthlyContactWithScale',
        at('program metrics'),
        count(program.monthlyContactWithScale),
        count(p.monthlyContactWithScale),
      );
      diff.check(
        'program.averageTreatment',
        at('program metrics'),
        { days: program.averageTreatmentDays, episodes: program.dischargedEpisodes },
        {
          days: p.averageTreatment.rate === null ? null : Math.round(p.averageTreatment.rate),
          episodes: p.averageTreatment.denominator,
        },
      );
      diff.check(
        'program.caseloads',
        at('program caseloads'),
        program.caseloads.map((c) => ({ id: c.careManagerId, patients: c.openEpisodes, overCapacity: c.overCapacity })),
        o
          .staff('care_manager')
          .sort((a, b) => a.displayName.localeCompare(b.displayName))
          .map((cm) => {
            const cap = o.capacity(cm);
            return { id: cm.id, patients: cap.activePatients, overCapacity: cap.overCapacity };
          }),
      );
    }

    // Quality measures (DRR-E, CMS159, CBE 1885).
    async function qualityMeasures(): Promise<void> {
      const quality = await get<QualityMeasures>('/api/outcomes/quality', leadership);
      const expectedQuality = o.quality();
      const periods = qualityPeriods(o.asOf);
      for (const m of quality.measures) {
        const lib = expectedQuality[m.measureId];
        if (!lib) {
          diff.check('quality.measureIds', at('quality'), m.measureId, null);
          continue;
        }
        diff.check(
          `quality.${m.measureId}`,
          at(`quality ${m.measureId}`),
          {
            numerator: m.numerator,
            denominator: m.denominator,
            windowNotClosed: m.windowNotClosed,
            indexPeriod: m.indexPeriod,
          },
          {
            numerator: lib.numerator,
            denominator: lib.denominator,
            windowNotClosed: lib.patients.filter((x) => x.reasonCode === 'WINDOW_NOT_CLOSED').length,
            indexPeriod: m.measureId.startsWith('HEDIS') ? periods.drrE : periods.year,
          },
        );
      }
    }

    // Outcome trends per month, clinic-wide and per care manager.
    async function outcomeTrends(): Promise<void> {
      const trends = await get<OutcomeTrends>('/api/outcomes/trends', leadership, { months: TREND_MONTHS });
      const months = o.trendMonths(TREND_MONTHS);
      diff.check('trends.months', at('trends'), trends.months, months);
      const expectedTrends = o.trends(months);
      const keys = new Set([null, ...o.staff('care_manager').map((s) => s.id)]);
      for (const key of keys) {
        const series = trends.series.find((s) => s.careManagerId === key);
        for (const month of months) {
          const point = series?.points.find((x) => x.month === month);
          const want = expectedTrends.get(`${month}|${key ?? 'clinic'}`) ?? {
            measured: 0,
            response: 0,
            remission: 0,
            improved: 0,
          };
          diff.check(
            'trends.points',
            at(`trends ${month} ${key === null ? 'clinic' : 'care manager'}`),
            {
              measured: point?.measured ?? 0,
              response: point?.response.numerator ?? 0,
              remission: point?.remission.numerator ?? 0,
              improved: point?.improved.numerator ?? 0,
            },
            want,
          );
        }
      }
    }

    // The clinics overview (issue #12: its 30 days were the database's `current_date - 30`).
    async function overview(): Promise<void> {
      const [row] = await get<ClinicOverview[]>('/api/overview', leadership);
      diff.check(
        'overview.counts',
        at('clinics overview'),
        row && {
          patients: row.patients,
          openEpisodes: row.openEpisodes,
          careManagers: row.careManagers,
          phq9Last30Days: row.phq9Last30Days,
        },
        o.overview(),
      );
    }

    // Billing per patient per month (worklist) and the clinic's monthly summary.
    async function billing(): Promise<void> {
      await Promise.all(
        o.billingMonths(BILLING_MONTHS).map(async (month) => {
          const worklist = await get<BillingWorklist>('/api/billing/worklist', leadership, { month });
          const expected = o.billingWorklist(month);
          diff.check(
            'billing.worklist.patients',
            at(`billing worklist ${month}`),
            worklist.patients.map((r) => `${mrn.get(r.patientId)} ${r.episodeId}`).sort(),
            expected.map((r) => `${mrn.get(r.patientId)} ${r.episodeId}`).sort(),
          );
          for (const want of expected) {
            const row = worklist.patients.find((r) => r.patientId === want.patientId);
            if (!row) continue;
            const where = at(`billing ${month} of patient ${mrn.get(want.patientId)}`);
            diff.check('billing.worklist.minutes', where, row.minutes, want.minutes);
            diff.check(
              want.startDiffersFromConsent
                ? 'billing.worklist.firstMonth[consent and enrolment in different months]'
                : 'billing.worklist.firstMonth',
              where,
              { isFirstMonth: row.isFirstMonth, lines: row.lines, billable: row.billable },
              { isFirstMonth: want.isFirstMonth, lines: want.lines, billable: want.billable },
            );
          }
          const summary = await get<BillingSummary>('/api/outcomes/billing', leadership, { month });
          const s = o.billingSummary(month);
          diff.check(
            'billing.summary.minutes',
            at(`billing summary ${month}`),
            { patientsWithMinutes: summary.patientsWithMinutes, totalMinutes: summary.totalMinutes },
            { patientsWithMinutes: s.patientsWithMinutes, totalMinutes: s.totalMinutes },
          );
          diff.check(
            s.startDiffersFromConsent
              ? 'billing.summary.codes[consent and enrolment in different months]'
              : 'billing.summary.codes',
            at(`billing summary ${month}`),
            {
              codes: Object.fromEntries(summary.codes.map((c) => [c.code, { patients: c.patients, units: c.units }])),
              below: summary.belowThreshold,
            },
            { codes: s.codes, below: s.belowThreshold },
          );
        }),
      );
    }
  }
});
