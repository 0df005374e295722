import type { CaseloadRow } from '@huddle/shared-types';

/** A caseload row for tests, numbered `i`. */
export function caseloadRow(over: Partial<CaseloadRow> = {}, i = 0): CaseloadRow {
  return {
    patientId: `p${i}`,
    episodeId: `e${i}`,
    givenName: 'Ana',
    familyName: `Patient${i}`,
    mrn: `RIV${String(100000 + i)}`,
    episodeStatus: 'active',
    enrolledAt: '2026-06-01',
    careManagerId: 'cm1',
    phq9: {
      baseline: { date: '2026-06-01', total: 18 },
      latest: { date: '2026-09-01', total: 8 },
      percentChange: -55.6,
    },
    gad7: {
      baseline: { date: '2026-06-01', total: 12 },
      latest: { date: '2026-09-01', total: 10 },
      percentChange: -16.7,
    },
    weeksInTreatment: 13,
    lastContactAt: '2026-09-01',
    lastReviewAt: null,
    minutesThisMonth: 42,
    flags: [],
    safety: false,
    reviewRequested: false,
    ...over,
  };
}
