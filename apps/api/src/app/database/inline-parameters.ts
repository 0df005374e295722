import { escapeLiteral } from 'pg';

// pg's own conversion of a parameter to its text form (the form it sends in a Bind message): dates,
// arrays, JSON and buffers exactly as a parameterised query would carry them. Not in pg's typings.
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (value: unknown) => string | Buffer | null };

/** A literal carrying `value` as pg would send it as a parameter (`NULL` for null); null when it cannot. */
export function literal(value: unknown): string | null {
  const text = value === undefined ? null : prepareValue(value);
  if (text === null) return 'NULL';
  return typeof text === 'string' ? escapeLiteral(text) : null;
}

/**
 * `text` with its parameters written in as literals, for sending several reads in one message; null
 * when it cannot be done safely: a `$` that is not a parameter reference outside literals, names and
 * comments (dollar quoting), an escape-string literal, a parameter number beyond `parameters`, or a
 * value without a text form (a buffer). A literal is of unknown type until PostgreSQL resolves it from
 * its context, as an untyped parameter (all pg sends) is: the statement means the same either way.
 */
export function inlineParameters(text: string, parameters: readonly unknown[] = []): string | null {
  let out = '';
  let i = 0;
  const copyUntil = (end: number): void => {
    out += text.slice(i, end);
    i = end;
  };
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === "'" || c === '"') {
      // A literal or a quoted name, to its closing quote (a doubled quote stays inside).
      let end = i + 1;
      while (end < text.length && !(text[end] === c && text[end + 1] !== c)) end += text[end] === c ? 2 : 1;
      if (end >= text.length) return null;
      if ((text[i - 1] === 'E' || text[i - 1] === 'e') && c === "'") return null;
      copyUntil(end + 1);
    } else if (c === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      copyUntil(end === -1 ? text.length : end);
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) return null;
      copyUntil(end + 2);
    } else if (c === '$') {
      const digits = /^\d+/.exec(text.slice(i + 1))?.[0];
      if (!digits) return null;
      const index = Number(digits) - 1;
      const value = index < parameters.length ? literal(parameters[index]) : null;
      if (value === null) return null;
      out += value;
      i += 1 + digits.length;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
