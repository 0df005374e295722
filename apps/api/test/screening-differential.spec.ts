import fc from 'fast-check';
import {
  addDays,
  chronicConditionsOf,
  CHRONIC_CONDITION_IDS,
  computeCms2,
  computeUtilization,
  followUpPlanCounts,
  summariseHandoffs,
  toLocalIsoDate,
  type Cms2Patient,
  type UtilizationEvent,
} from '@huddle/scoring';
import type { IsoDate } from '@huddle/shared-types';
import { createClinic, type ClinicFixture } from './fixtures';
import { api, openRegistry } from './registry-helpers';
import type { TestApp } from './test-app';

/**
 * Differential test of issue #17's leadership aggregates: generated screenings, follow-up plans,
 * exceptions, encounters, bipolar and chronic-condition diagnoses, referrals with contacts, ED visits
 * and admissions are loaded into PostgreSQL; CMS2, warm handoffs / engagement / median days and
 * utilization by cohort answered by the API's SQL must equal libs/scoring (`computeCms2`,
 * `summariseHandoffs`, `computeUtilization`) computed from the same rows. Dates cluster on the
 * windows' edges (14 days before the encounter, 2 days after, 30 days after a discharge, the year's
 * ends, the 12th birthday, contacts at 23:30 New York = the next UTC day).
 * HUDDLE_SCREENING_DIFF_RUNS sets the number of generated clinics (default 40).
 */

const YEAR = { first: '2026-01-01', last: '2026-12-31' };
const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
const ACT = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const TZ = 'America/New_York';

const day = fc.oneof(
  fc.integer({ min: -20, max: 385 }).map((n) => addDays(YEAR.first, n)),
  fc.constantFrom('2025-12-18', '2025-12-31', '2026-01-01', '2026-06-15', '2026-12-31', '2027-01-02'),
);
const offset = fc.constantFrom(-15, -14, -13, -1, 0, 1, 2, 3, 29, 30, 31);

interface GenVisit {
  on: IsoDate;
  depression: boolean | null;
  exception: 'patient_refused' | 'medical_reason' | null;
  plan: { kinds: string[]; after: number } | null;
  referral: { after: number; warm: boolean } | null;
  /** Placed this many days before the patient's first office visit (the CMS2 look-back edge), when it has one. */
  beforeEncounter: number | null;
}
interface GenPatient {
  birthDate: IsoDate;
  /** An office visit early in the year: screenings placed 13–15 days before it fall in the year before. */
  anchorVisit: IsoDate | null;
  bipolarOn: IsoDate | null;
  conditions: string[];
  /** `chain`: dated `after` days from the previous encounter's end (readmission edges), else `on`. */
  encounters: Array<{ on: IsoDate; after: number; cls: 'AMB' | 'EMER' | 'IMP'; stay: number; chain: boolean }>;
  visits: GenVisit[];
  /** `fromVisit`: dated that many days after the first screening visit (engagement edges), else `on`. */
  contacts: Array<{ on: IsoDate; fromVisit: number | null; utcTime: string; completed: boolean }>;
}

const visit: fc.Arbitrary<GenVisit> = fc
  .record({
    on: day,
    kind: fc.constantFrom('positive', 'negative', 'exception', 'other'),
    exception: fc.constantFrom('patient_refused' as const, 'medical_reason' as const),
    plan: fc.option(
      fc.record({
        kinds: fc.subarray(['referral', 'medication', 'other', 'handout'], { minLength: 1 }),
        after: fc.constantFrom(-1, 0, 1, 2, 3),
      }),
    ),
    referral: fc.option(fc.record({ after: fc.constantFrom(0, 1, 3), warm: fc.boolean() })),
    beforeEncounter: fc.option(fc.constantFrom(0, 1, 13, 14, 15)),
  })
  .map((v) => ({
    on: v.on,
    depression: v.kind === 'positive' ? true : v.kind === 'negative' ? false : null,
    exception: v.kind === 'exception' ? v.exception : null,
    plan: v.kind === 'positive' && v.plan && v.plan.after >= 0 ? v.plan : null,
    referral: v.kind === 'positive' ? v.referral : null,
    beforeEncounter: v.beforeEncounter,
  }));

