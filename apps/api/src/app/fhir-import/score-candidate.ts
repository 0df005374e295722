import { createHash } from 'node:crypto';
import {
  getInstrument,
  positiveScreenThreshold,
  scoreAssessment,
  ScoringValidationError,
  severityOf,
} from '@huddle/scoring';
import type { InstrumentId, IsoDate } from '@huddle/shared-types';
import { ImportProblem } from './fhir-values';
import type { ScoreCandidate } from './score-reader';

/** An imported administration scored as a typed one would be (the values stored in `assessment`). */
export interface ScoredImport {
  instrument: InstrumentId;
  administeredOn: IsoDate;
  answers: Record<string, number | null>;
  total: number | null;
  severity: string | null;
  positiveScreen: boolean | null;
  complete: boolean;
  safetyRisk: boolean;
}

/**
 * Scores an imported administration through `@huddle/scoring`, exactly as typed scores are
 * (`scoreAssessment`), so flags follow from the same stored values:
 * - item-level: validated and summed by the library; a stated total must equal the recomputed one
 *   (clinical-reference.md §FHIR notes), else the entry is refused naming the total;
 * - total-only: the total's range, band and positive screen from the instrument's definition
 *   (no items: no item-9 safety signal can be read from it).
 * @param expression FHIRPath of the resource, for problems
 */
export function scoreCandidate(candidate: ScoreCandidate, expression: string): ScoredImport {
  const definition = getInstrument(candidate.instrument);
  const itemCount = Object.keys(candidate.answers).length;
  const { statedTotal } = candidate;
  const totalAt = candidate.totalExpression ?? expression;
  if (itemCount === 0) {
    if (statedTotal === null) {
      throw new ImportProblem(expression, `${expression} carries neither ${definition.name} items nor a total`);
    }
    const severity = scoring(() => severityOf(definition, statedTotal), totalAt);
    return {
      instrument: candidate.instrument,
      administeredOn: candidate.administeredOn,
      answers: {},
      total: statedTotal,
      severity: severity?.code ?? null,
      positiveScreen: statedTotal >= positiveScreenThreshold(definition),
      complete: true,
      safetyRisk: false,
    };
  }
  const score = scoring(() => scoreAssessment(candidate.instrument, candidate.answers), expression);
  if (statedTotal !== null) {
    const answeredSum = definition.items
      .filter((item) => item.scored)
      .reduce((sum, item) => sum + (score.items[item.id] ?? 0), 0);
    const disagrees = score.complete ? score.total !== statedTotal : statedTotal < answeredSum;
    if (disagrees) {
      throw new ImportProblem(
        totalAt,
        `${totalAt}: the stated ${definition.name} total ${statedTotal} disagrees with the items (${score.complete ? `total ${String(score.total)}` : `at least ${answeredSum}`})`,
      );
    }
  }
  return {
    instrument: candidate.instrument,
    administeredOn: candidate.administeredOn,
    answers: { ...score.items },
    total: score.total,
    severity: score.severity?.code ?? null,
    positiveScreen: score.positiveScreen,
    complete: score.complete,
    safetyRisk: score.safetyRisk,
  };
}

function scoring<T>(run: () => T, expression: string): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ScoringValidationError) throw new ImportProblem(expression, `${expression}: ${error.message}`);
    throw error;
  }
}

/**
 * The idempotency key of an administration for one patient: the content (instrument, date, items,
 * total) hashed, so the same score imported twice, from a Bundle or a CSV file, is found again.
 */
export function scoreContentKey(patientKey: string, scored: ScoredImport): string {
  const answers = Object.keys(scored.answers)
    .sort()
    .map((key) => `${key}=${String(scored.answers[key])}`)
    .join(',');
  const content = [patientKey, scored.instrument, scored.administeredOn, answers, String(scored.total)].join('|');
  return `score:${createHash('sha256').update(content).digest('hex')}`;
}
