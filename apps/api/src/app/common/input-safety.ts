import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';

/**
 * Input hardening applied once, to every request value (issue #14 items 2, 3 and 10), so no DTO can
 * forget it. Limits live here and nowhere else; docs/adr/0010-input-limits-and-refusals.md explains them.
 */
export const INPUT_LIMITS = {
  /** Deepest nesting of objects/arrays in a JSON body (the deepest DTO nests 3). */
  maxJsonDepth: 32,
  /** Most keys in one JSON object (the widest DTO, an assessment's answers, has fewer than 30). */
  maxKeysPerObject: 1000,
  /**
   * Most items in one JSON array (the longest DTO list, a review's recommendations, holds a handful;
   * validating 10,000 nested items stalled the event loop for over a second).
   */
  maxArrayItems: 1000,
  /** Largest JSON body, in bytes (Fastify refuses larger ones with 413 before reading them whole). */
  maxBodyBytes: 1_048_576,
  /** Highest page number of a paged list (page × page size stays far inside PostgreSQL's integers). */
  maxPage: 100_000,
  /** Outer bounds of every date-valued input (birth dates included). */
  earliestDate: '1900-01-01',
  latestDate: '2199-12-31',
  /** Floor of care events (contacts, follow-ups): collaborative care records start in 2000. */
  earliestCareDate: '2000-01-01',
} as const;

/**
 * Free-text fields that may hold several lines (tab, LF, CR allowed). Every other string is one line.
 * Matched against the property name (last path segment).
 */
const MULTILINE_FIELD = new RegExp(
  [
    '^(note|notes|reason|detail|details|summary|comment|comments|description|text|body)$',
    'Note$',
    // Relapse-prevention plan sections (issue #11), written in the dashboard's text areas.
    '^(warningSigns|copingStrategies|supports|maintenanceTreatment|maintenanceDuration|monitoringPlan|ifSymptomsReturn)$',
  ].join('|'),
);

/** Property names treated as dates for the range check (`birthDate`, `administeredOn`, `month`, `weekOf`, …). */
const DATE_FIELD =
  /(date|Date|On|At|month|Month|week|Week|Of|from|From|to|To|since|Since|until|Until|before|Before|after|After)$/;
const DATE_SHAPE = /^(\d{4,})-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/** C0 controls except TAB/LF/CR, DEL, C1 controls, line/paragraph separators, bidi overrides/isolates, lone surrogates. */
const ALWAYS_FORBIDDEN =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]|\p{Cs}/u;
const LINE_BREAK_OR_TAB = /[\t\n\r]/;
/** Characters that render as nothing: whitespace, format characters (zero-width space/joiners, BOM, soft hyphen), fillers. */
const INVISIBLE = /[\s\p{Cf}\u034F\u115F\u1160\u3164\uFFA0]/gu;
const FORMAT_CHAR = /[\p{Cf}\u034F\u115F\u1160\u3164\uFFA0]/u;

const lastSegment = (path: string): string => path.slice(Math.max(path.lastIndexOf('.'), path.lastIndexOf(']')) + 1);

/** Why `value` at `path` is refused, or null when it is acceptable. Exported for the tests and the reliability suite. */
export function textProblem(path: string, value: string): string | null {
  return textProblemOf(lastSegment(path), value, () => path);
}

/** Printable ASCII only: none of the character checks below can refuse it (the common case, tested first). */
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

/** {@link textProblem} of the property `field`, the full path built only for a refusal (bulk bodies). */
function textProblemOf(field: string, value: string, pathOf: () => string): string | null {
  if (!PLAIN_ASCII.test(value)) {
    if (ALWAYS_FORBIDDEN.test(value)) return `${pathOf()} must not contain control characters`;
    if (!MULTILINE_FIELD.test(field) && LINE_BREAK_OR_TAB.test(value)) {
      return `${pathOf()} must be a single line (no tabs or line breaks)`;
    }
    if (value.length > 0 && FORMAT_CHAR.test(value) && value.replace(INVISIBLE, '') === '') {
      return `${pathOf()} must contain visible characters`;
    }
  }
  if (DATE_FIELD.test(field)) {
    const date = DATE_SHAPE.exec(value);
    if (date) {
      const day = `${date[1]}-${date[2]}-${date[4] ?? '01'}`;
      if (date[1].length !== 4 || day < INPUT_LIMITS.earliestDate || day > INPUT_LIMITS.latestDate) {
        return `${pathOf()} must be between ${INPUT_LIMITS.earliestDate} and ${INPUT_LIMITS.latestDate}`;
      }
    }
  }
  return null;
}

