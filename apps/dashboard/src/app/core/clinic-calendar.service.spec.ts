import { dateInTimeZone } from './clinic-calendar.service';

describe('dateInTimeZone', () => {
  it("gives the clinic's calendar date, which can differ from UTC near midnight", () => {
    const instant = new Date('2026-11-23T03:30:00Z');
    expect(dateInTimeZone(instant, 'UTC')).toBe('2026-11-23');
    expect(dateInTimeZone(instant, 'America/New_York')).toBe('2026-11-22');
    expect(dateInTimeZone(instant, 'America/Los_Angeles')).toBe('2026-11-22');
  });
});
