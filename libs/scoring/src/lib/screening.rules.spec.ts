import { scorePcPtsd5 } from './pc-ptsd5.screener';
import {
  ageOn,
  auditCCutoffFor,
  cms2OutcomeOf,
  computeCms2,
  DEFAULT_SCREENING_SETTINGS,
  depressionScreenPositive,
  followUpPlanCounts,
  resolveScreeningSettings,
  type Cms2Patient,
} from './screening.rules';
import { isEngaged, median, referralJourney, summariseHandoffs } from './referral.rules';
import { computeUtilization, isReadmission, utilizationKindOfClass } from './utilization.rules';
import { ScoringValidationError } from './scoring-validation.error';

describe('PC-PTSD-5 (clinical-reference.md §Screening)', () => {
  it('scores 0 and negative without trauma exposure, whatever the items say', () => {
    expect(scorePcPtsd5({ traumaExposure: false, items: [true, true, true, true, true] })).toEqual({
      total: 0,
      positive: false,
      cutPoint: 3,
    });
  });
  it('counts yes answers and is positive at the default cut-point 3', () => {
    expect(scorePcPtsd5({ traumaExposure: true, items: [true, true, false, false, false] }).positive).toBe(false);
    expect(scorePcPtsd5({ traumaExposure: true, items: [true, true, true, false, false] })).toMatchObject({
      total: 3,
      positive: true,
    });
  });
  it('honours a clinic cut-point of 4', () => {
    expect(scorePcPtsd5({ traumaExposure: true, items: [true, true, true, false, false] }, 4).positive).toBe(false);
  });
  it('refuses missing items after exposure and a cut-point outside 1–5, naming the field', () => {
    expect(() => scorePcPtsd5({ traumaExposure: true, items: [true] })).toThrow(
      expect.objectContaining({ field: 'pcPtsd5.items' }),
    );
    expect(() => scorePcPtsd5({ traumaExposure: true, items: [] }, 6)).toThrow(ScoringValidationError);
  });
});

describe('screening settings and results', () => {
  it('defaults to AUDIT-C 4 / women 3 and PC-PTSD-5 3, and validates overrides', () => {
    expect(DEFAULT_SCREENING_SETTINGS).toEqual({ auditCCutoff: 4, auditCFemaleCutoff: 3, pcPtsd5CutPoint: 3 });
    expect(resolveScreeningSettings({ pcPtsd5CutPoint: 4 }).pcPtsd5CutPoint).toBe(4);
    expect(() => resolveScreeningSettings({ auditCCutoff: 13 })).toThrow(
      expect.objectContaining({ field: 'auditCCutoff' }),
    );
  });
  it('uses the female AUDIT-C cut-off only for women', () => {
    expect(auditCCutoffFor('female', DEFAULT_SCREENING_SETTINGS)).toBe(3);
    expect(auditCCutoffFor('male', DEFAULT_SCREENING_SETTINGS)).toBe(4);
    expect(auditCCutoffFor(null, DEFAULT_SCREENING_SETTINGS)).toBe(4);
  });
  it('takes the PHQ-9 result over the PHQ-2 when both exist', () => {
    expect(depressionScreenPositive(3, null)).toBe(true);
    expect(depressionScreenPositive(2, null)).toBe(false);
    expect(depressionScreenPositive(4, 9)).toBe(false);
    expect(depressionScreenPositive(4, 10)).toBe(true);
    expect(depressionScreenPositive(null, null)).toBeNull();
  });
  it('does not count a handout alone as a follow-up plan', () => {
    expect(followUpPlanCounts(['handout'])).toBe(false);
    expect(followUpPlanCounts(['handout', 'referral'])).toBe(true);
    expect(followUpPlanCounts(['other'])).toBe(true);
    expect(followUpPlanCounts([])).toBe(false);
  });
});

