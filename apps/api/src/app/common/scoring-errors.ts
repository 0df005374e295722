import { ScoringValidationError } from '@huddle/scoring';
import { ValidationError } from './errors';

/**
 * Runs a `@huddle/scoring` call on request input, turning its `ScoringValidationError` into a 400
 * whose `field` (and message) name the input, e.g. `answers.phq9_3` or `flagThresholds.noContactDays`.
 * @param rename maps the library's field name to the request's (default: unchanged)
 */
export function withScoringValidation<T>(run: () => T, rename: (field: string) => string = (field) => field): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof ScoringValidationError)) throw error;
    const field = rename(error.field);
    throw new ValidationError(field, error.message.includes(field) ? error.message : `${field}: ${error.message}`);
  }
}
