import { gunzipSync } from 'node:zlib';
import { acceptsGzip, PreparedJson } from './prepared-json';

describe('PreparedJson', () => {
  const big = {
    lines: Array.from({ length: 200 }, (_, i) => ({ rank: i + 1, reason: 'Safety flag; never reviewed' })),
  };

  it('serialises once and gzips once, however often it is sent', () => {
    const prepared = new PreparedJson(big);
    const plain = prepared.body(false);
    expect(JSON.parse(plain.toString())).toEqual(big);
    expect(prepared.body(false)).toBe(plain);
    const gzipped = prepared.body(true);
    expect(prepared.isGzipped(gzipped)).toBe(true);
    expect(prepared.body(true)).toBe(gzipped);
    expect(gzipped.length).toBeLessThan(plain.length / 5);
    expect(JSON.parse(gunzipSync(gzipped).toString())).toEqual(big);
  });

  it('serialises as its value where no interceptor sends it', () => {
    const prepared = new PreparedJson({ lines: [{ mrn: 'M1' }], progress: { reviewed: 0, total: 1 } });
    expect(JSON.parse(JSON.stringify(prepared))).toEqual(prepared.value);
  });

  it('derives a value once per prepared result', () => {
    const prepared = new PreparedJson(big);
    let calls = 0;
    const ranks = (): number[] =>
      prepared.memo('ranks', (v) => {
        calls++;
        return v.lines.map((line) => line.rank);
      });
    expect(ranks()).toBe(ranks());
    expect(ranks()).toHaveLength(200);
    expect(calls).toBe(1);
  });

  it('sends small bodies uncompressed even when gzip is accepted', () => {
    const prepared = new PreparedJson({ ok: true });
    const body = prepared.body(true);
    expect(prepared.isGzipped(body)).toBe(false);
    expect(body.toString()).toBe('{"ok":true}');
  });
});

describe('acceptsGzip', () => {
  it.each([
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8', true],
    ['*', true],
    ['gzip;q=0', false],
    ['deflate, br', false],
    ['', false],
    [undefined, false],
    [['deflate', 'gzip'], true],
  ])('%p → %p', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});
