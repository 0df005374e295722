import type { FlagCode } from '@huddle/shared-types';
import { addDays } from './date.utils';
import { DEFAULT_FLAG_THRESHOLDS, mergeFlagThresholds } from './flag-thresholds.config';
import { evaluateFlags } from './flag.evaluator';
import type { FlagAssessmentInput, PatientFlagContext } from './patient-flag-context.model';

const ENROLLED = '2025-01-01';
const day = (n: number) => addDays(ENROLLED, n);

function phq9(
  id: string,
  dayIndex: number,
  total: number | null,
  extra: Partial<FlagAssessmentInput> = {},
): FlagAssessmentInput {
  return {
    id,
    instrumentId: 'PHQ9',
    date: day(dayIndex),
    total,
    complete: total !== null,
    safetyRisk: false,
    ...extra,
  };
}

/** An engaged, reviewed, active patient with no flags as of `asOfDay`; override what a test needs. */
function patient(asOfDay: number, overrides: Partial<PatientFlagContext> = {}): PatientFlagContext {
  return {
    patientId: 'p1',
    episode: { status: 'active', enrolledAt: ENROLLED, initialAssessmentAt: ENROLLED },
    assessments: [phq9('a0', 0, 12), phq9('a1', Math.max(1, asOfDay - 1), 5)],
    contacts: [
      { date: day(0), type: 'initial_assessment' },
      { date: day(Math.max(1, asOfDay - 1)), type: 'follow_up' },
    ],
    consultantReviewDates: [day(Math.max(0, asOfDay - 1))],
    ...overrides,
  };
}

const codesAt = (asOfDay: number, context: PatientFlagContext, thresholds = DEFAULT_FLAG_THRESHOLDS): FlagCode[] =>
  evaluateFlags(context, thresholds, day(asOfDay)).map((flag) => flag.code);

