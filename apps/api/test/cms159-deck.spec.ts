import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createClinic, type ClinicFixture } from './fixtures';
import { freezeClock } from './registry-helpers';
import { sharedFixtures } from './support/shared-fixtures';
import { createTestApp, type TestApp } from './test-app';

type Json = Record<string, unknown>;
interface CaseInfo {
  patientId: string;
  title: string;
  series: string;
}
interface EntryResponse {
  response: { status: string; outcome?: { issue: Array<{ diagnostics: string }> } };
}

const DECK = sharedFixtures('cms159-2025');
const CASES = JSON.parse(readFileSync(path.join(DECK, 'cases.json'), 'utf8')) as CaseInfo[];
/** Resource types of the deck that are not patient data to import. */
const NOT_IMPORTED: Record<string, string> = {
  MeasureReport: 'the expected result, compared, not imported',
  Coverage: 'insurance coverage: the registry keeps a payer name, not Coverage resources (not used by CMS159)',
};

function caseResources(patientId: string): Json[] {
  const folder = path.join(DECK, 'cases', patientId);
  return readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as Json);
}

/**
 * The public CMS159 test deck (../shared/fixtures/cms159-2025) through the front door: every case's
 * Patient, Condition, Encounter, Observation, Procedure and ServiceRequest posted as a batch Bundle to
 * `POST /fhir/R4`, stored as the registry's patient record. What the registry refuses is listed
 * with the reason (docs/interop/fhir-import.md).
 */
describe('CMS159 deck imported through POST /fhir/R4', () => {
  let t: TestApp;
  const refused: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    // After the deck's measurement and follow-up periods, so no administration is "in the future".
    freezeClock(t, '2028-06-01T16:00:00.000Z');
  });
  afterAll(async () => {
    console.info(`CMS159 deck: ${CASES.length} cases; refused entries:\n${refused.join('\n') || '(none)'}`);
    await t.close();
  });

  it('imports every case, each resource kept on the patient record, twice without duplicates', async () => {
    for (const info of CASES) {
      // The deck's MR identifiers are not unique across its test patients (one value serves up to
      // ten different people), so each case is loaded into a clinic of its own.
      const clinic: ClinicFixture = await createClinic(t);
      const resources = caseResources(info.patientId).filter((r) => !NOT_IMPORTED[String(r['resourceType'])]);
      const bundle = {
        resourceType: 'Bundle',
        type: 'batch',
        entry: resources.map((resource) => ({
          fullUrl: `${String(resource['resourceType'])}/${String(resource['id'])}`,
          resource,
          request: { method: 'POST', url: String(resource['resourceType']) },
        })),
      };
      const post = () =>
        request(t.app.getHttpServer())
          .post('/fhir/R4')
          .set('Authorization', clinic.admin.auth)
          .set('Content-Type', 'application/fhir+json')
          .send(JSON.stringify(bundle))
          .expect(200);
      const res = await post();
      const entries = res.body.entry as EntryResponse[];
      entries.forEach((entry, index) => {
        if (entry.response.status.startsWith('2')) return;
        const resource = must(resources[index]);
        refused.push(
          `- ${info.title} (${info.series}) ${String(resource['resourceType'])}: ${entry.response.outcome?.issue[0]?.diagnostics ?? entry.response.status}`,
        );
      });
      // Only the deck's deliberately unusable PHQ-9s are refused: a total out of range, a status that
      // is not final/amended/corrected (neither counts in CMS159 either), and a revoked hospice order
      // and hospice orders whose subject is a patient of another server (http://GoodHealthcare.com/…),
      // not this case's Patient: the registry does not attach them to a guessed patient.
      const refusedHere = entries.filter((e) => !e.response.status.startsWith('2'));
      for (const entry of refusedHere) {
        expect(entry.response.outcome?.issue[0]?.diagnostics).toMatch(
          /PHQ-9 total must be an integer 0–27|status must be final, amended or corrected|does not resolve to a Patient/,
        );
      }
      const again = await post();
      expect((again.body.entry as EntryResponse[]).map((e) => e.response.status)).toEqual(
        entries.map((e) => (e.response.status === '201 Created' ? '200 OK' : e.response.status)),
      );

      const mrn = String(
        (must(resources.find((r) => r['resourceType'] === 'Patient'))['identifier'] as Array<{ value: string }>)[0]
          ?.value,
      );
      const [stored] = await t.db.query(
        `SELECT p.birth_date::text AS birth_date, p.gender, p.deceased_on::text AS deceased_on,
           (SELECT count(*)::int FROM assessment s WHERE s.patient_id = p.id) AS scores,
           (SELECT count(*)::int FROM patient_clinical_event e WHERE e.patient_id = p.id) AS events
         FROM patient p WHERE p.clinic_id = $1 AND p.mrn = $2`,
        [clinic.clinicId, mrn],
      );
      const patient = must(resources.find((r) => r['resourceType'] === 'Patient'));
      const phq9Totals = resources.filter(
        (r, i) =>
          r['resourceType'] === 'Observation' &&
          JSON.stringify(r['code']).includes('"44261-6"') &&
          must(entries[i]).response.status.startsWith('2'),
      );
      const events = resources
        .filter(
          (r) =>
            ['Condition', 'Encounter', 'Procedure', 'ServiceRequest'].includes(String(r['resourceType'])) ||
            (r['resourceType'] === 'Observation' && !JSON.stringify(r['code']).includes('"44261-6"')),
        )
        .filter((r) => must(entries[resources.indexOf(r)]).response.status.startsWith('2'));
      expect(stored).toEqual({
        birth_date: patient['birthDate'],
        gender: patient['gender'],
        deceased_on: patient['deceasedDateTime'] ? String(patient['deceasedDateTime']).slice(0, 10) : null,
        // Two PHQ-9 totals of one clinic day are one administration.
        scores: new Set(phq9Totals.map((r) => String(r['effectiveDateTime']).slice(0, 10))).size,
        events: events.length,
      });
    }
    expect(refused).toHaveLength(5);
  });
});

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('missing');
  return value;
}
