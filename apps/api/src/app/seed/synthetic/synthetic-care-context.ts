import { HRSN_ITEMS, scoreHrsn, type HrsnAnswers } from '@huddle/scoring';
import { Random } from '../random';
import type { CopyValue } from './copy-text';
import { syntheticUuid } from './synthetic-ids';

/**
 * Issue #17 part 2 in the synthetic population: per patient a problem list (chronic conditions at
 * rough primary-care prevalences among depressed adults) with HbA1c / blood pressure, an AHC HRSN
 * screen at enrolment with its needs at every referral step, care preferences, and for some patients
 * of open episodes a huddle item, discussed ones with tasks (some overdue). Drawn from the patient's
 * own seed (`…:ic:<index>`), so the rest of the population is unchanged.
 */
export const CARE_CONTEXT_TABLES = {
  patient_clinical_event: [
    'id',
    'clinic_id',
    'patient_id',
    'kind',
    'code_system',
    'code',
    'display',
    'starts_on',
    'ends_on',
    'status',
    'value_number',
    'source',
    'recorded_by',
  ],
  social_needs_screening: [
    'id',
    'clinic_id',
    'patient_id',
    'screened_on',
    'source',
    'answers',
    'positive_domains',
    'recorded_by',
  ],
  social_need: [
    'id',
    'clinic_id',
    'patient_id',
    'screening_id',
    'domain',
    'status',
    'identified_on',
    'resource_name',
    'referred_on',
    'connected_on',
    'resolved_on',
  ],
  care_preference: [
    'patient_id',
    'clinic_id',
    'contact_method',
    'contact_times',
    'what_helps',
    'what_to_avoid',
    'updated_by',
    'updated_at',
  ],
  huddle_item: [
    'id',
    'clinic_id',
    'patient_id',
    'question',
    'raised_by',
    'raised_at',
    'discussed_at',
    'discussed_by',
    'discussion_note',
  ],
  care_task: [
    'id',
    'clinic_id',
    'patient_id',
    'huddle_item_id',
    'title',
    'owner_id',
    'due_on',
    'created_by',
    'created_at',
  ],
} as const;
export type CareContextTable = keyof typeof CARE_CONTEXT_TABLES;

export interface CareContextCounts {
  problems: number;
  labs: number;
  screenings: number;
  socialNeeds: number;
  preferences: number;
  huddleItems: number;
  tasks: number;
}

export const emptyCareContextCounts = (): CareContextCounts => ({
  problems: 0,
  labs: 0,
  screenings: 0,
  socialNeeds: 0,
  preferences: 0,
  huddleItems: 0,
  tasks: 0,
});

export interface IntegratedCarePatient {
  seed: number;
  index: number;
  clinicId: string;
  patientId: string;
  careManager: string;
  consultant: string;
  pcp: string;
  enrolledMs: number;
  /** The current episode is open (huddle items only for those). */
  open: boolean;
  asOfMs: number;
}

const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';
const LOINC = 'http://loinc.org';
const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const stamp = (ms: number): string => new Date(ms).toISOString();

/** Condition, code, text, share of patients. */
const PROBLEMS: ReadonlyArray<[string, string, number]> = [
  ['E11.9', 'Type 2 diabetes mellitus without complications', 0.25],
  ['I10', 'Essential (primary) hypertension', 0.4],
  ['I50.9', 'Heart failure, unspecified', 0.06],
  ['J44.9', 'Chronic obstructive pulmonary disease, unspecified', 0.08],
  ['G89.29', 'Other chronic pain', 0.2],
  ['C50.911', 'Malignant neoplasm of unspecified site of right female breast', 0.03],
  ['E78.5', 'Hyperlipidemia, unspecified', 0.3],
];

/** Share of patients with each positive answer, by item (the rest answer negatively). */
const POSITIVE_SHARE: Readonly<Record<string, number>> = {
  hrsn_living_situation: 0.12,
  hrsn_housing_problems: 0.1,
  hrsn_food_worry: 0.2,
  hrsn_food_lasted: 0.15,
  hrsn_transportation: 0.14,
  hrsn_utilities: 0.09,
};

const RESOURCES: Readonly<Record<string, readonly string[]>> = {
  housing: ['City Housing Help Desk', 'Tenant Legal Aid'],
  food: ['Eastside Community Food Pantry', 'SNAP enrolment clinic'],
  transportation: ['Medicaid ride programme', 'Volunteer Driver Network'],
  utilities: ['LIHEAP energy assistance', 'Utility hardship fund'],
  safety: ['Family Violence Hotline advocate', 'Safe Harbor counselling'],
};

