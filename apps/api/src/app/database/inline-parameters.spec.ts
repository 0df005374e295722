import { inlineParameters } from './inline-parameters';

/** Parameters written in as literals for the read batch (read-snapshot.ts `ReadBatch`). */
describe('inlineParameters', () => {
  it('writes each $n as the literal of its value, by number (not by order, not $1 inside $10)', () => {
    const values = Array.from({ length: 10 }, (_, i) => `v${i + 1}`);
    expect(inlineParameters('SELECT $10, $1, $2 WHERE a = $1', values)).toBe("SELECT 'v10', 'v1', 'v2' WHERE a = 'v1'");
  });

  it('escapes quotes and backslashes, and writes null and undefined as NULL', () => {
    expect(inlineParameters('SELECT $1, $2, $3, $4', ["O'Brien", 'a\\b', null, undefined])).toBe(
      "SELECT 'O''Brien',  E'a\\\\b', NULL, NULL",
    );
  });

  it('gives arrays, dates, numbers, booleans and objects the text form pg sends as a parameter', () => {
    const sql = inlineParameters('SELECT $1::uuid[], $2::int, $3::boolean, $4::jsonb, $5::timestamptz', [
      ['8d3c1c1e-0000-4000-8000-000000000001', '8d3c1c1e-0000-4000-8000-000000000002'],
      42,
      true,
      { a: "it's" },
      new Date('2026-03-16T15:00:00.000Z'),
    ]);
    expect(sql).toContain(
      '\'{"8d3c1c1e-0000-4000-8000-000000000001","8d3c1c1e-0000-4000-8000-000000000002"}\'::uuid[]',
    );
    expect(sql).toContain("'42'::int, 'true'::boolean, '{\"a\":\"it''s\"}'::jsonb");
    expect(sql).toMatch(/'2026-03-1\d[T ]\d\d:\d\d:\d\d\.000[+-]\d\d:\d\d'::timestamptz$/);
  });

  it('leaves literals, quoted names and comments as they are, even with $ or quotes in them', () => {
    const sql = `SELECT 'costs $1' AS "a$1", x -- the patient's $2
      /* it's $3 */ FROM t WHERE id = $1`;
    expect(inlineParameters(sql, ['id-1'])).toBe(sql.replace(/= \$1$/, "= 'id-1'"));
  });

  it('refuses what it cannot write safely: dollar quoting, escape strings, missing values, buffers', () => {
    expect(inlineParameters('SELECT $$x$$', [])).toBeNull();
    expect(inlineParameters("SELECT E'\\n' || $1", ['a'])).toBeNull();
    expect(inlineParameters('SELECT $2', ['only one'])).toBeNull();
    expect(inlineParameters('SELECT $1', [Buffer.from('x')])).toBeNull();
    expect(inlineParameters("SELECT 'unterminated", [])).toBeNull();
  });
});
