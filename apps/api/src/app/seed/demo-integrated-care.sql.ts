import type { EntityManager } from 'typeorm';
import {
  CMS2_RULES,
  DEFAULT_SCREENING_SETTINGS,
  getInstrument,
  nextHuddleDate,
  UTILIZATION_RULES,
} from '@huddle/scoring';
import { Random } from './random';
import type { CopyValue } from './synthetic/copy-text';
import { CARE_CONTEXT_TABLES, emptyCareContextCounts, generateCareContext } from './synthetic/synthetic-care-context';
import { syntheticUuid } from './synthetic/synthetic-ids';
import { generateIntegratedCare, INTEGRATED_CARE_TABLES } from './synthetic/synthetic-integrated-care';

/** Weekly huddle of each demo clinic (ISO weekday, local time), by clinic name. */
export const DEMO_HUDDLES: Readonly<Record<string, { weekday: number; time: string }>> = {
  'Riverside Family Medicine': { weekday: 2, time: '08:30' },
  'Northgate Community Health': { weekday: 3, time: '12:30' },
  'Harbor View Primary Care': { weekday: 4, time: '07:45' },
};

const TABLES: Readonly<Record<string, readonly string[]>> = { ...CARE_CONTEXT_TABLES, ...INTEGRATED_CARE_TABLES };
const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export interface DemoIntegratedCareCounts {
  screenings: number;
  referrals: number;
  utilization: number;
  problems: number;
  socialNeeds: number;
  preferences: number;
  huddleItems: number;
  tasks: number;
}

interface DemoPatientRow {
  id: string;
  clinicId: string;
  clinicName: string;
  timeZone: string;
  careManager: string;
  consultant: string;
  pcp: string;
  enrolledOn: string;
  referredOn: string;
  open: boolean;
  cmEmail: string;
  pcpEmail: string;
}

/**
 * Integrated care around the demo registry (issue #17), so every screen shows something on first run:
 * per enrolled patient the screening that found them and its referral (warm handoff or not), ED visits
 * and admissions, a problem list with HbA1c / blood pressure, an AHC HRSN screen with needs at every
 * referral step and care preferences (the synthetic generator's rules, from the patient's own seed);
 * per clinic its weekly huddle, a few clinic patients screened negative or positive with a follow-up
 * plan, and huddle items of cm1's and pcp1's patients — open ones with questions, a discussed one with
 * tasks (one overdue) — and one patient with an ED visit, an admission and a readmission.
 */
export async function seedDemoIntegratedCare(
  em: EntityManager,
  seed: number,
  asOf: Date,
): Promise<DemoIntegratedCareCounts> {
  const counts: DemoIntegratedCareCounts = {
    screenings: 0,
    referrals: 0,
    utilization: 0,
    problems: 0,
    socialNeeds: 0,
    preferences: 0,
    huddleItems: 0,
    tasks: 0,
  };
  const insert = async (table: string, values: CopyValue[]): Promise<void> => {
    const columns = TABLES[table];
    if (!columns) throw new Error(`demo seed: no column list for ${table}`);
    await em.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
      values,
    );
    if (table === 'screening_visit') counts.screenings++;
    if (table === 'bh_referral') counts.referrals++;
    if (table === 'patient_clinical_event' && values[3] === 'encounter') counts.utilization++;
  };

  for (const [name, huddle] of Object.entries(DEMO_HUDDLES)) {
    await em.query(`UPDATE clinic SET huddle_weekday = $2, huddle_time = $3 WHERE name = $1`, [
      name,
      huddle.weekday,
      huddle.time,
    ]);
  }

  const patients: DemoPatientRow[] = await em.query(
    `SELECT p.id, p.clinic_id AS "clinicId", c.name AS "clinicName", c.timezone AS "timeZone",
       e.care_manager_id AS "careManager", e.consultant_id AS consultant, e.billing_pcp_id AS pcp,
       e.enrolled_on::text AS "enrolledOn", e.referred_on::text AS "referredOn", e.status <> 'discharged' AS open,
       cm.email AS "cmEmail", pcp.email AS "pcpEmail"
     FROM patient p JOIN clinic c ON c.id = p.clinic_id
     JOIN episode e ON e.patient_id = p.id
     JOIN staff_user cm ON cm.id = e.care_manager_id JOIN staff_user pcp ON pcp.id = e.billing_pcp_id
     ORDER BY p.mrn`,
  );
  const care = emptyCareContextCounts();
  let n = 0;
  const nextId = (): string => syntheticUuid(`${seed}:demo-ic:${n++}`);
  for (const [index, p] of patients.entries()) {
    const enrolledMs = Date.parse(`${p.enrolledOn}T12:00:00Z`);
    await generateIntegratedCare(new Random(`${seed}:demo-screen:${index}`), insert, {
      nextId,
      clinicId: p.clinicId,
      patientId: p.id,
      careManager: p.careManager,
      pcp: p.pcp,
      referredOn: p.referredOn,
      asOfMs: asOf.getTime(),
    });
    await generateCareContext(insert, care, {
      seed,
      index,
      clinicId: p.clinicId,
      patientId: p.id,
      careManager: p.careManager,
      consultant: p.consultant,
      pcp: p.pcp,
      enrolledMs,
      open: p.open,
      asOfMs: asOf.getTime(),
    });
  }
  counts.problems = care.problems;
  counts.socialNeeds = care.socialNeeds;
  counts.preferences = care.preferences;
  counts.huddleItems = care.huddleItems;
  counts.tasks = care.tasks;

  const rng = new Random(`${seed}:demo-ic-examples`);
  const clinics = [...new Set(patients.map((p) => p.clinicId))];
  for (const clinicId of clinics) {
    const mine = patients.filter((p) => p.clinicId === clinicId && p.open && /^cm1@/.test(p.cmEmail));
    const shared = mine.filter((p) => /^pcp1@/.test(p.pcpEmail));
    const first = mine[0];
    if (!first) continue;
    await screenedClinicPatients(em, insert, rng, first, asOf);
    await huddleExamples(em, insert, counts, rng, shared.length >= 3 ? shared : mine, asOf, nextId);
  }
  // Items from the generic generator: filed under the huddle after they were raised.
  const items: Array<{ id: string; raisedAt: Date; timeZone: string; clinicName: string }> = await em.query(
    `SELECT h.id, h.raised_at AS "raisedAt", c.timezone AS "timeZone", c.name AS "clinicName"
     FROM huddle_item h JOIN clinic c ON c.id = h.clinic_id WHERE h.huddle_on IS NULL`,
  );
  for (const item of items) {
    const huddle = DEMO_HUDDLES[item.clinicName];
    if (!huddle) continue;
    await em.query(`UPDATE huddle_item SET huddle_on = $2 WHERE id = $1`, [
      item.id,
      nextHuddleDate(new Date(item.raisedAt), item.timeZone, huddle),
    ]);
  }
  return counts;
}

