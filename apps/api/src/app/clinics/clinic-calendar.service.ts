import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { toLocalIsoDate } from '@huddle/scoring';
import type { IsoDate } from '@huddle/shared-types';
import { Clock } from '../auth/clock';
import { ValidationError } from '../common/errors';
import { ClinicRepository } from './clinic.repository';

/** "Now" and "today" at a clinic: dates the registry stores are clinic-local calendar dates. */
export interface ClinicDay {
  timeZone: string;
  now: Date;
  today: IsoDate;
}

/** Clinic-local dates for validating user input ("not in the future" means after today at the clinic). */
@Injectable()
export class ClinicCalendar {
  constructor(
    private readonly clinics: ClinicRepository,
    private readonly clock: Clock,
  ) {}

  /** The clinic's time zone, the current instant and the clinic-local date. */
  async day(em: EntityManager, clinicId: string): Promise<ClinicDay> {
    return this.dayIn(await this.clinics.timeZone(em, clinicId));
  }

  /** {@link day} for a time zone already at hand. */
  dayIn(timeZone: string): ClinicDay {
    const now = this.clock.now();
    return { timeZone, now, today: toLocalIsoDate(now.toISOString(), timeZone) };
  }

  /** @throws ValidationError naming `field` when `date` is after the clinic's today. */
  static assertNotFuture(day: ClinicDay, date: IsoDate, field: string): void {
    if (date > day.today) {
      throw new ValidationError(field, `${field} must not be in the future (today is ${day.today} in ${day.timeZone})`);
    }
  }
}
