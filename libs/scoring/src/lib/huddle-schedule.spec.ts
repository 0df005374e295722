import { ScoringValidationError } from './scoring-validation.error';
import { nextHuddleDate } from './huddle-schedule';

/** Riverside's huddle: Tuesdays at 08:30, New York time. 2026-03-17 is a Tuesday. */
const TUESDAY_0830 = { weekday: 2, time: '08:30' };
const NY = 'America/New_York';

describe('nextHuddleDate', () => {
  it('files an item raised before the start on huddle day under today, at or after it under next week', () => {
    // 08:29 and 08:30 New York on Tuesday 17 March 2026 (EDT, UTC−4).
    expect(nextHuddleDate(new Date('2026-03-17T12:29:00Z'), NY, TUESDAY_0830)).toBe('2026-03-17');
    expect(nextHuddleDate(new Date('2026-03-17T12:29:59Z'), NY, TUESDAY_0830)).toBe('2026-03-17');
    expect(nextHuddleDate(new Date('2026-03-17T12:30:00Z'), NY, TUESDAY_0830)).toBe('2026-03-24');
  });

  it("takes the clinic's calendar, not UTC's: late Monday evening in New York is already Tuesday in UTC", () => {
    // Monday 16 March 23:30 New York = Tuesday 03:30 UTC: the huddle is the next morning, not a week later.
    expect(nextHuddleDate(new Date('2026-03-17T03:30:00Z'), NY, TUESDAY_0830)).toBe('2026-03-17');
    // The same instant in Tokyo is Tuesday 12:30: that clinic's Tuesday huddle has begun.
    expect(nextHuddleDate(new Date('2026-03-17T03:30:00Z'), 'Asia/Tokyo', TUESDAY_0830)).toBe('2026-03-24');
  });

  it('counts forward to the weekday, across a month end and the DST change', () => {
    // Wednesday 25 March → Tuesday 31 March; Sunday 8 March 2026 (DST starts at 02:00) → Tuesday 10 March.
    expect(nextHuddleDate(new Date('2026-03-25T15:00:00Z'), NY, TUESDAY_0830)).toBe('2026-03-31');
    expect(nextHuddleDate(new Date('2026-03-08T07:30:00Z'), NY, TUESDAY_0830)).toBe('2026-03-10');
    // A Sunday huddle (weekday 7) at 00:00 seen on Saturday night.
    expect(nextHuddleDate(new Date('2026-03-22T03:59:00Z'), NY, { weekday: 7, time: '00:00' })).toBe('2026-03-22');
    expect(nextHuddleDate(new Date('2026-03-22T04:00:00Z'), NY, { weekday: 7, time: '00:00' })).toBe('2026-03-29');
  });

  it.each([
    [{ weekday: 0, time: '08:30' }, 'huddle.weekday'],
    [{ weekday: 8, time: '08:30' }, 'huddle.weekday'],
    [{ weekday: 2, time: '8:30' }, 'huddle.time'],
    [{ weekday: 2, time: '24:00' }, 'huddle.time'],
  ])('refuses %j naming %s', (schedule, field) => {
    expect(() => nextHuddleDate(new Date('2026-03-17T12:00:00Z'), NY, schedule)).toThrow(ScoringValidationError);
    expect(() => nextHuddleDate(new Date('2026-03-17T12:00:00Z'), NY, schedule)).toThrow(field);
  });
});
