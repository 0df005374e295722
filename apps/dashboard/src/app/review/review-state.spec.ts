import { mondayOf, recommendationInputs, reviewStateFromParams, shiftWeek } from './review-state';

describe('review week', () => {
  it('finds the Monday of any date', () => {
    expect(mondayOf('2026-11-23')).toBe('2026-11-23'); // Monday
    expect(mondayOf('2026-11-29')).toBe('2026-11-23'); // Sunday
    expect(mondayOf('2026-03-01')).toBe('2026-02-23'); // across a month
  });

  it('moves week by week', () => {
    expect(shiftWeek('2026-11-25', -1)).toBe('2026-11-16');
    expect(shiftWeek('2026-12-30', 1)).toBe('2027-01-04');
  });

  it('reads the week and patient from the URL, ignoring bad values', () => {
    expect(reviewStateFromParams({ week: '2026-11-26', patient: '5b0a3c0e-1d2f-4a6b-9c8d-7e6f5a4b3c2d' })).toEqual({
      weekOf: '2026-11-23',
      patientId: '5b0a3c0e-1d2f-4a6b-9c8d-7e6f5a4b3c2d',
    });
    expect(reviewStateFromParams({ week: 'soon', patient: 'x' })).toEqual({ weekOf: null, patientId: null });
  });
});

describe('recommendationInputs', () => {
  const row = (over: object) => ({ type: '', detail: '', medication: '', dose: '', ...over }) as never;

  it('builds structured recommendations and drops blank rows', () => {
    expect(
      recommendationInputs([
        row({ type: 'dose_change', detail: ' Increase ', medication: 'Sertraline', dose: '100 mg daily' }),
        row({}),
        row({ type: 'psychotherapy', detail: 'Start CBT' }),
      ]),
    ).toEqual({
      items: [
        { type: 'dose_change', detail: 'Increase', medication: 'Sertraline', dose: '100 mg daily' },
        { type: 'psychotherapy', detail: 'Start CBT' },
      ],
    });
  });

  it('asks for what each type needs', () => {
    expect(
      recommendationInputs([
        row({ type: 'dose_change', detail: 'x' }),
        row({ detail: 'no type' }),
        row({ type: 'medication_start', detail: 'y' }),
      ]),
    ).toEqual({
      errors: {
        0: ['Name the medication', 'Give the new dose'],
        1: ['Choose a type'],
        2: ['Name the medication'],
      },
    });
  });
});
