import fc from 'fast-check';
import { orderReviewAgenda, type ReviewAgendaEntry } from './review-agenda.sorter';

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
    expect(agenda[7]).toMatchObject({ bucketPriority: 5, reason: 'Routine review; last reviewed 7 days ago' });
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
});
