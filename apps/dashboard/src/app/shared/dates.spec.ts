import {
  ageOn,
  dateTimeInputInZone,
  daysBetweenIso,
  formatDateTime,
  formatIsoDate,
  formatIsoMonth,
  isoDateInZone,
  localDateTimeInput,
  localIsoDate,
  proseDates,
  setDisplayTimeZone,
  zonedDateTimeToIso,
} from './dates';

describe('dates', () => {
  afterEach(() => setDisplayTimeZone(null));

  it('formats browser-local dates for inputs', () => {
    const d = new Date(2026, 0, 5, 9, 7);
    expect(localIsoDate(d)).toBe('2026-01-05');
    expect(localDateTimeInput(d)).toBe('2026-01-05T09:07');
  });

  it('formats calendar dates as prose without shifting the day', () => {
    expect(formatIsoDate('2026-03-01')).toBe('1 Mar 2026');
    expect(formatIsoDate('2026-12-01')).toBe('1 Dec 2026');
    expect(formatIsoDate('2026-09-30')).toBe('30 Sep 2026'); // not ICU's "Sept"
    expect(formatIsoDate('2026-03-01T23:30:00-05:00')).toBe('1 Mar 2026');
    expect(formatIsoDate(null)).toBe('—');
    // A calendar date stays the same whatever the clinic's zone.
    setDisplayTimeZone('Pacific/Auckland');
    expect(formatIsoDate('2026-03-01')).toBe('1 Mar 2026');
  });

  it("shows an instant's date in the clinic's zone around midnight", () => {
    // 04:30 UTC on 2 Dec is still 1 Dec (23:30) in New York, and already 2 Dec (17:30) in Auckland.
    setDisplayTimeZone('America/New_York');
    expect(formatIsoDate('2026-12-02T04:30:00.000Z')).toBe('1 Dec 2026');
    setDisplayTimeZone('Pacific/Auckland');
    expect(formatIsoDate('2026-12-01T12:30:00.000Z')).toBe('2 Dec 2026');
  });

  it('formats date-times as prose on the clinic clock', () => {
    expect(formatDateTime('2026-12-01T19:05:00Z', 'America/New_York')).toBe('1 Dec 2026, 14:05');
    expect(formatDateTime('2026-12-02T04:59:00Z', 'America/New_York')).toBe('1 Dec 2026, 23:59');
    expect(formatDateTime('2026-12-02T05:00:00Z', 'America/New_York')).toBe('2 Dec 2026, 00:00');
    expect(formatDateTime('2026-07-01T12:00:00Z', 'Europe/London')).toBe('1 Jul 2026, 13:00'); // BST
    setDisplayTimeZone('Asia/Kolkata');
    expect(formatDateTime('2026-12-01T18:40:00Z')).toBe('2 Dec 2026, 00:10');
    expect(formatDateTime(null)).toBe('—');
  });

  it("the clinic's today and the contact default follow its zone, not the browser's", () => {
    const lateEvening = new Date('2026-12-02T04:30:00Z'); // 23:30 on 1 Dec in New York
    expect(isoDateInZone(lateEvening, 'America/New_York')).toBe('2026-12-01');
    expect(isoDateInZone(lateEvening, 'Europe/Berlin')).toBe('2026-12-02');
    expect(dateTimeInputInZone(lateEvening, 'America/New_York')).toBe('2026-12-01T23:30');
    expect(dateTimeInputInZone(lateEvening, 'Asia/Tokyo')).toBe('2026-12-02T13:30');
  });

  it('reads a wall-clock time typed in the clinic zone as the right instant (round trip, DST)', () => {
    expect(zonedDateTimeToIso('2026-12-01T23:30', 'America/New_York')).toBe('2026-12-02T04:30:00.000Z');
    expect(zonedDateTimeToIso('2026-07-01T00:15', 'America/New_York')).toBe('2026-07-01T04:15:00.000Z'); // EDT
    expect(zonedDateTimeToIso('2026-12-02T00:10', 'Asia/Kolkata')).toBe('2026-12-01T18:40:00.000Z');
    // The day after the spring-forward change in New York (8 Mar 2026).
    expect(zonedDateTimeToIso('2026-03-09T00:30', 'America/New_York')).toBe('2026-03-09T04:30:00.000Z');
    expect(zonedDateTimeToIso('2026-03-07T23:30', 'America/New_York')).toBe('2026-03-08T04:30:00.000Z');
    const now = new Date('2026-11-30T22:05:00Z');
    expect(zonedDateTimeToIso(dateTimeInputInZone(now, 'Australia/Sydney'), 'Australia/Sydney')).toBe(
      now.toISOString(),
    );
    expect(() => zonedDateTimeToIso('yesterday', 'UTC')).toThrow(RangeError);
  });

  it('formats months, counts days and ages on the clinic day', () => {
    expect(formatIsoMonth('2026-03')).toBe('Mar 2026');
    expect(daysBetweenIso('2026-02-27', '2026-03-02')).toBe(3);
    expect(ageOn('1980-12-02', '2026-12-01')).toBe(45);
    expect(ageOn('1980-12-01', '2026-12-01')).toBe(46);
  });

  it('writes the ISO dates of API free text as prose, leaving the rest as it is', () => {
    expect(proseDates('PHQ-9 item 9 (safety) answered above 0 on 2026-12-01; safety follow-up not documented')).toBe(
      'PHQ-9 item 9 (safety) answered above 0 on 1 Dec 2026; safety follow-up not documented',
    );
    expect(proseDates('No contact for 31 days (last 2026-09-30), 12 points')).toBe(
      'No contact for 31 days (last 30 Sep 2026), 12 points',
    );
    expect(proseDates('Week 10: PHQ9 18 → 15')).toBe('Week 10: PHQ9 18 → 15');
  });
});
