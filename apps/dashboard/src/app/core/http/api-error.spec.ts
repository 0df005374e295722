import { apiErrorMessage } from './api-error';
import { ApiFetchError } from './api-fetch';

const err = (status: number, error: unknown = null) => new ApiFetchError(status, error, '/api/x');

describe('apiErrorMessage', () => {
  it("uses the server's message", () => {
    expect(apiErrorMessage(err(401, { message: 'Invalid email or password' }))).toBe('Invalid email or password');
  });

  it('joins validation messages', () => {
    expect(apiErrorMessage(err(400, { message: ['minutes must be positive', 'type is required'] }))).toBe(
      'minutes must be positive. type is required',
    );
  });

  it.each([
    [0, /could not be reached/],
    [403, /role does not allow/],
    [404, /Not found/],
    [409, /changed this record/],
    [503, /server had a problem/],
  ])('falls back to a message for status %s', (status, expected) => {
    expect(apiErrorMessage(err(status))).toMatch(expected);
  });

  it('uses the fallback for non-HTTP errors', () => {
    expect(apiErrorMessage(new Error('x'), 'Nope')).toBe('Nope');
  });
});