describe('CMS2', () => {
  const base: Cms2Patient = {
    patientId: 'p',
    birthDate: '1990-05-01',
    bipolarDiagnosedOn: [],
    encounters: ['2026-03-10'],
    screenings: [{ on: '2026-03-10', positive: false, followUpPlanOn: null, exception: null }],
  };
  const out = (p: Partial<Cms2Patient>): string => cms2OutcomeOf({ ...base, ...p }, '2026-01-01', '2026-12-31');

  it('meets the measure with a negative screen on the encounter date or up to 14 days before', () => {
    expect(out({})).toBe('met');
    expect(out({ screenings: [{ on: '2026-02-24', positive: false, followUpPlanOn: null, exception: null }] })).toBe(
      'met',
    );
    expect(out({ screenings: [{ on: '2026-02-23', positive: false, followUpPlanOn: null, exception: null }] })).toBe(
      'not_met',
    );
    expect(out({ screenings: [{ on: '2026-03-11', positive: false, followUpPlanOn: null, exception: null }] })).toBe(
      'not_met',
    );
  });
  it('needs a follow-up plan on the encounter date or up to 2 days after for a positive screen', () => {
    const positive = (followUpPlanOn: string | null): string =>
      out({ screenings: [{ on: '2026-03-09', positive: true, followUpPlanOn, exception: null }] });
    expect(positive(null)).toBe('not_met');
    expect(positive('2026-03-10')).toBe('met');
    expect(positive('2026-03-12')).toBe('met');
    expect(positive('2026-03-13')).toBe('not_met');
    expect(positive('2026-03-09')).toBe('not_met');
  });
  it('counts patients aged 12 or more at the start of the period only', () => {
    expect(out({ birthDate: '2014-01-01' })).toBe('met');
    expect(out({ birthDate: '2014-01-02' })).toBe('not_in_population');
    expect(ageOn('2014-01-02', '2026-01-01')).toBe(11);
  });
  it('excludes bipolar disorder diagnosed by the end of the period and needs an encounter in it', () => {
    expect(out({ bipolarDiagnosedOn: ['2019-01-01'] })).toBe('excluded');
    expect(out({ bipolarDiagnosedOn: ['2027-01-01'] })).toBe('met');
    expect(out({ encounters: ['2025-12-31'] })).toBe('not_in_population');
  });
  it('takes refusal or a medical reason as an exception when not met', () => {
    expect(
      out({ screenings: [{ on: '2026-03-10', positive: null, followUpPlanOn: null, exception: 'patient_refused' }] }),
    ).toBe('exception');
  });
  it('sums a population', () => {
    const result = computeCms2(
      [
        base,
        { ...base, patientId: 'q', screenings: [] },
        { ...base, patientId: 'r', bipolarDiagnosedOn: ['2020-01-01'] },
        { ...base, patientId: 's', encounters: [] },
      ],
      '2026-01-01',
      '2026-12-31',
    );
    expect(result).toEqual({
      initialPopulation: 3,
      exclusions: 1,
      exceptions: 0,
      denominator: 2,
      numerator: 1,
      rate: 0.5,
    });
  });
});

describe('referrals and warm handoffs', () => {
  it('calls 2 completed contacts within 30 days of the first one engagement', () => {
    expect(isEngaged('2026-03-01', ['2026-03-02', '2026-03-31'])).toBe(true);
    expect(isEngaged('2026-03-01', ['2026-03-02', '2026-04-01'])).toBe(false);
    expect(isEngaged('2026-03-01', ['2026-02-20', '2026-03-02'])).toBe(false);
  });
  it('measures the days of the journey', () => {
    expect(
      referralJourney({
        screenedOn: '2026-03-01',
        referredOn: '2026-03-03',
        warmHandoff: true,
        contactDates: ['2026-02-01', '2026-03-03', '2026-03-10'],
        enrolledOn: ['2026-03-17'],
      }),
    ).toEqual({
      firstContactOn: '2026-03-03',
      enrolledOn: '2026-03-17',
      daysScreenToReferral: 2,
      daysReferralToFirstContact: 0,
      daysFirstContactToEnrolment: 14,
      engaged: true,
    });
  });
  it('summarises rate, median and engagement', () => {
    expect(median([5, 1, 3, 2])).toBe(2.5);
    expect(
      summariseHandoffs([
        { screenedOn: null, referredOn: '2026-03-01', warmHandoff: true, contactDates: ['2026-03-01'], enrolledOn: [] },
        { screenedOn: null, referredOn: '2026-03-01', warmHandoff: false, contactDates: [], enrolledOn: [] },
      ]),
    ).toEqual({
      referrals: 2,
      warmHandoffs: 1,
      warmHandoffRate: 0.5,
      medianDaysToFirstContact: 0,
      engaged: 0,
      engagementRate: 0,
    });
  });
});

describe('utilization', () => {
  it('knows the Encounter.class codes', () => {
    expect(utilizationKindOfClass('EMER')).toBe('ed_visit');
    expect(utilizationKindOfClass('IMP')).toBe('admission');
    expect(utilizationKindOfClass('AMB')).toBeNull();
  });
  it('counts a readmission 1–30 days after a discharge', () => {
    expect(isReadmission('2026-03-01', '2026-03-01')).toBe(false);
    expect(isReadmission('2026-03-01', '2026-03-31')).toBe(true);
    expect(isReadmission('2026-03-01', '2026-04-01')).toBe(false);
  });
  it('computes ED visits per 100 patients and the readmission rate', () => {
    const result = computeUtilization(
      [
        [
          { kind: 'admission', startsOn: '2026-02-01', endsOn: '2026-02-05' },
          { kind: 'admission', startsOn: '2026-02-20', endsOn: '2026-02-22' },
          { kind: 'ed_visit', startsOn: '2026-02-19', endsOn: null },
        ],
        [{ kind: 'ed_visit', startsOn: '2025-12-01', endsOn: null }],
      ],
      '2026-01-01',
      '2026-12-31',
    );
    expect(result).toEqual({
      patients: 2,
      edVisits: 1,
      patientsWithEdVisit: 1,
      edVisitsPer100: 50,
      indexAdmissions: 2,
      readmissions: 1,
      readmissionRate: 0.5,
    });
  });
});