/** Clinic patients without an episode, screened by the PCP: three negative, one positive with a medication plan. */
async function screenedClinicPatients(
  em: EntityManager,
  insert: (table: string, values: CopyValue[]) => Promise<void>,
  rng: Random,
  like: DemoPatientRow,
  asOf: Date,
): Promise<void> {
  const mrnBase = 900000 + rng.int(0, 9000) * 10;
  const people = [
    ['Maya', 'Okafor', false],
    ['Luis', 'Herrera', false],
    ['Grace', 'Lindqvist', false],
    ['Tomas', 'Novak', true],
  ] as const;
  for (const [i, [given, family, positive]] of people.entries()) {
    const [patient] = await em.query(
      `INSERT INTO patient (clinic_id, mrn, given_name, family_name, birth_date, pcp_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [like.clinicId, `SCR${mrnBase + i}`, given, family, iso(asOf.getTime() - rng.int(25, 70) * 365 * DAY), like.pcp],
    );
    const visitOn = iso(asOf.getTime() - rng.int(1, 60) * DAY);
    const phq2Cut = getInstrument('PHQ2').positiveScreen.threshold;
    const phq2 = positive ? phq2Cut + rng.int(0, 6 - phq2Cut) : rng.int(0, phq2Cut - 1);
    const gad2 = rng.int(0, getInstrument('GAD2').positiveScreen.threshold - 1);
    const auditC = rng.int(0, DEFAULT_SCREENING_SETTINGS.auditCCutoff - 1);
    // A positive screen's plan within the CMS2 window: medication started by the PCP.
    const planOn = positive
      ? iso(Date.parse(`${visitOn}T00:00:00Z`) + rng.int(0, CMS2_RULES.followUpWithinDays) * DAY)
      : null;
    await insert('screening_visit', [
      syntheticUuid(`demo-screen:${like.clinicId}:${i}`),
      like.clinicId,
      patient.id,
      visitOn,
      like.pcp,
      JSON.stringify({
        phq2: phq2Cut,
        gad2: getInstrument('GAD2').positiveScreen.threshold,
        auditC: DEFAULT_SCREENING_SETTINGS.auditCCutoff,
        pcPtsd5: DEFAULT_SCREENING_SETTINGS.pcPtsd5CutPoint,
      }),
      phq2,
      gad2,
      auditC,
      positive,
      false,
      false,
      positive ? '{medication}' : '{}',
      planOn,
    ]);
  }
}

/** Two open huddle items (from the PCP and the care manager) and a discussed one with tasks, one overdue. */
async function huddleExamples(
  em: EntityManager,
  insert: (table: string, values: CopyValue[]) => Promise<void>,
  counts: DemoIntegratedCareCounts,
  rng: Random,
  patients: readonly DemoPatientRow[],
  asOf: Date,
  nextId: () => string,
): Promise<void> {
  const [a, b, c] = patients;
  if (!a || !b || !c) return;
  const huddle = DEMO_HUDDLES[a.clinicName];
  const huddleOn = (at: Date): string | null => (huddle ? nextHuddleDate(at, a.timeZone, huddle) : null);
  const items: Array<{ p: DemoPatientRow; by: string; question: string; hoursAgo: number; discussed: boolean }> = [
    {
      p: a,
      by: a.pcp,
      question: 'PHQ-9 still 14 after 10 weeks and HbA1c up to 8.1: step up treatment, and a joint diabetes plan?',
      hoursAgo: 20,
      discussed: false,
    },
    {
      p: b,
      by: b.careManager,
      question: 'Missed two calls since losing housing: how do we re-engage, and who links with the shelter?',
      hoursAgo: 3,
      discussed: false,
    },
    {
      p: c,
      by: c.careManager,
      question: 'ED visit for chest pain with panic symptoms: review the plan with the PCP?',
      hoursAgo: 9 * 24,
      discussed: true,
    },
  ];
  for (const item of items) {
    const raisedAt = new Date(asOf.getTime() - item.hoursAgo * 3_600_000);
    const discussedAt = item.discussed ? new Date(raisedAt.getTime() + 26 * 3_600_000) : null;
    const [row] = await em.query(
      `INSERT INTO huddle_item (clinic_id, patient_id, question, raised_by, raised_at, huddle_on, discussed_at, discussed_by, discussion_note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        item.p.clinicId,
        item.p.id,
        item.question,
        item.by,
        raisedAt.toISOString(),
        huddleOn(raisedAt),
        discussedAt?.toISOString() ?? null,
        discussedAt ? item.p.consultant : null,
        discussedAt
          ? 'Panic disorder likely; start CBT referral, check ECG result, consider sertraline increase.'
          : null,
      ],
    );
    counts.huddleItems++;
    if (!discussedAt) continue;
    const tasks: Array<[string, string, number]> = [
      ['Call the patient about the CBT referral', item.p.careManager, -2],
      ['Review the ECG result and sertraline dose', item.p.pcp, 5],
    ];
    for (const [title, owner, dueInDays] of tasks) {
      await insert('care_task', [
        nextId(),
        item.p.clinicId,
        item.p.id,
        row.id,
        title,
        owner,
        iso(asOf.getTime() + dueInDays * DAY),
        item.p.consultant,
        discussedAt.toISOString(),
      ]);
      counts.tasks++;
    }
    // The ED visit that raised it, an admission and a readmission within the window, during the episode.
    const edOn = asOf.getTime() - 10 * DAY;
    const admitted = Math.max(Date.parse(`${item.p.enrolledOn}T00:00:00Z`) + 7 * DAY, asOf.getTime() - 70 * DAY);
    for (const [code, startMs, endMs] of [
      [UTILIZATION_RULES.edVisitClass, edOn, null],
      [UTILIZATION_RULES.admissionClass, admitted, admitted + 3 * DAY],
      [UTILIZATION_RULES.admissionClass, admitted + (3 + rng.int(5, 20)) * DAY, admitted + 25 * DAY],
    ] as const) {
      if (startMs > asOf.getTime()) continue;
      await insert('patient_clinical_event', [
        nextId(),
        item.p.clinicId,
        item.p.id,
        'encounter',
        UTILIZATION_RULES.classSystem,
        code,
        null,
        iso(startMs),
        endMs === null ? null : iso(Math.min(endMs, asOf.getTime())),
        null,
        null,
        'manual',
        null,
      ]);
    }
  }
  // Care preferences of the huddle patients (shown before each contact), unless the generator gave some.
  for (const [i, p] of [a, b, c].entries()) {
    await em.query(
      `INSERT INTO care_preference (patient_id, clinic_id, contact_method, contact_times, what_helps, what_to_avoid, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (patient_id) DO NOTHING`,
      [
        p.id,
        p.clinicId,
        ['phone', 'text', 'video'][i],
        ['Weekday mornings before 10', 'After 5 pm; texts first', 'Lunchtime video calls'][i],
        ['Knowing what comes next', 'A quiet room and a support person', 'Short, planned calls'][i],
        ['Calls after dark', 'Raised voices', 'Unannounced home visits'][i],
        p.careManager,
        asOf.toISOString(),
      ],
    );
  }
}
