import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { ClinicSettings } from '@huddle/shared-types';
import { localIsoDate } from '../shared/dates';
import { AuthService } from './auth/auth.service';

/**
 * The signed-in user's clinic calendar. Dates the API checks ("not in the future") are clinic-local,
 * which can differ from the browser's date near midnight; forms default to and cap at this "today".
 */
@Injectable({ providedIn: 'root' })
export class ClinicCalendar {
  private readonly http = inject(HttpClient);
  private readonly auth = inject(AuthService);
  private readonly clinic = rxResource({
    params: () => this.auth.user()?.clinicId,
    stream: () => this.http.get<ClinicSettings>('/api/clinics/current'),
  });

  readonly timeZone = computed(() => (this.clinic.hasValue() ? this.clinic.value().timezone : null));
  /** Clinic-local today (`YYYY-MM-DD`); the browser's date until the clinic's time zone is known. */
  readonly today = computed(() => {
    const tz = this.timeZone();
    return tz ? dateInTimeZone(new Date(), tz) : localIsoDate();
  });
  /** Clinic-local current month (`YYYY-MM`). */
  readonly month = computed(() => this.today().slice(0, 7));
}

/** The calendar date (`YYYY-MM-DD`) of an instant in an IANA time zone. */
export function dateInTimeZone(instant: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );
}