const patient: fc.Arbitrary<GenPatient> = fc.record({
  birthDate: fc.constantFrom('2014-01-01', '2014-01-02', '2013-12-31', '1975-07-04', '2012-02-29'),
  anchorVisit: fc.option(fc.constantFrom('2026-01-01', '2026-01-10', '2026-06-15', '2026-12-31')),
  bipolarOn: fc.option(day),
  conditions: fc.subarray(['E11.9', 'E119', 'I10', 'I50.9', 'J44.1', 'C50.911', 'G89.29', 'M79.7', 'Z00.00']),
  encounters: fc.array(
    fc.record({
      on: day,
      after: offset,
      cls: fc.constantFrom('AMB' as const, 'EMER' as const, 'IMP' as const),
      stay: fc.integer({ min: 0, max: 6 }),
      chain: fc.boolean(),
    }),
    { maxLength: 4 },
  ),
  visits: fc.array(visit, { maxLength: 3 }),
  contacts: fc.array(
    fc.record({
      on: day,
      fromVisit: fc.option(fc.constantFrom(0, 1, 2, 3, 4, 30, 31, 32, 33)),
      utcTime: fc.constantFrom('03:30:00Z', '04:59:00Z', '15:00:00Z', '23:59:00Z'),
      completed: fc.boolean(),
    }),
    { maxLength: 4 },
  ),
});

