import fc from 'fast-check';
import {
  addOnUnits,
  computeMonthlyBilling,
  type BillingEpisode,
  type BillingTimeEntry,
} from './cocm-billing.calculator';
import { ScoringValidationError } from './scoring-validation.error';

const NY = 'America/New_York';
const episode: BillingEpisode = { startDate: '2025-01-06', consentDate: '2025-01-06' };
const entry = (startAt: string, minutes: number, extra: Partial<BillingTimeEntry> = {}): BillingTimeEntry => ({
  staffId: 'cm-1',
  startAt,
  minutes,
  staffRole: 'care_manager',
  ...extra,
});
/** One entry of `minutes` on a mid-month weekday. */
const monthWith = (minutes: number, month: string) =>
  computeMonthlyBilling([entry(`${month}-14T15:00:00Z`, minutes)], episode, month, NY);

describe('computeMonthlyBilling', () => {
  describe('first month (99492 at ≥36, base 70)', () => {
    it.each([
      [15, []],
      [16, [['G2214', 1]]],
      [35, [['G2214', 1]]],
      [36, [['99492', 1]]],
      [85, [['99492', 1]]],
      [
        86,
        [
          ['99492', 1],
          ['99494', 1],
        ],
      ],
      [
        115,
        [
          ['99492', 1],
          ['99494', 1],
        ],
      ],
      [
        116,
        [
          ['99492', 1],
          ['99494', 2],
        ],
      ],
      [
        146,
        [
          ['99492', 1],
          ['99494', 3],
        ],
      ],
    ])('%i minutes → %j', (minutes, lines) => {
      const result = monthWith(minutes, '2025-01');
      expect(result.isFirstMonth).toBe(true);
      expect(result.lines.map((l) => [l.code, l.units])).toEqual(lines);
      expect(result.eligibleCodes).toEqual(lines.map(([code]) => code));
    });
  });

  it('bills the first month of an episode that resumes one discharged under 6 months ago as a later month', () => {
    const resumed: BillingEpisode = { ...episode, continuesEarlierEpisode: true };
    const result = computeMonthlyBilling([entry('2025-01-14T15:00:00Z', 40)], resumed, '2025-01', NY);
    expect(result).toMatchObject({ isFirstMonth: false, baseMinutes: 60 });
    expect(result.lines.map((l) => [l.code, l.units])).toEqual([['99493', 1]]);
    // 33 minutes: 99493 (≥31), where an initial month would have given only G2214 (<36).
    const short = computeMonthlyBilling([entry('2025-01-14T15:00:00Z', 33)], resumed, '2025-01', NY);
    expect(short.eligibleCodes).toEqual(['99493']);
  });

  describe('later months (99493 at ≥31, base 60)', () => {
    it.each([
      [15, []],
      [16, [['G2214', 1]]],
      [30, [['G2214', 1]]],
      [31, [['99493', 1]]],
      [75, [['99493', 1]]],
      [
        76,
        [
          ['99493', 1],
          ['99494', 1],
        ],
      ],
      [
        105,
        [
          ['99493', 1],
          ['99494', 1],
        ],
      ],
      [
        106,
        [
          ['99493', 1],
          ['99494', 2],
        ],
      ],
    ])('%i minutes → %j', (minutes, lines) => {
      const result = monthWith(minutes, '2025-03');
      expect(result).toMatchObject({ isFirstMonth: false, baseMinutes: 60, countableMinutes: minutes });
      expect(result.lines.map((l) => [l.code, l.units])).toEqual(lines);
    });
  });

  it.each([
    ['2025-01', 0, 'G2214', 16],
    ['2025-01', 20, '99492', 36],
    ['2025-01', 40, '99494', 86],
    ['2025-01', 86, '99494', 116],
    ['2025-02', 30, '99493', 31],
    ['2025-02', 31, '99494', 76],
  ])('%s with %i minutes: next is %s at %i', (month, minutes, code, atMinutes) => {
    const result = minutes === 0 ? computeMonthlyBilling([], episode, month, NY) : monthWith(minutes, month);
    expect(result.nextThreshold).toEqual({ code, atMinutes, minutesNeeded: atMinutes - minutes });
  });

  describe('time zones and month boundaries', () => {
    const lateJan31 = entry('2025-01-31T23:30:00-05:00', 20);

    it('puts 23:30 on Jan 31 in New York into January', () => {
      expect(computeMonthlyBilling([lateJan31], episode, '2025-01', NY).countableMinutes).toBe(20);
      expect(computeMonthlyBilling([lateJan31], episode, '2025-02', NY).countableMinutes).toBe(0);
    });

    it('puts the same instant into February in UTC', () => {
      expect(computeMonthlyBilling([lateJan31], episode, '2025-02', 'UTC').countableMinutes).toBe(20);
      expect(computeMonthlyBilling([lateJan31], episode, '2025-01').countableMinutes).toBe(0);
    });

    it('splits an entry that crosses local midnight at the month end', () => {
      const crossing = [entry('2025-01-31T23:30:00-05:00', 60)];
      expect(computeMonthlyBilling(crossing, episode, '2025-01', NY).countableMinutes).toBe(30);
      expect(computeMonthlyBilling(crossing, episode, '2025-02', NY).countableMinutes).toBe(30);
    });

    it('handles a month containing a DST change (March in New York)', () => {
      const entries = [entry('2025-03-01T00:10:00-05:00', 20), entry('2025-03-31T23:40:00-04:00', 20)];
      expect(computeMonthlyBilling(entries, episode, '2025-03', NY).countableMinutes).toBe(40);
    });
  });

  describe('overlapping entries', () => {
    it.each([
      [
        'overlap',
        [
          ['10:00', 30],
          ['10:15', 30],
        ],
        45,
      ],
      [
        'contained',
        [
          ['10:00', 60],
          ['10:10', 20],
        ],
        60,
      ],
      [
        'touching',
        [
          ['10:00', 30],
          ['10:30', 30],
        ],
        60,
      ],
      [
        'duplicate',
        [
          ['10:00', 40],
          ['10:00', 40],
        ],
        40,
      ],
      [
        'separate',
        [
          ['10:00', 20],
          ['14:00', 20],
        ],
        40,
      ],
    ])('%s entries of one staff member count once', (_name, blocks, minutes) => {
      const entries = (blocks as [string, number][]).map(([time, length]) =>
        entry(`2025-02-10T${time}:00-05:00`, length),
      );
      expect(computeMonthlyBilling(entries, episode, '2025-02', NY).countableMinutes).toBe(minutes);
    });

    it('adds up overlapping time of different staff', () => {
      const entries = [
        entry('2025-02-10T10:00:00-05:00', 30),
        entry('2025-02-10T10:00:00-05:00', 30, { staffId: 'cm-2' }),
      ];
      expect(computeMonthlyBilling(entries, episode, '2025-02', NY).countableMinutes).toBe(60);
    });

    it('floors partial minutes once, after merging', () => {
      const entries = [entry('2025-02-10T10:00:30-05:00', 10), entry('2025-02-10T10:20:30-05:00', 10)];
      expect(computeMonthlyBilling(entries, episode, '2025-02', NY).countableMinutes).toBe(20);
      expect(
        computeMonthlyBilling([entry('2025-02-10T10:00:00-05:00', 15.5)], episode, '2025-02', NY).countableMinutes,
      ).toBe(15);
    });
  });

  describe('episode bounds (consent → discharge, clinic-local days)', () => {
    const late: BillingEpisode = { startDate: '2025-01-06', consentDate: '2025-01-10', dischargeDate: '2025-01-20' };

    it.each([
      ['2025-01-09T23:50:00-05:00', 20], // starts before consent: only the minutes from local midnight
      ['2025-01-10T00:05:00-05:00', 30], // consent day counts from local midnight
      ['2025-01-20T23:00:00-05:00', 30], // discharge day counts to its end
      ['2025-01-21T00:00:00-05:00', 0],
      ['2025-01-20T23:45:00-05:00', 15], // clipped at the end of the discharge day
    ])('an entry of 30 minutes at %s counts %i', (startAt, minutes) => {
      expect(computeMonthlyBilling([entry(startAt, 30)], late, '2025-01', NY).countableMinutes).toBe(minutes);
    });

    it('counts nothing without consent and reports months outside the episode', () => {
      const noConsent = computeMonthlyBilling(
        [entry('2025-01-14T15:00:00Z', 50)],
        { ...episode, consentDate: null },
        '2025-01',
        NY,
      );
      expect(noConsent).toMatchObject({ countableMinutes: 0, withinEpisode: false, lines: [], nextThreshold: null });
      const afterDischarge = computeMonthlyBilling([entry('2025-02-14T15:00:00Z', 50)], late, '2025-02', NY);
      expect(afterDischarge).toMatchObject({ countableMinutes: 0, withinEpisode: false, nextThreshold: null });
    });
  });

  it('counts care-manager time only, unless configured', () => {
    const entries = [
      entry('2025-02-10T10:00:00-05:00', 40, { staffId: 'psy', staffRole: 'psychiatric_consultant' }),
      entry('2025-02-11T10:00:00-05:00', 20),
    ];
    expect(computeMonthlyBilling(entries, episode, '2025-02', NY).countableMinutes).toBe(20);
    const all = computeMonthlyBilling(entries, episode, '2025-02', NY, {
      countedRoles: ['care_manager', 'psychiatric_consultant'],
    });
    expect(all.countableMinutes).toBe(60);
  });

  it.each([
    [[entry('2025-02-10T10:00:00', 10)], '2025-02', NY, 'timeEntries[0].startAt'],
    [[entry('2025-02-10T10:00:00Z', -5)], '2025-02', NY, 'timeEntries[0].minutes'],
    [[], '2025-2', NY, 'month'],
    [[], '2025-02', 'Eastern', 'timeZone'],
  ])('rejects invalid input (%#)', (entries, month, zone, field) => {
    try {
      computeMonthlyBilling(entries, episode, month, zone);
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(ScoringValidationError);
      expect((error as ScoringValidationError).field).toBe(field);
    }
  });

  it('add-on units match the thresholds base + 16 + 30k (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.constantFrom(60, 70), (minutes, base) => {
        let expected = 0;
        while (minutes >= base + 16 + 30 * expected) expected += 1;
        expect(addOnUnits(minutes, base)).toBe(expected);
      }),
    );
  });

  it('never counts more than the logged minutes, nor less than the longest entry inside the episode (property)', () => {
    const arbitraryEntry = fc.record({
      staffId: fc.constantFrom('a', 'b'),
      offsetMinutes: fc.integer({ min: 0, max: 27 * 24 * 60 }),
      minutes: fc.integer({ min: 0, max: 120 }),
    });
    fc.assert(
      fc.property(fc.array(arbitraryEntry, { maxLength: 12 }), (raw) => {
        const monthStart = Date.parse('2025-02-01T05:00:00Z');
        const entries = raw.map((r) =>
          entry(new Date(monthStart + r.offsetMinutes * 60_000).toISOString(), r.minutes, { staffId: r.staffId }),
        );
        const { countableMinutes } = computeMonthlyBilling(entries, episode, '2025-02', NY);
        expect(countableMinutes).toBeLessThanOrEqual(raw.reduce((sum, r) => sum + r.minutes, 0));
        expect(countableMinutes).toBeGreaterThanOrEqual(Math.max(0, ...raw.map((r) => r.minutes)));
      }),
    );
  });
});
