import { Injectable } from '@nestjs/common';
import { ValidationError } from '../common/errors';

/** Tolerance for client clocks slightly ahead of the server when checking "not in the future". */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Current time, injectable so idle timeouts and token expiry can be tested with a controlled clock. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** 400 naming `field` when the instant `at` is in the future (beyond a few minutes of clock skew). */
  assertNotFuture(field: string, at: Date | string): void {
    const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
    if (ms > this.now().getTime() + CLOCK_SKEW_MS) {
      throw new ValidationError(field, `${field} must not be in the future`);
    }
  }
}
