import { ApiFetchError } from '../core/http/api-fetch';
import { formErrors } from './field-errors';

const err = (status: number, error: unknown) => new ApiFetchError(status, error, '/api/x');

describe('formErrors', () => {
  it('puts a domain error on the field it names', () => {
    const e = err(400, {
      message: 'Threshold targetWeeks must be an integer ≥ 1',
      field: 'flagThresholds.targetWeeks',
    });
    expect(formErrors(e, ['flagThresholds.targetWeeks'], 'x')).toEqual({
      fields: { 'flagThresholds.targetWeeks': 'Threshold targetWeeks must be an integer ≥ 1' },
      form: null,
    });
  });

  it('puts class-validator messages on the fields they start with, the rest on the form', () => {
    const e = err(400, { message: ['mrn must be letters and digits', 'property foo should not exist'] });
    expect(formErrors(e, ['mrn', 'givenName'], 'x')).toEqual({
      fields: { mrn: 'mrn must be letters and digits' },
      form: 'property foo should not exist',
    });
  });

  it('shows a 409 with a known field next to it (e.g. a duplicate MRN)', () => {
    const e = err(409, { message: 'mrn is already used', field: 'mrn', code: 'DUPLICATE' });
    expect(formErrors(e, ['mrn'], 'x')).toEqual({ fields: { mrn: 'mrn is already used' }, form: null });
  });

  it('falls back to one message when no field matches', () => {
    expect(formErrors(err(500, null), ['mrn'], 'x').form).toMatch(/server had a problem/);
    expect(formErrors(err(400, { message: 'Send at least one field', field: 'body' }), ['mrn'], 'x')).toEqual({
      fields: {},
      form: 'Send at least one field',
    });
  });
});