describe('evaluateFlags', () => {
  it('raises nothing for an engaged, improving, reviewed patient', () => {
    expect(codesAt(40, patient(40))).toEqual([]);
  });

  it('raises nothing for a discharged episode, even with a safety answer', () => {
    const context = patient(40, {
      episode: { status: 'discharged', enrolledAt: ENROLLED, dischargedAt: day(30) },
      assessments: [phq9('a', 20, 15, { safetyRisk: true })],
    });
    expect(codesAt(40, context)).toEqual([]);
  });

  it('raises only safety and incomplete-form flags for a referred patient', () => {
    const context: PatientFlagContext = {
      patientId: 'p2',
      episode: { status: 'referred', enrolledAt: null },
      assessments: [phq9('a', 0, null, { safetyRisk: true, missingItems: ['phq9_4'] })],
      contacts: [],
      consultantReviewDates: [],
    };
    expect(codesAt(90, context)).toEqual(['SAFETY', 'INCOMPLETE_FORM_NEEDS_REVIEW']);
  });

  describe('SAFETY', () => {
    it.each([
      [undefined, true],
      [null, true],
      [day(10), false], // resolved on asOf
      [day(11), true], // resolved after asOf: still open as of asOf
    ])('item 9 > 0 resolved at %s → flagged %s', (resolvedAt, flagged) => {
      const context = patient(10, {
        assessments: [phq9('a', 9, 14, { safetyRisk: true, safetyResolvedAt: resolvedAt })],
      });
      expect(codesAt(10, context).includes('SAFETY')).toBe(flagged);
    });

    it('cites every unresolved assessment and is critical and first', () => {
      const context = patient(40, {
        assessments: [phq9('old', 2, 20, { safetyRisk: true }), phq9('new', 39, null, { safetyRisk: true })],
      });
      const [first] = evaluateFlags(context, DEFAULT_FLAG_THRESHOLDS, day(40));
      expect(first?.code).toBe('SAFETY');
      expect(first?.severity).toBe('critical');
      expect(first?.code === 'SAFETY' && first.evidence.assessments.map((a) => a.assessmentId)).toEqual(['old', 'new']);
      expect(first?.evidence.reason).toBe(
        'PHQ-9 item 9 (safety) answered above 0 on 2025-02-09; safety follow-up not documented',
      );
    });
  });

  describe('NOT_IMPROVING / NOT_IMPROVING_EARLY (baseline 20)', () => {
    const progressCodes = (asOfDay: number, latest: number) =>
      codesAt(asOfDay, patient(asOfDay, { assessments: [phq9('b', 0, 20), phq9('l', asOfDay - 1, latest)] })).filter(
        (code) => code.startsWith('NOT_IMPROVING'),
      );

    it.each([
      [55, 11, []], // week 7
      [56, 11, ['NOT_IMPROVING_EARLY']], // week 8
      [69, 11, ['NOT_IMPROVING_EARLY']], // week 9
      [70, 11, ['NOT_IMPROVING']], // week 10 supersedes the early flag
      [84, 11, ['NOT_IMPROVING']], // week 12
      [84, 10, []], // exactly 50%: response
      [56, 10, []],
    ])('as of day %i with latest %i → %j', (asOfDay, latest, expected) => {
      expect(progressCodes(asOfDay, latest)).toEqual(expected);
    });

    it('is not raised in remission, without a follow-up, in relapse prevention, or with a baseline of 0', () => {
      const remission = patient(84, { assessments: [phq9('b', 0, 8), phq9('l', 80, 4)] });
      const baselineOnly = patient(84, { assessments: [phq9('b', 0, 20)] });
      const relapsePrevention = patient(84, {
        episode: { status: 'relapse_prevention', enrolledAt: ENROLLED },
        assessments: [phq9('b', 0, 20), phq9('l', 80, 15)],
      });
      const zero = patient(84, { assessments: [phq9('b', 0, 0), phq9('l', 80, 3)] });
      for (const context of [remission, baselineOnly, relapsePrevention, zero]) {
        expect(codesAt(84, context).filter((c) => c.startsWith('NOT_IMPROVING'))).toEqual([]);
      }
    });

    it('explains itself with structured evidence', () => {
      const flags = evaluateFlags(
        patient(70, { assessments: [phq9('b', 0, 18), phq9('l', 69, 12)] }),
        DEFAULT_FLAG_THRESHOLDS,
        day(70),
      );
      const flag = flags.find((f) => f.code === 'NOT_IMPROVING');
      expect(flag?.evidence).toMatchObject({
        weeksInTreatment: 10,
        baselineScore: 18,
        latestScore: 12,
        targetScore: 9,
      });
      expect(flag?.evidence.reason).toBe('Week 10: PHQ9 18 → 12 (33.3% reduction; target ≥50% reduction)');
    });
  });

  describe('WORSENING', () => {
    it.each([
      [14, false],
      [15, true],
    ])('previous 10 → latest %i → %s', (latest, flagged) => {
      const context = patient(30, { assessments: [phq9('b', 0, 16), phq9('p', 14, 10), phq9('l', 28, latest)] });
      expect(codesAt(30, context).includes('WORSENING')).toBe(flagged);
    });

    it('is still raised in relapse prevention', () => {
      const context = patient(200, {
        episode: { status: 'relapse_prevention', enrolledAt: ENROLLED },
        assessments: [phq9('b', 0, 16), phq9('p', 180, 3), phq9('l', 199, 9)],
      });
      expect(codesAt(200, context)).toContain('WORSENING');
    });
  });

  describe('NO_CONTACT_30D and NO_SCORE_30D', () => {
    it.each([
      [29, false],
      [30, false], // a contact 30 days ago is within the last 30 days
      [31, true],
    ])('last contact %i days ago → NO_CONTACT_30D %s', (daysAgo, flagged) => {
      const context = patient(100, { contacts: [{ date: day(0) }, { date: day(100 - daysAgo), type: 'follow_up' }] });
      expect(codesAt(100, context).includes('NO_CONTACT_30D')).toBe(flagged);
    });

    it('ignores outreach attempts and care coordination', () => {
      const context = patient(100, {
        contacts: [
          { date: day(5), type: 'follow_up' },
          { date: day(99), type: 'outreach_attempt' },
          { date: day(99), type: 'care_coordination' },
        ],
      });
      const flag = evaluateFlags(context, DEFAULT_FLAG_THRESHOLDS, day(100)).find((f) => f.code === 'NO_CONTACT_30D');
      expect(flag?.evidence).toMatchObject({ lastDate: day(5), daysSince: 95, thresholdDays: 30 });
    });

    it.each([
      [30, false],
      [31, true],
    ])('no contact at all, enrolled %i days ago (first follow-up done) → %s', (asOfDay, flagged) => {
      const context = patient(asOfDay, { episode: { status: 'active', enrolledAt: ENROLLED }, contacts: [] });
      const withFollowUpWaived = mergeFlagThresholds({ firstFollowUpDays: 365 });
      expect(codesAt(asOfDay, context, withFollowUpWaived).includes('NO_CONTACT_30D')).toBe(flagged);
    });

    it.each([
      [30, false],
      [31, true],
    ])('last complete PHQ-9 %i days ago → NO_SCORE_30D %s', (daysAgo, flagged) => {
      const context = patient(100, { assessments: [phq9('b', 0, 12), phq9('l', 100 - daysAgo, 5)] });
      expect(codesAt(100, context).includes('NO_SCORE_30D')).toBe(flagged);
    });

    it('counts only complete outcome-tracking scores (GAD-7 yes; PHQ-2 and incomplete forms no)', () => {
      const recent = (instrumentId: FlagAssessmentInput['instrumentId'], complete: boolean): FlagAssessmentInput => ({
        id: instrumentId,
        instrumentId,
        date: day(95),
        total: complete ? 2 : null,
        complete,
        safetyRisk: false,
        incompleteReviewedAt: day(96),
      });
      const base = [phq9('b', 0, 12), phq9('l', 50, 5)];
      expect(codesAt(100, patient(100, { assessments: [...base, recent('GAD7', true)] }))).not.toContain(
        'NO_SCORE_30D',
      );
      expect(codesAt(100, patient(100, { assessments: [...base, recent('PHQ2', true)] }))).toContain('NO_SCORE_30D');
      expect(codesAt(100, patient(100, { assessments: [...base, recent('PHQ9', false)] }))).toContain('NO_SCORE_30D');
    });
  });

  describe('FIRST_FOLLOW_UP_OVERDUE', () => {
    const onlyInitial = (asOfDay: number) =>
      patient(asOfDay, { contacts: [{ date: day(0), type: 'initial_assessment' }] });

    it.each([
      [28, false],
      [29, true],
    ])('no follow-up %i days after the initial assessment → %s', (asOfDay, flagged) => {
      expect(codesAt(asOfDay, onlyInitial(asOfDay)).includes('FIRST_FOLLOW_UP_OVERDUE')).toBe(flagged);
    });

    it('supersedes NO_CONTACT_30D and clears with any later contact', () => {
      expect(codesAt(40, onlyInitial(40))).toContain('FIRST_FOLLOW_UP_OVERDUE');
      expect(codesAt(40, onlyInitial(40))).not.toContain('NO_CONTACT_30D');
      const late = patient(40, { contacts: [{ date: day(0), type: 'initial_assessment' }, { date: day(35) }] });
      expect(codesAt(40, late)).not.toContain('FIRST_FOLLOW_UP_OVERDUE');
    });

    it('defaults the initial assessment to the first initial-assessment contact', () => {
      const context = patient(40, {
        episode: { status: 'active', enrolledAt: ENROLLED },
        contacts: [{ date: day(20), type: 'initial_assessment' }],
      });
      expect(codesAt(48, context)).not.toContain('FIRST_FOLLOW_UP_OVERDUE');
      expect(codesAt(49, context)).toContain('FIRST_FOLLOW_UP_OVERDUE');
    });
  });

  describe('NEVER_REVIEWED and REVIEW_OVERDUE', () => {
    const notImproved = [phq9('b', 0, 20), phq9('l', 99, 15)];

    it('flags never-reviewed patients from enrolment, never also as overdue', () => {
      const context = patient(100, { consultantReviewDates: [], assessments: notImproved });
      const codes = codesAt(100, context);
      expect(codes).toContain('NEVER_REVIEWED');
      expect(codes).not.toContain('REVIEW_OVERDUE');
      expect(codesAt(0, patient(0, { consultantReviewDates: [] }))).toContain('NEVER_REVIEWED');
    });

    it.each([
      [60, false],
      [61, true],
    ])('not improved, last review %i days ago → REVIEW_OVERDUE %s', (daysAgo, flagged) => {
      const context = patient(100, { consultantReviewDates: [day(100 - daysAgo)], assessments: notImproved });
      expect(codesAt(100, context).includes('REVIEW_OVERDUE')).toBe(flagged);
    });

    it('does not require reviews for improved patients', () => {
      const context = patient(100, {
        consultantReviewDates: [day(1)],
        assessments: [phq9('b', 0, 20), phq9('l', 99, 9)],
      });
      expect(codesAt(100, context)).not.toContain('REVIEW_OVERDUE');
    });
  });

  it('flags unreviewed incomplete forms', () => {
    const pending = phq9('x', 10, null, { missingItems: ['phq9_2'] });
    expect(codesAt(20, patient(20, { assessments: [...patient(20).assessments, pending] }))).toContain(
      'INCOMPLETE_FORM_NEEDS_REVIEW',
    );
    const reviewed = { ...pending, incompleteReviewedAt: day(12) };
    expect(codesAt(20, patient(20, { assessments: [...patient(20).assessments, reviewed] }))).not.toContain(
      'INCOMPLETE_FORM_NEEDS_REVIEW',
    );
  });

  it('honours per-clinic thresholds', () => {
    const context = patient(100, { contacts: [{ date: day(0) }, { date: day(80) }] });
    expect(codesAt(100, context)).not.toContain('NO_CONTACT_30D');
    expect(codesAt(100, context, mergeFlagThresholds({ noContactDays: 14 }))).toContain('NO_CONTACT_30D');
  });

  it('orders flags by severity, then code order', () => {
    const context = patient(100, {
      assessments: [phq9('b', 0, 20), phq9('p', 40, 12), phq9('l', 50, 18, { safetyRisk: true })],
      contacts: [{ date: day(0), type: 'initial_assessment' }, { date: day(50) }],
      consultantReviewDates: [],
    });
    expect(codesAt(100, context)).toEqual([
      'SAFETY',
      'NOT_IMPROVING',
      'WORSENING',
      'NO_CONTACT_30D',
      'NEVER_REVIEWED',
      'NO_SCORE_30D',
    ]);
  });

  it('rejects a malformed asOf', () => {
    expect(() => evaluateFlags(patient(1), DEFAULT_FLAG_THRESHOLDS, '2025-01-01T00:00:00Z')).toThrow(/asOf/);
  });
});
