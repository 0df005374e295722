import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { GuardedClient } from './guarded-pg-client';

/** A late connection error, as PostgreSQL's backends send when the server dies (`57P01`, admin shutdown). */
const lateError = (): Error =>
  Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

describe('GuardedClient (the pool connection class)', () => {
  it('keeps a connection error that nobody else listens to from becoming an uncaught exception', () => {
    // What crashed the API in the reliability suite's crash-postgres scenario: a plain client throws.
    expect(() => new Client().emit('error', lateError())).toThrow('terminating connection');
    const debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    expect(() => new GuardedClient().emit('error', lateError())).not.toThrow();
    // Logged with its code only: PostgreSQL messages may quote values.
    expect(JSON.stringify(debug.mock.calls)).toContain('57P01');
    expect(JSON.stringify(debug.mock.calls)).not.toContain('administrator command');
    debug.mockRestore();
  });

  it('still delivers the error to the pool’s and TypeORM’s own listeners', () => {
    const debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    const client = new GuardedClient();
    const seen: unknown[] = [];
    client.on('error', (error) => seen.push(error));
    const error = lateError();
    client.emit('error', error);
    expect(seen).toEqual([error]);
    debug.mockRestore();
  });
});