describe('screening, handoff and utilization aggregates: SQL vs libs/scoring (issue #17)', () => {
  let t: TestApp;
  let http: ReturnType<typeof api>;

  beforeAll(async () => {
    ({ t, http } = await openRegistry());
  });
  afterAll(() => t.close());

  async function load(clinic: ClinicFixture, patients: GenPatient[]) {
    const cms2: Cms2Patient[] = [];
    const referrals: Parameters<typeof summariseHandoffs>[0][number][] = [];
    const utilization: Array<{ events: UtilizationEvent[]; cohorts: Set<string> }> = [];
    for (const [i, p] of patients.entries()) {
      const [row] = await t.db.query(
        `INSERT INTO patient (clinic_id, mrn, given_name, family_name, birth_date) VALUES ($1, $2, 'G', 'P', $3) RETURNING id`,
        [clinic.clinicId, `D${i}`, p.birthDate],
      );
      const id: string = row.id;
      const cohorts = new Set<string>();
      const conditions = [...p.conditions.map((code) => ({ code, on: '2020-01-01' }))];
      if (p.bipolarOn) conditions.push({ code: 'F31.81', on: p.bipolarOn });
      for (const c of conditions) {
        await t.db.query(
          `INSERT INTO patient_clinical_event (clinic_id, patient_id, kind, code_system, code, starts_on)
           VALUES ($1, $2, 'condition', $3, $4, $5)`,
          [clinic.clinicId, id, ICD, c.code, c.on],
        );
        for (const cohort of chronicConditionsOf(c.code)) cohorts.add(cohort);
      }
      const events: UtilizationEvent[] = [];
      const officeVisits: IsoDate[] = [];
      let previous: IsoDate | null = null;
      const encounters = p.anchorVisit
        ? [{ on: p.anchorVisit, after: 0, cls: 'AMB' as const, stay: 0, chain: false }, ...p.encounters]
        : p.encounters;
      for (const e of encounters) {
        const on: IsoDate = e.chain && previous ? addDays(previous, e.after) : e.on;
        const ends = e.cls === 'IMP' ? addDays(on, e.stay) : null;
        previous = ends ?? on;
        await t.db.query(
          `INSERT INTO patient_clinical_event (clinic_id, patient_id, kind, code_system, code, starts_on, ends_on)
           VALUES ($1, $2, 'encounter', $3, $4, $5, $6)`,
          [
            clinic.clinicId,
            id,
            e.cls === 'AMB' ? 'http://snomed.info/sct' : ACT,
            e.cls === 'AMB' ? '185349003' : e.cls,
            on,
            ends,
          ],
        );
        if (e.cls === 'AMB') officeVisits.push(on);
        else events.push({ kind: e.cls === 'EMER' ? 'ed_visit' : 'admission', startsOn: on, endsOn: ends });
      }
      const visitDate = (v: GenVisit): IsoDate =>
        v.beforeEncounter !== null && officeVisits[0] ? addDays(officeVisits[0], -v.beforeEncounter) : v.on;
      const firstVisit = p.visits[0] ? visitDate(p.visits[0]) : null;
      const contactDates: IsoDate[] = [];
      for (const c of p.contacts) {
        const at = `${c.fromVisit !== null && firstVisit ? addDays(firstVisit, c.fromVisit) : c.on}T${c.utcTime}`;
        await t.db.query(
          `INSERT INTO contact (clinic_id, patient_id, staff_id, type, modality, completed, started_at, minutes)
           VALUES ($1, $2, $3, $4, 'phone', $5, $6, 10)`,
          [clinic.clinicId, id, clinic.careManager.id, c.completed ? 'follow_up' : 'outreach_attempt', c.completed, at],
        );
        if (c.completed) contactDates.push(toLocalIsoDate(at, TZ));
      }
      const screenings: Cms2Patient['screenings'][number][] = [];
      for (const generated of p.visits) {
        const v = { ...generated, on: visitDate(generated) };
        const planOn = v.plan ? addDays(v.on, v.plan.after) : null;
        const [sv] = await t.db.query(
          `INSERT INTO screening_visit (clinic_id, patient_id, visit_on, screened_by, cutoffs, phq2_total, gad2_total,
             depression_positive, anxiety_positive, depression_exception, follow_up_kinds, follow_up_on)
           VALUES ($1, $2, $3, $4, '{}', $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
          [
            clinic.clinicId,
            id,
            v.on,
            clinic.pcp.id,
            v.depression === null ? null : v.depression ? 4 : 1,
            v.depression === null && v.exception === null ? 1 : null,
            v.depression,
            v.depression === null && v.exception === null ? false : null,
            v.exception,
            v.plan?.kinds ?? [],
            planOn,
          ],
        );
        screenings.push({
          on: v.on,
          positive: v.depression,
          followUpPlanOn: v.plan && followUpPlanCounts(v.plan.kinds) ? planOn : null,
          exception: v.exception,
        });
        if (v.referral) {
          const referredOn = addDays(v.on, v.referral.after);
          await t.db.query(
            `INSERT INTO bh_referral (clinic_id, patient_id, screening_visit_id, referred_on, referred_by, warm_handoff, handoff_taken_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [
              clinic.clinicId,
              id,
              sv.id,
              referredOn,
              clinic.pcp.id,
              v.referral.warm,
              v.referral.warm ? clinic.careManager.id : null,
            ],
          );
          if (referredOn >= YEAR.first && referredOn <= YEAR.last) {
            referrals.push({
              screenedOn: v.on,
              referredOn,
              warmHandoff: v.referral.warm,
              contactDates,
              enrolledOn: [],
            });
          }
        }
      }
      cms2.push({
        patientId: id,
        birthDate: p.birthDate,
        bipolarDiagnosedOn: p.bipolarOn ? [p.bipolarOn] : [],
        encounters: [...officeVisits, ...p.visits.map(visitDate)],
        screenings,
      });
      utilization.push({ events, cohorts });
    }
    return { cms2, referrals, utilization };
  }

  it('agrees on every generated clinic', async () => {
    const runs = Number(process.env['HUDDLE_SCREENING_DIFF_RUNS'] ?? 40);
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(patient, { minLength: 1, maxLength: 6 }), async (patients) => {
        const clinic = await createClinic(t);
        const oracle = await load(clinic, patients);
        const summary = await http.get('/api/screening/summary?year=2026', clinic.leadership.auth).expect(200);
        const expectedCms2 = computeCms2(oracle.cms2, YEAR.first, YEAR.last);
        expect(summary.body.cms2).toEqual({ period: { start: YEAR.first, end: YEAR.last }, ...expectedCms2 });
        const handoffs = summariseHandoffs(oracle.referrals);
        expect(summary.body.handoffs).toEqual({
          period: { start: YEAR.first, end: YEAR.last },
          referrals: handoffs.referrals,
          warmHandoffs: {
            numerator: handoffs.warmHandoffs,
            denominator: handoffs.referrals,
            rate: handoffs.warmHandoffRate,
          },
          medianDaysToFirstContact: handoffs.medianDaysToFirstContact,
          engaged: { numerator: handoffs.engaged, denominator: handoffs.referrals, rate: handoffs.engagementRate },
        });
        const byCohort = await http.get('/api/utilization/by-cohort?year=2026', clinic.leadership.auth).expect(200);
        expect(byCohort.body.all).toEqual(
          computeUtilization(
            oracle.utilization.map((u) => u.events),
            YEAR.first,
            YEAR.last,
          ),
        );
        for (const condition of CHRONIC_CONDITION_IDS) {
          const row = byCohort.body.cohorts.find((c: { condition: string }) => c.condition === condition);
          const split = (inCohort: boolean) =>
            computeUtilization(
              oracle.utilization.filter((u) => u.cohorts.has(condition) === inCohort).map((u) => u.events),
              YEAR.first,
              YEAR.last,
            );
          expect({ condition, with: row.with, without: row.without }).toEqual({
            condition,
            with: split(true),
            without: split(false),
          });
        }
        compared++;
      }),
      { numRuns: runs },
    );
    expect(compared).toBeGreaterThanOrEqual(runs);
  }, 600_000);
});
