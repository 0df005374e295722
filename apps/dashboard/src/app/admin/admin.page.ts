import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { ClinicSettings, FlagThresholdSettings, StaffMember } from '@huddle/shared-types';
import { ROLE_LABELS } from '../core/auth/role-navigation';
import { apiErrorMessage } from '../core/http/api-error';
import { PageStateComponent } from '../shared/page-state.component';

const THRESHOLD_LABELS: Readonly<Record<keyof FlagThresholdSettings, string>> = {
  baselineLookbackDays: 'Baseline look-back (days before enrolment)',
  responseReductionPercent: 'Response: reduction from baseline (%)',
  worseningPoints: 'Worsening: increase (points)',
  targetWeeks: 'Target reached by (weeks)',
  notImprovingEarlyWeeks: 'Early non-response signal (weeks)',
  notImprovingWeeks: 'Not improving (weeks)',
  noContactDays: 'No contact (days)',
  noScoreDays: 'No score (days)',
  firstFollowUpDays: 'First follow-up due (days)',
  reviewOverdueDays: 'Consultant review overdue (days)',
  caseloadCapacity: 'Caseload capacity (patients per FTE)',
  routineReviewDays: 'Weekly agenda: routine review due after (days)',
};

/** Administrator landing: the clinic's settings and staff (no clinical data). */
@Component({
  selector: 'hd-admin-page',
  imports: [PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './admin.page.html',
  styleUrl: './admin.page.scss',
})
export class AdminPage {
  private readonly http = inject(HttpClient);

  protected readonly clinic = rxResource({ stream: () => this.http.get<ClinicSettings>('/api/clinics/current') });
  protected readonly staff = rxResource({ stream: () => this.http.get<StaffMember[]>('/api/staff') });
  protected readonly roles = ROLE_LABELS;
  protected readonly thresholds = computed(() => {
    const c = this.clinic.value();
    if (!c) return [];
    return (Object.keys(THRESHOLD_LABELS) as (keyof FlagThresholdSettings)[]).map((key) => ({
      key,
      label: THRESHOLD_LABELS[key],
      value: c.flagThresholds[key],
      changed: c.flagThresholdOverrides[key] !== undefined,
    }));
  });
  protected readonly sortedStaff = computed(() =>
    [...(this.staff.value() ?? [])].sort(
      (a, b) => a.role.localeCompare(b.role) || a.displayName.localeCompare(b.displayName),
    ),
  );

  protected message(e: unknown, what: string): string {
    return apiErrorMessage(e, `${what} could not be loaded.`);
  }
}
