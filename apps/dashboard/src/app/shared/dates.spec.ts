import { daysBetweenIso, formatIsoDate, localDateTimeInput, localIsoDate } from './dates';

describe('dates', () => {
  it('formats browser-local dates for inputs', () => {
    const d = new Date(2026, 0, 5, 9, 7);
    expect(localIsoDate(d)).toBe('2026-01-05');
    expect(localDateTimeInput(d)).toBe('2026-01-05T09:07');
  });

  it('formats calendar dates without shifting the day', () => {
    expect(formatIsoDate('2026-03-01')).toBe('1 Mar 2026');
    expect(formatIsoDate('2026-03-01T23:30:00-05:00')).toBe('1 Mar 2026');
    expect(formatIsoDate(null)).toBe('—');
  });

  it('counts days between calendar dates', () => {
    expect(daysBetweenIso('2026-02-27', '2026-03-02')).toBe(3);
  });
});
