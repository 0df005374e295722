import { addDays, addMonths, daysBetween, fromDayNumber, monthBounds, monthOf, toDayNumber } from './date.utils';
import { ScoringValidationError } from './scoring-validation.error';

describe('date utils', () => {
  it.each(['2025-02-29', '2025-13-01', '2025-1-01', '2025-01-01T00:00:00Z', '', '0099-01-01'])(
    'rejects %j as a calendar date',
    (value) => {
      expect(() => toDayNumber(value, 'asOf')).toThrow(ScoringValidationError);
    },
  );

  it('gives the same day numbers on repeated parses, and still rejects a bad date after good ones', () => {
    const dates = ['2025-03-09', '2025-03-10', '2024-12-31'];
    const first = dates.map((d) => toDayNumber(d, 'd'));
    expect(dates.map((d) => toDayNumber(d, 'd'))).toEqual(first);
    expect(first).toEqual([20156, 20157, 20088]);
    expect(() => toDayNumber('2025-02-29', 'lastContactAt')).toThrow(/lastContactAt/);
    expect(() => toDayNumber('2025-02-29', 'lastContactAt')).toThrow(/lastContactAt/);
  });

  it('round-trips day numbers', () => {
    expect(fromDayNumber(toDayNumber('2024-02-29', 'd'))).toBe('2024-02-29');
    expect(toDayNumber('1970-01-02', 'd')).toBe(1);
  });

  it.each([
    ['2025-01-01', '2025-01-31', 30],
    ['2025-03-01', '2025-03-31', 30], // spans the US DST change: still whole days
    ['2025-01-31', '2025-01-01', -30],
  ])('daysBetween(%s, %s) = %i', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });

  it.each([
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-01-15', 12, '2025-01-15'],
    ['2025-12-10', 1, '2026-01-10'],
  ])('addMonths(%s, %i) = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('adds days and finds month bounds', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(monthBounds('2024-02')).toEqual({ first: '2024-02-01', last: '2024-02-29' });
    expect(monthOf('2025-07-04')).toBe('2025-07');
    expect(() => monthBounds('2025-13')).toThrow(/YYYY-MM/);
  });
});
