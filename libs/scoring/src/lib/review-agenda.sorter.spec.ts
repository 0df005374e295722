import fc from 'fast-check';
import { DEFAULT_FLAG_THRESHOLDS, mergeFlagThresholds } from './flag-thresholds.config';
import { isDueThisWeek, orderReviewAgenda, type ReviewAgendaEntry } from './review-agenda.sorter';

const AS_OF = '2025-06-02';
const entry = (
  patientId: string,
  overrides: Partial<ReviewAgendaEntry> = {},
): ReviewAgendaEntry & { note: string } => ({
  patientId,
  flagCodes: [],
  enrolledAt: '2025-01-06',
  lastReviewedAt: '2025-05-01',
  note: `extra-${patientId}`,
  ...overrides,
});

describe('orderReviewAgenda', () => {
  const entries = [
    entry('routine-old', { lastReviewedAt: '2025-03-01' }),
    entry('routine-recent', { lastReviewedAt: '2025-05-26' }),
    entry('requested', { requestedByCareManager: true, lastReviewedAt: '2025-05-26' }),
    entry('not-improving', { flagCodes: ['NOT_IMPROVING'], lastReviewedAt: '2025-05-26' }),
    entry('worsening', { flagCodes: ['WORSENING'], lastReviewedAt: '2025-04-01' }),
    entry('new-late', { lastReviewedAt: null, enrolledAt: '2025-05-20' }),
    entry('new-early', { lastReviewedAt: null, enrolledAt: '2025-05-01', flagCodes: ['NOT_IMPROVING_EARLY'] }),
    entry('safety', { flagCodes: ['NO_SCORE_30D', 'SAFETY'], lastReviewedAt: '2025-05-30' }),
  ];

  it('orders safety → new/never reviewed → not improving → requested → longest since review', () => {
    const agenda = orderReviewAgenda(entries, AS_OF);
    expect(agenda.map((item) => [item.rank, item.patientId, item.bucket])).toEqual([
      [1, 'safety', 'safety'],
      [2, 'new-early', 'new_never_reviewed'],
      [3, 'new-late', 'new_never_reviewed'],
      [4, 'worsening', 'not_improving'],
      [5, 'not-improving', 'not_improving'],
      [6, 'requested', 'care_manager_request'],
      [7, 'routine-old', 'longest_since_review'],
      [8, 'routine-recent', 'longest_since_review'],
    ]);
  });

  it('explains each placement and passes the entry through', () => {
    const agenda = orderReviewAgenda(entries, AS_OF);
    expect(agenda[0]).toMatchObject({
      bucketPriority: 1,
      daysSinceLastReview: 3,
      reason: 'Safety flag; last reviewed 3 days ago',
      entry: { note: 'extra-safety' },
    });
    expect(agenda[1]?.reason).toBe('New, never reviewed by the consultant (enrolled 32 days ago)');
    expect(agenda[3]?.reason).toBe('WORSENING; last reviewed 62 days ago');
    expect(agenda[7]).toMatchObject({
      bucketPriority: 5,
      dueThisWeek: false,
      reason: 'Not due this week; last reviewed 7 days ago (routine review every 60 days)',
    });
    expect(agenda[6]).toMatchObject({
      dueThisWeek: true,
      reason: 'Routine review due (every 60 days); last reviewed 93 days ago',
    });
  });

  it('breaks ties by patient id and is independent of input order', () => {
    const tied = ['c', 'a', 'b'].map((id) => entry(id));
    expect(orderReviewAgenda(tied, AS_OF).map((item) => item.patientId)).toEqual(['a', 'b', 'c']);
    fc.assert(
      fc.property(fc.shuffledSubarray(entries, { minLength: entries.length }), (shuffled) => {
        expect(orderReviewAgenda(shuffled, AS_OF).map((i) => i.patientId)).toEqual(
          orderReviewAgenda(entries, AS_OF).map((i) => i.patientId),
        );
      }),
    );
  });

  it('returns an empty agenda for no entries and rejects malformed dates', () => {
    expect(orderReviewAgenda([], AS_OF)).toEqual([]);
    expect(() => orderReviewAgenda([entry('x', { lastReviewedAt: '06/01/2025' })], AS_OF)).toThrow(/lastReviewedAt/);
  });

  describe('weekly cut-off', () => {
    const WEEK_END = '2025-06-08'; // Sunday of the week of AS_OF (Monday 2 June 2025)

    it('keeps every priority bucket due and cuts routine reviews at routineReviewDays by the week end', () => {
      const agenda = orderReviewAgenda(
        [
          ...entries,
          // 2025-04-09 → 60 days on Sunday 8 June: due; 2025-04-10 → 59 days: not due.
          entry('routine-edge', { lastReviewedAt: '2025-04-09' }),
          entry('routine-before-edge', { lastReviewedAt: '2025-04-10' }),
        ],
        AS_OF,
        { routineReviewDays: DEFAULT_FLAG_THRESHOLDS.routineReviewDays, weekEnd: WEEK_END },
      );
      const due = Object.fromEntries(agenda.map((item) => [item.patientId, item.dueThisWeek]));
      expect(due).toEqual({
        safety: true,
        'new-early': true,
        'new-late': true,
        worsening: true,
        'not-improving': true,
        requested: true,
        'routine-old': true,
        'routine-edge': true,
        'routine-before-edge': false,
        'routine-recent': false,
      });
      // Due lines always come first.
      const firstNotDue = agenda.findIndex((item) => !item.dueThisWeek);
      expect(agenda.slice(firstNotDue).every((item) => !item.dueThisWeek)).toBe(true);
    });

    it('follows the clinic setting', () => {
      const agenda = orderReviewAgenda([entry('r', { lastReviewedAt: '2025-05-25' })], AS_OF, {
        routineReviewDays: 14,
        weekEnd: WEEK_END,
      });
      expect(agenda[0]).toMatchObject({
        dueThisWeek: true,
        reason: 'Routine review due (every 14 days); last reviewed 8 days ago',
      });
      expect(isDueThisWeek('longest_since_review', 13, 14)).toBe(false);
      expect(isDueThisWeek('longest_since_review', 14, 14)).toBe(true);
      expect(isDueThisWeek('longest_since_review', null, 14)).toBe(true);
      expect(isDueThisWeek('care_manager_request', 0, 14)).toBe(true);
      expect(isDueThisWeek('safety', 0, 365)).toBe(true);
    });

    it('bounds the setting: a week to a year', () => {
      expect(mergeFlagThresholds({ routineReviewDays: 7 }).routineReviewDays).toBe(7);
      expect(() => mergeFlagThresholds({ routineReviewDays: 6 })).toThrow(/routineReviewDays/);
      expect(() => mergeFlagThresholds({ routineReviewDays: 366 })).toThrow(/routineReviewDays/);
    });
  });

  describe('reason after a review this week', () => {
    it('says "Reviewed today" or the date, and drops how long ago the previous review was', () => {
      const agenda = orderReviewAgenda(
        [
          entry('routine', { lastReviewedAt: '2025-05-17', reviewedThisWeekOn: '2025-06-02' }),
          entry('safety', { flagCodes: ['SAFETY'], reviewedThisWeekOn: '2025-06-02' }),
          entry('new', { lastReviewedAt: null, reviewedThisWeekOn: '2025-06-03' }),
          entry('slow', { flagCodes: ['NOT_IMPROVING'], reviewedThisWeekOn: '2025-06-04' }),
        ],
        '2025-06-04',
        { today: '2025-06-04', weekEnd: '2025-06-08' },
      );
      const reasons = Object.fromEntries(agenda.map((item) => [item.patientId, item.reason]));
      expect(reasons).toEqual({
        routine: 'Reviewed on 2 Jun 2025 (routine review)',
        safety: 'Reviewed on 2 Jun 2025 (safety flag)',
        new: 'Reviewed on 3 Jun 2025 (new patient)',
        slow: 'Reviewed today (NOT_IMPROVING)',
      });
      expect(Object.values(reasons).join(' ')).not.toMatch(/days ago/);
      // Ordering still uses the review before the week: the patient stays where the week started.
      expect(agenda.map((item) => item.bucket)).toEqual([
        'safety',
        'new_never_reviewed',
        'not_improving',
        'longest_since_review',
      ]);
    });
  });
});
