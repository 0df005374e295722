import { API_HTTP } from './http/api-http';
import { computed, effect, inject, Injectable } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { ClinicSettings } from '@huddle/shared-types';
import {
  dateTimeInputInZone,
  formatDateTime,
  isoDateInZone,
  localIsoDate,
  setDisplayTimeZone,
  zonedDateTimeToIso,
} from '../shared/dates';
import { AuthService } from './auth/auth.service';

/**
 * The signed-in user's clinic calendar (issue #11 item 8). Dates the API checks ("not in the future")
 * are clinic-local, which can differ from the browser's date near midnight: forms default to and cap at
 * this "today" and "now", typed date-times are read on the clinic's clock, and displayed instants are
 * shown in the clinic's zone (it is handed to `formatIsoDate` / `formatDateTime` once known).
 */
@Injectable({ providedIn: 'root' })
export class ClinicCalendar {
  private readonly http = inject(API_HTTP);
  private readonly auth = inject(AuthService);
  private readonly clinic = rxResource({
    params: () => this.auth.user()?.clinicId,
    stream: () => this.http.get<ClinicSettings>('/api/clinics/current'),
  });

  readonly timeZone = computed(() => (this.clinic.hasValue() ? this.clinic.value().timezone : null));
  /**
   * The clinic's weekly team huddle (weekday 1–7, local "HH:MM"), or null without one (issue #17); its
   * next date: integrated-care/next-huddle.ts (kept out of the initial bundle).
   */
  readonly huddle = computed(() => (this.clinic.hasValue() ? this.clinic.value().huddle : null));

  /** Clinic-local today (`YYYY-MM-DD`); the browser's date until the clinic's time zone is known. */
  readonly today = computed(() => {
    const tz = this.timeZone();
    return tz ? dateInTimeZone(new Date(), tz) : localIsoDate();
  });
  /** Clinic-local current month (`YYYY-MM`). */
  readonly month = computed(() => this.today().slice(0, 7));

  constructor() {
    effect(() => setDisplayTimeZone(this.timeZone()));
  }

  /** Now on the clinic's wall clock, `YYYY-MM-DDTHH:mm` (a datetime-local input's default and max). */
  nowInput(now: Date = new Date()): string {
    return dateTimeInputInZone(now, this.timeZone());
  }

  /** The instant (ISO, UTC) of a datetime-local value typed on the clinic's clock. */
  toInstant(local: string): string {
    return zonedDateTimeToIso(local, this.timeZone());
  }

  /** An instant as `1 Dec 2026, 14:05` on the clinic's clock. */
  formatDateTime(instant: string | Date | null | undefined): string {
    return formatDateTime(instant, this.timeZone());
  }
}

/** The calendar date (`YYYY-MM-DD`) of an instant in an IANA time zone. */
export function dateInTimeZone(instant: Date, timeZone: string): string {
  return isoDateInZone(instant, timeZone);
}
