import { endOfMonth, endOfYear, format, isValid, parseISO } from 'date-fns';
import { invalidParameter } from './fhir-errors';

/** The raw query string of a search, as Fastify parses it (a repeated parameter is an array). */
export type RawQuery = Record<string, string | string[] | undefined>;

/** `_count` when absent, and its bounds (outside them → 400). */
export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 1000;

export type DatePrefix = 'eq' | 'ne' | 'ge' | 'gt' | 'le' | 'lt';

/** A date search value: the calendar days it covers, or an instant when it carries a time. */
export interface DateCriterion {
  prefix: DatePrefix;
  /** First and last day covered (`YYYY-MM-DD`) for a date value. */
  start: string;
  end: string;
  /** The instant, when the value has a time (only allowed for `_lastUpdated`). */
  instant?: string;
}

export interface TokenCriterion {
  system: string | null;
  code: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_VALUE = /^(eq|ne|ge|gt|le|lt)?(\d{4}(?:-\d{2}(?:-\d{2})?)?)$/;
const DATETIME_VALUE =
  /^(eq|ne|ge|gt|le|lt)?(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))$/;

/** All values of a parameter (repeated parameters AND together). */
export function values(query: RawQuery, name: string): string[] {
  const value = query[name];
  return value === undefined ? [] : [value].flat();
}

/** The single value of a parameter, or undefined; repeating it is a 400. */
export function single(query: RawQuery, name: string): string | undefined {
  const all = values(query, name);
  if (all.length > 1) throw invalidParameter(name, 'may be given only once');
  return all[0];
}

/** `_count`: 1–1000, default 50. */
export function parseCount(query: RawQuery): number {
  const raw = single(query, '_count');
  if (raw === undefined) return DEFAULT_COUNT;
  if (!/^\d{1,7}$/.test(raw)) throw invalidParameter('_count', `must be an integer from 1 to ${MAX_COUNT}`);
  const count = Number(raw);
  if (count < 1 || count > MAX_COUNT) throw invalidParameter('_count', `must be an integer from 1 to ${MAX_COUNT}`);
  return count;
}

/** A patient id from `patient=<id>` or `patient=Patient/<id>` (comma-separated values OR together). */
export function parsePatient(raw: string, name = 'patient'): string[] {
  return raw.split(',').map((value) => {
    const id = value.startsWith('Patient/') ? value.slice('Patient/'.length) : value;
    if (!UUID.test(id)) throw invalidParameter(name, 'must be a Patient id or Patient/<id>');
    return id.toLowerCase();
  });
}

/** Ids of `_id` (comma-separated). Ids that are not Huddle's are kept: they simply match nothing. */
export function parseIds(raw: string): string[] {
  const ids = raw.split(',');
  for (const id of ids) {
    if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) throw invalidParameter('_id', 'must be FHIR ids separated by commas');
  }
  return ids;
}

/** Token values `code`, `system|code` or `|code`, comma-separated (OR). */
export function parseTokens(raw: string, name: string): TokenCriterion[] {
  return raw.split(',').map((value) => {
    const bar = value.indexOf('|');
    const system = bar < 0 ? null : value.slice(0, bar);
    const code = bar < 0 ? value : value.slice(bar + 1);
    if (code.length === 0 || code.length > 200 || /[\s|]/.test(code))
      throw invalidParameter(name, 'must be code or system|code');
    return { system: system === '' ? null : system, code };
  });
}

function lastDay(value: string): string {
  if (value.length === 4) return format(endOfYear(parseISO(`${value}-01-01`)), 'yyyy-MM-dd');
  if (value.length === 7) return format(endOfMonth(parseISO(`${value}-01`)), 'yyyy-MM-dd');
  return value;
}

function firstDay(value: string): string {
  return value.length === 4 ? `${value}-01-01` : value.length === 7 ? `${value}-01` : value;
}

/**
 * A date parameter value: prefix (eq, ne, ge, gt, le, lt; default eq) and a date `YYYY`, `YYYY-MM` or
 * `YYYY-MM-DD`, or (when `allowInstant`) a dateTime with a time zone.
 */
export function parseDate(raw: string, name: string, allowInstant = false): DateCriterion {
  const date = DATE_VALUE.exec(raw);
  if (date?.[2]) {
    const start = firstDay(date[2]);
    const parsed = parseISO(start);
    if (!isValid(parsed) || format(parsed, 'yyyy-MM-dd') !== start) {
      throw invalidParameter(name, `${raw} is not a valid date`);
    }
    return { prefix: (date[1] as DatePrefix | undefined) ?? 'eq', start, end: lastDay(date[2]) };
  }
  const dateTime = allowInstant ? DATETIME_VALUE.exec(raw) : null;
  if (dateTime?.[2]) {
    const at = new Date(dateTime[2]);
    if (Number.isNaN(at.getTime())) throw invalidParameter(name, `${raw} is not a valid dateTime`);
    const day = dateTime[2].slice(0, 10);
    return { prefix: (dateTime[1] as DatePrefix | undefined) ?? 'eq', start: day, end: day, instant: at.toISOString() };
  }
  throw invalidParameter(
    name,
    allowInstant
      ? 'must be [eq|ne|ge|gt|le|lt] followed by YYYY, YYYY-MM, YYYY-MM-DD or a dateTime with a time zone'
      : 'must be [eq|ne|ge|gt|le|lt] followed by YYYY, YYYY-MM or YYYY-MM-DD',
  );
}

/** The keyset cursor of a `next` link: the sort key of the last entry shown. */
export function encodeCursor(key: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(raw: string, arity: number): Array<string | number> {
  try {
    const key: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(key) &&
      key.length === arity &&
      key.every((k) => typeof k === 'string' || typeof k === 'number')
    ) {
      if (typeof key[0] === 'string' && UUID.test(key[0])) return key as Array<string | number>;
    }
  } catch {
    // answered below
  }
  throw invalidParameter('_cursor', 'is not a cursor this server issued');
}
