import {
  AgendaBucket,
  AssessmentSource,
  CptCode,
  EpisodeStatus,
  FlagCode,
  FlagSeverity,
  InstrumentId,
  MeasureId,
  MeasureReasonCode,
  StaffRole,
} from '../index';

describe('shared enums', () => {
  it.each([
    ['InstrumentId', InstrumentId],
    ['FlagCode', FlagCode],
    ['FlagSeverity', FlagSeverity],
    ['AgendaBucket', AgendaBucket],
    ['CptCode', CptCode],
    ['EpisodeStatus', EpisodeStatus],
    ['StaffRole', StaffRole],
    ['AssessmentSource', AssessmentSource],
    ['MeasureId', MeasureId],
    ['MeasureReasonCode', MeasureReasonCode],
  ])('%s has unique values', (_name, values: Record<string, string>) => {
    const list = Object.values(values);
    expect(new Set(list).size).toBe(list.length);
  });

  it('keeps the persisted string values stable', () => {
    expect(Object.values(InstrumentId)).toEqual(['PHQ9', 'PHQ2', 'GAD7', 'GAD2', 'PCL5', 'AUDITC']);
    expect(Object.values(EpisodeStatus)).toEqual([
      'referred',
      'enrolled',
      'active',
      'relapse_prevention',
      'discharged',
    ]);
    expect(Object.values(CptCode)).toEqual(['99492', '99493', '99494', 'G2214']);
  });
});
