/**
 * Thrown by `@huddle/scoring` for invalid input (an out-of-range answer, a malformed date, an
 * unknown time zone, …). `field` names the offending input; `itemId` is set for answer errors so
 * the API can point at the form item.
 */
export class ScoringValidationError extends Error {
  /** The invalid input, e.g. `answers.phq9_3`, `asOf`, `timeZone`. */
  readonly field: string;
  /** Instrument item id for answer errors (e.g. `phq9_3`), otherwise `null`. */
  readonly itemId: string | null;

  constructor(field: string, message: string, itemId: string | null = null) {
    super(message);
    this.name = 'ScoringValidationError';
    this.field = field;
    this.itemId = itemId;
  }
}
