import { timeOrderedUuid } from './time-ordered-id';

describe('timeOrderedUuid', () => {
  it('is a version-7 UUID carrying the given milliseconds, ordered by them', () => {
    const early = timeOrderedUuid(Date.UTC(2026, 11, 3, 4, 0, 0));
    const late = timeOrderedUuid(Date.UTC(2026, 11, 3, 4, 0, 1));
    for (const id of [early, late]) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(parseInt(early.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.UTC(2026, 11, 3, 4, 0, 0));
    expect(early < late).toBe(true);
    expect(timeOrderedUuid(0)).not.toBe(timeOrderedUuid(0));
  });
});
