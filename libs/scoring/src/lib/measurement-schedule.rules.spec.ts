import { INSTRUMENTS } from './instrument.registry';
import {
  assertMeasurementSchedule,
  DEFAULT_MEASUREMENT_SCHEDULE,
  isLinkDue,
  measurementIntervalDays,
  nextMeasureDue,
} from './measurement-schedule.rules';
import { SELF_REPORT_WORDING } from './self-report.wording';

describe('measurement schedule', () => {
  const base = { status: 'active' as const, startedOn: '2026-03-02', lastScoreOn: null };

  it.each([
    ['active, no score yet: due at the start', base, '2026-03-02'],
    ['active: 14 days after the last score', { ...base, lastScoreOn: '2026-03-10' }, '2026-03-24'],
    ['enrolled counts as active', { ...base, status: 'enrolled' as const, lastScoreOn: '2026-03-10' }, '2026-03-24'],
    [
      'relapse prevention: 30 days',
      { ...base, status: 'relapse_prevention' as const, lastScoreOn: '2026-03-10' },
      '2026-04-09',
    ],
    ['referred: not scheduled', { ...base, status: 'referred' as const }, null],
    ['discharged: not scheduled', { ...base, status: 'discharged' as const, lastScoreOn: '2026-03-10' }, null],
  ])('%s', (_label, episode, due) => {
    expect(nextMeasureDue(episode)).toBe(due);
  });

  it('reads the intervals from the clinic settings', () => {
    const settings = { ...DEFAULT_MEASUREMENT_SCHEDULE, activeIntervalDays: 21 };
    expect(measurementIntervalDays('active', settings)).toBe(21);
    expect(nextMeasureDue({ ...base, lastScoreOn: '2026-03-10' }, settings)).toBe('2026-03-31');
  });

  it('sends the link from leadDays before the due date on', () => {
    expect(isLinkDue('2026-03-24', '2026-03-20')).toBe(false);
    expect(isLinkDue('2026-03-24', '2026-03-21')).toBe(true);
    expect(isLinkDue('2026-03-24', '2026-03-30')).toBe(true);
    expect(isLinkDue('2026-03-24', '2026-03-24', { ...DEFAULT_MEASUREMENT_SCHEDULE, leadDays: 0 })).toBe(true);
    expect(isLinkDue('2026-03-24', '2026-03-23', { ...DEFAULT_MEASUREMENT_SCHEDULE, leadDays: 0 })).toBe(false);
  });

  it.each([
    [{ activeIntervalDays: 6 }, 'activeIntervalDays'],
    [{ activeIntervalDays: 14.5 }, 'activeIntervalDays'],
    [{ linkExpiryHours: 1000 }, 'linkExpiryHours'],
    [{ leadDays: -1 }, 'leadDays'],
  ])('refuses %j naming %s', (settings, field) => {
    expect(() => assertMeasurementSchedule(settings)).toThrow(expect.objectContaining({ field }));
  });

  it('accepts the defaults', () => {
    expect(() => assertMeasurementSchedule(DEFAULT_MEASUREMENT_SCHEDULE)).not.toThrow();
  });
});

describe('self-report wording', () => {
  it.each(['en', 'es'] as const)('%s: every scored item of each instrument has its wording, in form order', (lang) => {
    for (const [id, wording] of Object.entries(SELF_REPORT_WORDING[lang])) {
      const scored = INSTRUMENTS[id as keyof typeof INSTRUMENTS].items.filter((item) => item.scored);
      expect(wording.items.map((item) => item.id)).toEqual(scored.map((item) => item.id));
      expect(wording.options).toHaveLength(scored[0]?.options.length ?? 0);
      expect(wording.copyright).toMatch(/Pfizer/);
    }
  });

  it('the PHQ-9 item 10 wording is that of the unscored item', () => {
    expect(SELF_REPORT_WORDING.es.PHQ9.difficulty?.id).toBe('phq9_difficulty');
    expect(INSTRUMENTS.PHQ9.items.find((item) => item.id === 'phq9_difficulty')?.scored).toBe(false);
  });
});
