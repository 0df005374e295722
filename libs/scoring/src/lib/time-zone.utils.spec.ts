import { ScoringValidationError } from './scoring-validation.error';
import { assertTimeZone, parseInstant, startOfLocalDay, toLocalIsoDate } from './time-zone.utils';

describe('time zone utils', () => {
  it.each([
    ['2025-02-01T04:30:00Z', 'America/New_York', '2025-01-31'],
    ['2025-02-01T05:00:00Z', 'America/New_York', '2025-02-01'],
    ['2025-01-31T23:30:00-05:00', 'America/New_York', '2025-01-31'],
    ['2025-01-31T23:30:00-05:00', 'UTC', '2025-02-01'],
    ['2025-06-30T23:30:00Z', 'Asia/Tokyo', '2025-07-01'],
    ['2025-06-30T23:30:00Z', undefined, '2025-06-30'],
  ])('toLocalIsoDate(%s, %s) = %s', (instant, zone, date) => {
    expect(toLocalIsoDate(instant, zone)).toBe(date);
  });

  it.each([
    ['2025-01-01', 'America/New_York', '2025-01-01T05:00:00.000Z'],
    ['2025-07-01', 'America/New_York', '2025-07-01T04:00:00.000Z'],
    ['2025-03-09', 'America/New_York', '2025-03-09T05:00:00.000Z'], // DST starts at 02:00 that day
    ['2025-03-10', 'America/New_York', '2025-03-10T04:00:00.000Z'],
    ['2025-11-02', 'America/New_York', '2025-11-02T04:00:00.000Z'], // DST ends at 02:00 that day
    ['2025-01-01', 'Asia/Kolkata', '2024-12-31T18:30:00.000Z'],
    ['2018-11-04', 'America/Sao_Paulo', '2018-11-04T03:00:00.000Z'], // midnight skipped by DST
    ['2025-01-01', 'UTC', '2025-01-01T00:00:00.000Z'],
  ])('startOfLocalDay(%s, %s) = %s', (date, zone, iso) => {
    expect(new Date(startOfLocalDay(date, zone)).toISOString()).toBe(iso);
  });

  it('answers a day asked for again the same, per zone, and still refuses a bad day or zone', () => {
    const days = ['2025-03-08', '2025-03-09', '2025-03-10', '2025-11-01', '2025-11-02', '2025-11-03'];
    const zones = ['America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC'];
    const first = zones.map((zone) => days.map((day) => startOfLocalDay(day, zone)));
    expect(zones.map((zone) => days.map((day) => startOfLocalDay(day, zone)))).toEqual(first);
    // Different zones, different midnights: the zone is part of what is remembered.
    expect(new Set(first.map((row) => row[0])).size).toBe(zones.length);
    expect(() => startOfLocalDay('2025-02-30', 'UTC', 'startDate')).toThrow(/startDate/);
    expect(() => startOfLocalDay('2025-03-09', 'Mars/Olympus_Mons')).toThrow(ScoringValidationError);
  });

  it('accepts a Date instant', () => {
    expect(toLocalIsoDate(new Date(Date.UTC(2025, 1, 1, 4, 30)), 'America/New_York')).toBe('2025-01-31');
    expect(() => toLocalIsoDate(new Date(Number.NaN))).toThrow(ScoringValidationError);
  });

  it('rejects unknown zones and timestamps without an offset', () => {
    expect(() => assertTimeZone('Mars/Olympus_Mons')).toThrow(ScoringValidationError);
    expect(() => parseInstant('2025-01-31T23:30:00', 'startAt')).toThrow(/offset/);
    expect(() => parseInstant('2025-02-30T10:00:00Z', 'startAt')).toThrow(ScoringValidationError);
    expect(parseInstant('2025-01-31T23:30:00.250-05:00', 'startAt')).toBe(Date.UTC(2025, 1, 1, 4, 30, 0, 250));
  });
});
