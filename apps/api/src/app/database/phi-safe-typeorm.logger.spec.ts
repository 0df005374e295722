import { Logger } from '@nestjs/common';
import { PhiSafeTypeOrmLogger } from './phi-safe-typeorm.logger';

describe('PhiSafeTypeOrmLogger', () => {
  it('logs a failed query without its parameters', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const failure = Object.assign(new Error('duplicate key value violates unique constraint "uq_patient_clinic_mrn"'), {
      code: '23505',
    });
    new PhiSafeTypeOrmLogger().logQueryError(failure, 'INSERT INTO patient (given_name, birth_date) VALUES ($1, $2)', [
      'Jane',
      '1980-04-02',
    ]);
    const logged = JSON.stringify(error.mock.calls);
    expect(logged).toContain('23505');
    expect(logged).toContain('INSERT INTO patient');
    expect(logged).not.toMatch(/Jane|1980-04-02/);
    error.mockRestore();
  });
});