/**
 * Key names refused anywhere: `__proto__`, `prototype` and every name `Object.prototype` already has
 * (`constructor`, `toString`, …), which class-transformer and plain lookups silently drop or misread.
 */
const isForbiddenKey = (key: string): boolean => key === 'prototype' || Object.hasOwn(Object.prototype, key);

/** Limits of {@link inputProblem} a route may raise (a FHIR import Bundle holds thousands of entries). */
export interface InputShapeLimits {
  maxArrayItems: number;
}

/**
 * The path of a value as segments (a key, or an array index), joined only when a problem is reported:
 * a Bundle of thousands of entries is walked without building a string per value.
 */
type PathSegments = Array<string | number>;

function joinPath(base: string, segments: PathSegments, depth: number): string {
  let path = base;
  for (let i = 0; i < depth; i++) {
    const segment = segments[i] as string | number;
    path = typeof segment === 'number' ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment;
  }
  return path;
}

function firstProblem(value: unknown, path: string, limits: InputShapeLimits = INPUT_LIMITS): string | null {
  return problemAt(value, path, [], 0, lastSegment(path), limits);
}

/** {@link firstProblem} of `value` at `base` + `segments[0…depth)`; `field` is its property name (lastSegment). */
function problemAt(
  value: unknown,
  base: string,
  segments: PathSegments,
  depth: number,
  field: string,
  limits: InputShapeLimits,
): string | null {
  if (typeof value === 'string') return textProblemOf(field, value, () => joinPath(base, segments, depth));
  if (typeof value === 'number') {
    return Number.isFinite(value) ? null : `${joinPath(base, segments, depth)} must be a finite number`;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth > INPUT_LIMITS.maxJsonDepth)
    return `${joinPath(base, segments, depth) || 'body'} nests deeper than ${INPUT_LIMITS.maxJsonDepth} levels`;
  if (Array.isArray(value)) {
    if (value.length > limits.maxArrayItems) {
      return `${joinPath(base, segments, depth) || 'body'} holds more than ${limits.maxArrayItems} items`;
    }
    for (let i = 0; i < value.length; i++) {
      segments[depth] = i;
      const problem = problemAt(value[i], base, segments, depth + 1, '', limits);
      if (problem) return problem;
    }
    return null;
  }
  const keys = Object.keys(value);
  if (keys.length > INPUT_LIMITS.maxKeysPerObject) {
    return `${joinPath(base, segments, depth) || 'body'} holds more than ${INPUT_LIMITS.maxKeysPerObject} keys`;
  }
  for (const key of keys) {
    segments[depth] = key;
    if (isForbiddenKey(key)) return `${joinPath(base, segments, depth + 1)} is not an allowed property name`;
    const keyProblem = !PLAIN_ASCII.test(key) && (ALWAYS_FORBIDDEN.test(key) || LINE_BREAK_OR_TAB.test(key));
    if (keyProblem) return `${joinPath(base, segments, depth) || 'body'} has a property name with control characters`;
    const problem = problemAt(
      (value as Record<string, unknown>)[key],
      base,
      segments,
      depth + 1,
      lastSegment(key),
      limits,
    );
    if (problem) return problem;
  }
  return null;
}

/**
 * The pipe's checks for a body a route reads itself (outside the global pipe), with its own array limit:
 * the reason the body is refused (naming the field), or null.
 */
export function inputProblem(value: unknown, limits: InputShapeLimits): string | null {
  return firstProblem(value, '', limits);
}

/** Parameters Nest fills from the framework (the signed-in user, the raw request): never checked. */
const CHECKED: ReadonlySet<ArgumentMetadata['type']> = new Set(['body', 'query', 'param']);

/**
 * Global pipe, before validation: refuses NUL and other control characters, ANSI escapes (ESC is a C0
 * control), bidi overrides, names that are only zero-width characters, line breaks outside note-like
 * fields, dates outside {@link INPUT_LIMITS}, and prototype keys — with a 400 naming the field.
 */
