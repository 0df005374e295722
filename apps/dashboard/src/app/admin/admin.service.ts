import { API_HTTP } from '../core/http/api-http';
import { inject, Injectable } from '@angular/core';
import type { ClinicSettings, FlagThresholdSettings, StaffMember, StaffRole } from '@huddle/shared-types';
import type { Observable } from 'rxjs';

/** Body of `PATCH /api/clinics/current`: a threshold set to `null` returns to the default. */
export interface ClinicChange {
  version: number;
  name?: string;
  timezone?: string;
  /** The weekly team huddle; `null` removes it. */
  huddle?: { weekday: number; time: string } | null;
  flagThresholds?: Partial<Record<keyof FlagThresholdSettings, number | null>>;
}

export interface StaffDraft {
  email: string;
  displayName: string;
  role: StaffRole;
  fte: number;
  active: boolean;
}

/** The administrator's reads and writes: clinic settings, thresholds, staff accounts. */
@Injectable({ providedIn: 'root' })
export class AdminService {
  private readonly http = inject(API_HTTP);

  clinic(): Observable<ClinicSettings> {
    return this.http.get<ClinicSettings>('/api/clinics/current');
  }

  updateClinic(change: ClinicChange): Observable<ClinicSettings> {
    return this.http.patch<ClinicSettings>('/api/clinics/current', change);
  }

  staff(): Observable<StaffMember[]> {
    return this.http.get<StaffMember[]>('/api/staff');
  }

  createStaff(draft: StaffDraft): Observable<StaffMember> {
    return this.http.post<StaffMember>('/api/staff', draft);
  }

  updateStaff(id: string, version: number, change: Partial<StaffDraft>): Observable<StaffMember> {
    return this.http.patch<StaffMember>(`/api/staff/${id}`, { version, ...change });
  }
}
