/**
 * Which diagnoses place a patient in the depression outcome measures, defined once
 * (clinical-reference.md §Quality measures: CMS159 / CBE 1885 / HEDIS DRR-E count patients "with a
 * depression diagnosis"; CMS2 excludes "patients ever diagnosed with bipolar disorder", the exclusion
 * these measures apply too). ICD-10-CM 2026: F32 major depressive disorder, single episode; F33 major
 * depressive disorder, recurrent; F34.1 dysthymic disorder; F31 bipolar disorder.
 *
 * SQL receives {@link depressionDiagnosisSqlPatterns} as parameters (ADR 0004), never the codes as
 * literals; the differential oracle classifies with {@link isDepressionDiagnosis} / {@link isDepressionExclusion}.
 */
export const DEPRESSION_DIAGNOSIS_CODES = Object.freeze({
  /** Category prefixes (as stored, with the dot: `F32.1`) of a qualifying diagnosis. */
  qualifyingPrefixes: Object.freeze(['F32', 'F33']) as readonly string[],
  /** Whole codes that qualify on their own. */
  qualifyingCodes: Object.freeze(['F34.1']) as readonly string[],
  /** Category prefixes of the denominator exclusion (bipolar disorder). */
  exclusionPrefixes: Object.freeze(['F31']) as readonly string[],
});

const upper = (code: string): string => code.trim().toUpperCase();

/** True for a major depression or dysthymia code ({@link DEPRESSION_DIAGNOSIS_CODES}). */
export function isDepressionDiagnosis(code: string): boolean {
  const c = upper(code);
  return (
    DEPRESSION_DIAGNOSIS_CODES.qualifyingPrefixes.some((prefix) => c.startsWith(prefix)) ||
    DEPRESSION_DIAGNOSIS_CODES.qualifyingCodes.includes(c)
  );
}

/** True for a code that excludes the patient from the depression outcome measures (bipolar disorder). */
export function isDepressionExclusion(code: string): boolean {
  const c = upper(code);
  return DEPRESSION_DIAGNOSIS_CODES.exclusionPrefixes.some((prefix) => c.startsWith(prefix));
}

/** `LIKE` patterns for a list of prefixes (`%` and `_` in a prefix escaped). */
const likePrefixes = (prefixes: readonly string[]): string[] =>
  prefixes.map((prefix) => `${prefix.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);

/**
 * The SQL parameters of the classification: `upper(code) LIKE ANY(qualifyingLike) OR upper(code) =
 * ANY(qualifyingCodes)` qualifies, `upper(code) LIKE ANY(exclusionLike)` excludes.
 */
export function depressionDiagnosisSqlPatterns(): {
  qualifyingLike: string[];
  qualifyingCodes: string[];
  exclusionLike: string[];
} {
  return {
    qualifyingLike: likePrefixes(DEPRESSION_DIAGNOSIS_CODES.qualifyingPrefixes),
    qualifyingCodes: [...DEPRESSION_DIAGNOSIS_CODES.qualifyingCodes],
    exclusionLike: likePrefixes(DEPRESSION_DIAGNOSIS_CODES.exclusionPrefixes),
  };
}