@Injectable()
export class InputSafetyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (!CHECKED.has(metadata.type)) return value;
    const problem = firstProblem(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
    if (problem) throw new BadRequestException([problem]);
    return value;
  }
}

/** A 400 for a JSON body refused before parsing, answered like every other 400 (`message` names the field). */
export class BodyLimitError extends BadRequestException {
  constructor(message: string) {
    super([message]);
  }
}

/**
 * One linear pass over a JSON text before `JSON.parse`: refuses nesting deeper than
 * {@link INPUT_LIMITS.maxJsonDepth} and objects with more than {@link INPUT_LIMITS.maxKeysPerObject} keys,
 * so a hostile body costs O(size) and never reaches the recursive parser, validation or scoring.
 * @returns null when within limits, else the reason (naming the field where it can).
 */
export function jsonShapeProblem(text: string): string | null {
  const keyCounts: number[] = []; // per open container; -1 for arrays
  const names: string[] = [];
  // The last string's bounds: sliced only where it names a container (not for every string of a Bundle).
  let lastStart = 0;
  let lastEnd = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // A string: jump to its closing quote with the native search (most of a Bundle's characters are
      // in strings; a loop over them was the import's largest self time, bench/results/s9-c-imports.md).
      // A quote is escaped when an odd number of backslashes precede it.
      const start = i + 1;
      let end = text.indexOf('"', start);
      while (end >= 0) {
        let slashes = 0;
        while (end - 1 - slashes >= start && text.charCodeAt(end - 1 - slashes) === 92 /* \ */) slashes++;
        if (slashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      if (end < 0) return null; // unterminated: JSON.parse refuses it
      lastStart = start;
      lastEnd = end;
      i = end;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (keyCounts.length >= INPUT_LIMITS.maxJsonDepth) {
        return `${names.filter(Boolean).join('.') || 'body'} nests deeper than ${INPUT_LIMITS.maxJsonDepth} levels`;
      }
      keyCounts.push(c === 123 ? 0 : -1);
      names.push(
        keyCounts.length > 1 && keyCounts[keyCounts.length - 2] >= 0
          ? text.slice(lastStart, Math.min(lastEnd, lastStart + 64))
          : '',
      );
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      keyCounts.pop();
      names.pop();
    } else if (c === 58 /* : */) {
      const top = keyCounts.length - 1;
      if (top >= 0 && keyCounts[top] >= 0 && ++keyCounts[top] > INPUT_LIMITS.maxKeysPerObject) {
        return `${names.filter(Boolean).join('.') || 'body'} holds more than ${INPUT_LIMITS.maxKeysPerObject} keys`;
      }
    }
  }
  return null;
}

/** Fastify `application/json` parser: size limit, {@link jsonShapeProblem}, then `JSON.parse` (no prototype keys survive the pipe). */
export function parseGuardedJson(body: string): unknown {
  if (body.length === 0) return {};
  const problem = jsonShapeProblem(body);
  if (problem) throw new BodyLimitError(problem);
  let value: unknown;
  try {
    value = JSON.parse(body) as unknown;
  } catch {
    throw new BodyLimitError('body is not valid JSON');
  }
  // Here rather than only in the pipe: a route that reads no JSON body (a DELETE, the CSV import) must
  // still refuse one carrying prototype keys, naming the key.
  const key = forbiddenKeyPath(value);
  if (key) throw new BodyLimitError(`${key} is not an allowed property name`);
  return value;
}

/** The path of the first prototype key ({@link isForbiddenKey}) in a parsed JSON value, or null. */
function forbiddenKeyPath(value: unknown): string | null {
  return forbiddenKeyAt(value, [], 0);
}

function forbiddenKeyAt(value: unknown, segments: PathSegments, depth: number): string | null {
  if (value === null || typeof value !== 'object' || depth > INPUT_LIMITS.maxJsonDepth) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === null || typeof item !== 'object') continue;
      segments[depth] = i;
      const found = forbiddenKeyAt(item, segments, depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    segments[depth] = key;
    if (isForbiddenKey(key)) return joinPath('', segments, depth + 1);
    const child: unknown = (value as Record<string, unknown>)[key];
    if (child === null || typeof child !== 'object') continue;
    const found = forbiddenKeyAt(child, segments, depth + 1);
    if (found) return found;
  }
  return null;
}