export async function generateCareContext(
  sink: (table: CareContextTable, values: CopyValue[]) => Promise<void>,
  counts: CareContextCounts,
  p: IntegratedCarePatient,
): Promise<void> {
  const rng = new Random(`${p.seed}:ic:${p.index}`);
  let n = 0;
  const nextId = (): string => syntheticUuid(`${p.seed}:ic${p.index}:${n++}`);

  // Problem list, HbA1c for diabetes, blood pressure for hypertension.
  for (const [code, text, share] of PROBLEMS) {
    if (!rng.chance(share)) continue;
    const onsetMs = p.enrolledMs - rng.int(200, 4000) * DAY;
    await sink('patient_clinical_event', [
      nextId(),
      p.clinicId,
      p.patientId,
      'condition',
      ICD10,
      code,
      text,
      iso(onsetMs),
      null,
      'active',
      null,
      'manual',
      p.pcp,
    ]);
    counts.problems++;
    const labOn = iso(Math.min(p.asOfMs, p.enrolledMs + rng.int(0, 90) * DAY));
    const lab = async (loinc: string, value: number): Promise<void> => {
      await sink('patient_clinical_event', [
        nextId(),
        p.clinicId,
        p.patientId,
        'observation',
        LOINC,
        loinc,
        null,
        labOn,
        null,
        'final',
        value,
        'manual',
        p.pcp,
      ]);
      counts.labs++;
    };
    if (code.startsWith('E11')) await lab('4548-4', Math.round((6 + rng.next() * 4.5) * 10) / 10);
    if (code === 'I10') {
      const systolic = rng.int(112, 168);
      await lab('8480-6', systolic);
      await lab('8462-4', Math.min(systolic - 30, rng.int(66, 100)));
    }
  }

  // AHC HRSN screen at enrolment (70%), scored by libs/scoring; a need per positive domain.
  if (rng.chance(0.7)) {
    const answers: Record<string, string | string[]> = {};
    for (const item of HRSN_ITEMS) {
      if (item.domain === 'safety') {
        answers[item.id] = rng.chance(0.05) ? rng.pick(['sometimes', 'fairly_often', 'frequently']) : 'never';
        continue;
      }
      const positive = item.options.filter((o) => o.positive === true).map((o) => o.value);
      const negative = item.options.filter((o) => o.positive === false).map((o) => o.value);
      const value = rng.chance(POSITIVE_SHARE[item.id] ?? 0) ? rng.pick(positive) : rng.pick(negative);
      answers[item.id] = item.multiple ? [value] : value;
    }
    const domains = scoreHrsn(answers as HrsnAnswers)
      .filter((r) => r.positive)
      .map((r) => r.domain);
    const screeningId = nextId();
    const screenedMs = p.enrolledMs;
    await sink('social_needs_screening', [
      screeningId,
      p.clinicId,
      p.patientId,
      iso(screenedMs),
      'clinic',
      JSON.stringify(answers),
      `{${domains.join(',')}}`,
      p.careManager,
    ]);
    counts.screenings++;
    for (const domain of domains) {
      // Steps happen ~1–3 weeks apart and never after the generation date.
      const referredMs = screenedMs + rng.int(2, 14) * DAY;
      const connectedMs = referredMs + rng.int(5, 21) * DAY;
      const resolvedMs = connectedMs + rng.int(14, 60) * DAY;
      const step = (ms: number): string | null => (ms <= p.asOfMs ? iso(ms) : null);
      const referred = rng.chance(0.85) ? step(referredMs) : null;
      const connected = referred && rng.chance(0.7) ? step(connectedMs) : null;
      const resolved = connected && rng.chance(0.6) ? step(resolvedMs) : null;
      const status = resolved ? 'resolved' : connected ? 'connected' : referred ? 'referred' : 'open';
      await sink('social_need', [
        nextId(),
        p.clinicId,
        p.patientId,
        screeningId,
        domain,
        status,
        iso(screenedMs),
        referred ? rng.pick(RESOURCES[domain] ?? ['Community resource']) : null,
        referred,
        connected,
        resolved,
      ]);
      counts.socialNeeds++;
    }
  }

  // Care preferences (50%).
  if (rng.chance(0.5)) {
    await sink('care_preference', [
      p.patientId,
      p.clinicId,
      rng.pick(['phone', 'phone', 'text', 'video', 'in_person', 'email']),
      rng.pick(['Weekday mornings', 'After 5 pm', 'Lunchtime', 'Any time; leave a message']),
      rng.pick(['Knowing what comes next', 'A quiet room', 'Bringing a support person', 'Short calls']),
      rng.pick(['Calls after dark', 'Raised voices', 'Being touched without asking', 'Closed doors']),
      p.careManager,
      stamp(p.enrolledMs + 3_600_000),
    ]);
    counts.preferences++;
  }

  // Huddle: ~4% of open episodes have an item; half of those already discussed, with tasks.
  if (p.open && rng.chance(0.04)) {
    const itemId = nextId();
    const raisedMs = p.asOfMs - rng.int(1, 10) * DAY;
    const discussed = rng.chance(0.5);
    await sink('huddle_item', [
      itemId,
      p.clinicId,
      p.patientId,
      rng.pick([
        'Not improving after 10 weeks: step up treatment?',
        'Housing insecure and missing visits: how do we re-engage?',
        'HbA1c rising with low mood: joint plan with the PCP?',
        'Chronic pain limiting activation: refer to pain clinic?',
      ]),
      rng.chance(0.5) ? p.pcp : p.careManager,
      stamp(raisedMs),
      discussed ? stamp(raisedMs + DAY) : null,
      discussed ? p.consultant : null,
      discussed ? 'Discussed at the team huddle' : null,
    ]);
    counts.huddleItems++;
    if (discussed) {
      for (const [title, owner] of [
        ['Call the patient about the new plan', p.careManager],
        ['Review medication and labs', p.pcp],
      ] as const) {
        await sink('care_task', [
          nextId(),
          p.clinicId,
          p.patientId,
          itemId,
          title,
          owner,
          iso(raisedMs + rng.int(2, 21) * DAY),
          p.consultant,
          stamp(raisedMs + DAY),
        ]);
        counts.tasks++;
      }
    }
  }
}
