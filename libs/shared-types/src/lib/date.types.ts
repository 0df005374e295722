/**
 * A calendar date `YYYY-MM-DD` with no time and no zone, always meant as a clinic-local date
 * (e.g. the day a PHQ-9 was administered, an enrolment date, "today" at the clinic).
 */
export type IsoDate = string;

/**
 * An instant in ISO 8601 with an explicit offset, e.g. `2025-01-31T23:30:00-05:00` or
 * `2025-02-01T04:30:00Z`. Timestamps without an offset are rejected by `@huddle/scoring`.
 */
export type IsoTimestamp = string;

/** A calendar month `YYYY-MM` (billing months are calendar months in the clinic's time zone). */
export type YearMonth = string;
