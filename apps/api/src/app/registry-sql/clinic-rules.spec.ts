import { DEFAULT_FLAG_THRESHOLDS } from '@huddle/scoring';
import { rulesAt, rulesOn } from './clinic-rules.service';

describe('rulesAt', () => {
  const at = (iso: string, timeZone: string) => rulesAt('clinic', timeZone, DEFAULT_FLAG_THRESHOLDS, new Date(iso));

  it('takes "today" in the clinic time zone, switching exactly at local midnight', () => {
    // St. John's is UTC−3:30 in November: midnight falls at 03:30 UTC.
    expect(at('2026-11-20T03:29:59Z', 'America/St_Johns').asOf).toBe('2026-11-19');
    expect(at('2026-11-20T03:30:00Z', 'America/St_Johns').asOf).toBe('2026-11-20');
    // The same minutes again (remembered), and another zone at the same instant.
    expect(at('2026-11-20T03:29:30Z', 'America/St_Johns').asOf).toBe('2026-11-19');
    expect(at('2026-11-20T03:29:30Z', 'Asia/Kathmandu').asOf).toBe('2026-11-20');
  });

  it('derives the day end and month start of that local date', () => {
    const rules = at('2026-11-01T03:30:00Z', 'America/New_York'); // 23:30 on Oct 31 in New York (EDT)
    expect(rules.asOf).toBe('2026-10-31');
    expect(rules.month).toBe('2026-10');
    expect(rules.dayEnd.toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(rules.monthStart.toISOString()).toBe('2026-10-01T04:00:00.000Z');
    const earlier = rulesOn(rules, '2026-09-30');
    expect(earlier.month).toBe('2026-09');
    expect(earlier.dayEnd.toISOString()).toBe('2026-10-01T04:00:00.000Z');
  });
});
