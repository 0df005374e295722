import { SPREAD, spreadBelow } from './spread';

describe('spreadBelow', () => {
  it('shortens a period by up to a quarter of it, never lengthens it', () => {
    expect(spreadBelow(30_000, () => 0)).toBe(30_000);
    expect(spreadBelow(30_000, () => 0.5)).toBe(30_000 * (1 - SPREAD / 2));
    expect(spreadBelow(30_000, () => 1 - Number.EPSILON)).toBeCloseTo(30_000 * (1 - SPREAD));
    const drawn = Array.from({ length: 1_000 }, () => spreadBelow(30_000));
    expect(Math.min(...drawn)).toBeGreaterThanOrEqual(22_500);
    expect(Math.max(...drawn)).toBeLessThanOrEqual(30_000);
    // Spread, not one value: sessions or entries set together come due apart.
    expect(new Set(drawn).size).toBeGreaterThan(900);
  });

  it('keeps no period and an endless one as they are', () => {
    expect(spreadBelow(0)).toBe(0);
    expect(spreadBelow(Infinity)).toBe(Infinity);
  });
});
