/**
 * Chronic conditions that interact with depression in collaborative care (issue #17: diabetes,
 * hypertension, heart failure, COPD, chronic pain, cancer), each defined once as ICD-10-CM code
 * prefixes. The problem list, the consultant's summary and "outcomes by cohort" all classify a
 * diagnosis through {@link chronicConditionOf}; SQL receives {@link chronicConditionPrefixes} as
 * parameters (never restated as literals, ADR 0004).
 *
 * Code ranges: ICD-10-CM 2026 tabular list chapter/category headings.
 */
export const ChronicCondition = {
  DIABETES: 'diabetes',
  HYPERTENSION: 'hypertension',
  HEART_FAILURE: 'heart_failure',
  COPD: 'copd',
  CHRONIC_PAIN: 'chronic_pain',
  CANCER: 'cancer',
} as const;
/** One of {@link ChronicCondition}'s values. */
export type ChronicCondition = (typeof ChronicCondition)[keyof typeof ChronicCondition];

interface ChronicConditionDefinition {
  readonly label: string;
  /** ICD-10-CM category prefixes (dot-less, upper case) that place a diagnosis in this cohort. */
  readonly icd10Prefixes: readonly string[];
}

function range(letter: string, from: number, to: number): string[] {
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(`${letter}${String(n).padStart(2, '0')}`);
  return out;
}

export const CHRONIC_CONDITIONS: Readonly<Record<ChronicCondition, ChronicConditionDefinition>> = Object.freeze({
  // E08–E13: diabetes mellitus (due to underlying condition, drug-induced, type 1, type 2, other).
  diabetes: { label: 'Diabetes', icd10Prefixes: range('E', 8, 13) },
  // I10–I16: hypertensive diseases.
  hypertension: { label: 'Hypertension', icd10Prefixes: range('I', 10, 16) },
  // I50: heart failure; I11.0 / I13.0 / I13.2: hypertensive heart (and kidney) disease with heart failure.
  heart_failure: { label: 'Heart failure', icd10Prefixes: ['I50', 'I110', 'I130', 'I132'] },
  // J44: other chronic obstructive pulmonary disease; J43: emphysema.
  copd: { label: 'COPD', icd10Prefixes: ['J43', 'J44'] },
  // G89.2x: chronic pain not elsewhere classified; G89.4: chronic pain syndrome; M79.7: fibromyalgia.
  chronic_pain: { label: 'Chronic pain', icd10Prefixes: ['G892', 'G894', 'M797'] },
  // C00–C96: malignant neoplasms.
  cancer: { label: 'Cancer', icd10Prefixes: range('C', 0, 96) },
});

/** Every chronic condition, in display order. */
export const CHRONIC_CONDITION_IDS: readonly ChronicCondition[] = Object.freeze(
  Object.keys(CHRONIC_CONDITIONS) as ChronicCondition[],
);

/** `E11.9` / `e119` → `E119`. */
export function normaliseIcd10(code: string): string {
  return code.replace(/\./g, '').trim().toUpperCase();
}

/** The chronic conditions an ICD-10-CM code belongs to (most codes: none; I11.0: hypertension and heart failure). */
export function chronicConditionsOf(code: string): ChronicCondition[] {
  const normalised = normaliseIcd10(code);
  return CHRONIC_CONDITION_IDS.filter((id) =>
    CHRONIC_CONDITIONS[id].icd10Prefixes.some((prefix) => normalised.startsWith(prefix)),
  );
}

/** Prefixes of one cohort, for SQL parameters (`code LIKE ANY($n)` after appending `%`). */
export function chronicConditionPrefixes(id: ChronicCondition): readonly string[] {
  return CHRONIC_CONDITIONS[id].icd10Prefixes;
}
