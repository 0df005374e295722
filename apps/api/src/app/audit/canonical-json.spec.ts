import { canonicalJson } from './audit.service';

/** The definition canonicalJson must keep meeting: sorted keys at every depth, JSON elsewhere. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
}

describe('canonicalJson', () => {
  it.each([
    { patientIds: ['b2', 'a1'], total: 2, sort: 'priority' },
    { z: [1, 'two', null, true, undefined], a: { y: [{ b: 1, a: 2 }], x: [] } },
    [[3, 2], { d: 'é"\\', c: [null] }],
    { nested: [[['deep']], 1.5, -0, 'x'] },
    [],
    {},
  ])('orders keys and keeps list order: %j', (value) => {
    expect(canonicalJson(value)).toBe(reference(value));
  });

  it('gives the same text whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: 'x' } })).toBe(canonicalJson({ a: { c: 'x', d: [1, 2] }, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });
});
