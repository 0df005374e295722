import type { ReviewAgendaLine } from '@huddle/shared-types';
import { nextToReview, phq9Text, printedAgenda, selectLine, splitAgenda, unloadedLines } from './agenda-lines';

const line = (rank: number, overrides: Partial<ReviewAgendaLine> = {}): ReviewAgendaLine => ({
  rank,
  bucket: 'longest_since_review',
  bucketPriority: 5,
  reason: `Reason ${rank}`,
  patientId: `p${rank}`,
  episodeId: `e${rank}`,
  givenName: 'Pat',
  familyName: `Family${rank}`,
  mrn: `MRN-${rank}`,
  episodeStatus: 'active',
  enrolledAt: '2026-09-01',
  careManager: null,
  weeksInTreatment: 12,
  phq9Latest: { date: '2026-11-30', total: 14 },
  phq9PercentChange: -30,
  lastReviewedAt: '2026-10-01',
  daysSinceLastReview: 60,
  flags: [],
  reviewRequested: false,
  reviewedThisWeek: false,
  reviewId: null,
  reviewedOn: null,
  dueThisWeek: true,
  ...overrides,
});

describe('agenda lines', () => {
  const lines = [
    line(1, { bucket: 'safety', flags: [{ code: 'SAFETY', severity: 'critical', reason: 'x', source: 'computed' }] }),
    line(2, { reviewedThisWeek: true, reviewedOn: '2026-12-01' }),
    line(3),
    line(4, { dueThisWeek: false }),
    line(5, { dueThisWeek: false }),
  ];

  it('splits at the cut-off, keeping the order', () => {
    const { due, notDue } = splitAgenda(lines);
    expect(due.map((l) => l.rank)).toEqual([1, 2, 3]);
    expect(notDue.map((l) => l.rank)).toEqual([4, 5]);
  });

  it('opens the chosen patient, else the first due patient not yet reviewed', () => {
    expect(selectLine(lines, 'p5')?.rank).toBe(5);
    expect(selectLine(lines, null)?.rank).toBe(1);
    const doneDue = lines.map((l) => (l.dueThisWeek ? { ...l, reviewedThisWeek: true } : l));
    expect(selectLine(doneDue, null)?.rank).toBe(1);
    expect(selectLine([], null)).toBeNull();
  });

  it('moves on to the next due patient not yet reviewed, never to a patient not due', () => {
    expect(nextToReview(lines, must(lines[0]))?.rank).toBe(3);
    expect(nextToReview(lines, must(lines[2]))?.rank).toBe(1);
    expect(
      nextToReview(
        [lines[0], lines[3]].map((l) => must(l)),
        must(lines[0]),
      ),
    ).toBeNull();
  });

  it('counts the lines of each section not loaded yet (the page holds the first lines of the agenda)', () => {
    expect(unloadedLines({ lines, sections: { due: 3, notDue: 2 } })).toEqual({ due: 0, notDue: 0 });
    // First page of 2: one due line and every not-due line still to load.
    expect(unloadedLines({ lines: lines.slice(0, 2), sections: { due: 3, notDue: 2 } })).toEqual({
      due: 1,
      notDue: 2,
    });
    expect(unloadedLines({ lines: lines.slice(0, 4), sections: { due: 3, notDue: 40 } })).toEqual({
      due: 0,
      notDue: 39,
    });
  });

  it('prints one line per due patient with why, latest PHQ-9 and change, weeks and flags', () => {
    expect(printedAgenda(lines)).toEqual([
      {
        rank: 1,
        name: 'Family1, Pat',
        mrn: 'MRN-1',
        why: 'Reason 1',
        phq9: '14 on 30 Nov 2026 (−30%)',
        weeks: '12',
        flags: 'Safety',
      },
      expect.objectContaining({ rank: 2, flags: '—' }),
      expect.objectContaining({ rank: 3 }),
    ]);
    expect(phq9Text({ phq9Latest: null, phq9PercentChange: null })).toBe('No PHQ-9');
    expect(phq9Text({ phq9Latest: { date: '2026-11-30', total: 9 }, phq9PercentChange: 12.4 })).toBe(
      '9 on 30 Nov 2026 (+12%)',
    );
    expect(phq9Text({ phq9Latest: { date: '2026-11-30', total: 9 }, phq9PercentChange: null })).toBe(
      '9 on 30 Nov 2026',
    );
  });
});

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('missing');
  return value;
}
