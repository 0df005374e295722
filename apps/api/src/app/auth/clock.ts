import { Injectable } from '@nestjs/common';

/** Current time, injectable so idle timeouts and token expiry can be tested with a controlled clock. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
