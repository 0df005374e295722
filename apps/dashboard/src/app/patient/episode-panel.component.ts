import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  linkedSignal,
  output,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { DischargeReason, EpisodeDetail, EpisodeStatus } from '@huddle/shared-types';
import { apiErrorMessage } from '../core/http/api-error';
import { ClinicCalendar } from '../core/clinic-calendar.service';
import { openCareTeam } from '../registry/care-team.dialog';
import { openNewEpisode } from '../registry/new-episode.dialog';
import { formatIsoDate } from '../shared/dates';
import { EPISODE_STATUS_LABELS, optionsOf } from '../shared/labels';
import {
  DISCHARGE_REASON_LABELS,
  EPISODE_TRANSITIONS,
  episodeStatusRequest,
  type EpisodeStatusForm,
} from './episode-status';
import { PatientService } from './patient.service';

/** The episode: lifecycle dates, care team, diagnoses, and the status change form. */
@Component({
  selector: 'hd-episode-panel',
  imports: [MatFormFieldModule, MatInputModule, MatSelectModule, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './episode-panel.component.html',
  styleUrl: './patient-panels.scss',
})
export class EpisodePanelComponent {
  private readonly service = inject(PatientService);
  private readonly dialog = inject(MatDialog);

  readonly episode = input.required<EpisodeDetail>();
  readonly canEdit = input(false);
  readonly changed = output<EpisodeDetail>();

  protected readonly today = inject(ClinicCalendar).today;
  protected readonly date = formatIsoDate;
  protected readonly statusLabels = EPISODE_STATUS_LABELS;
  protected readonly reasons = optionsOf(DISCHARGE_REASON_LABELS);
  protected readonly next = computed(() =>
    EPISODE_TRANSITIONS[this.episode().status].map((value) => ({ value, label: EPISODE_STATUS_LABELS[value] })),
  );
  protected readonly steps = computed(() => {
    const e = this.episode();
    return [
      { label: 'Referred', date: e.referredOn },
      { label: 'Consent', date: e.consentOn },
      { label: 'Enrolled', date: e.enrolledOn },
      { label: 'Active treatment', date: e.activatedOn },
      { label: 'Relapse prevention', date: e.relapsePreventionOn },
      { label: 'Discharged', date: e.dischargedOn },
    ].filter((s) => s.date);
  });

  protected readonly editing = signal(false);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly form = linkedSignal<EpisodeStatusForm>(() => ({
    status: EPISODE_TRANSITIONS[this.episode().status][0] ?? this.episode().status,
    on: this.today(),
    consentOn: '',
    dischargeReason: '',
  }));
  /** Discharge closes the episode for good: the form asks once more before saving it. */
  protected readonly confirmingDischarge = signal(false);
  protected readonly fieldErrors = signal<Partial<Record<keyof EpisodeStatusForm, string>>>({});

  protected dischargeReasonLabel(reason: DischargeReason | null): string {
    return reason ? DISCHARGE_REASON_LABELS[reason] : '';
  }

  protected set<K extends keyof EpisodeStatusForm>(key: K, value: EpisodeStatusForm[K]): void {
    this.form.update((f) => ({ ...f, [key]: value }));
  }

  protected onDate(key: 'on' | 'consentOn', event: Event): void {
    this.set(key, (event.target as HTMLInputElement).value);
  }

  protected submit(event: Event): void {
    event.preventDefault();
    const e = this.episode();
    const result = episodeStatusRequest(e.status, e.version, this.form(), this.today());
    if ('errors' in result) {
      this.fieldErrors.set(result.errors);
      return;
    }
    this.fieldErrors.set({});
    if (result.request.status === 'discharged' && !this.confirmingDischarge()) {
      this.confirmingDischarge.set(true);
      return;
    }
    this.confirmingDischarge.set(false);
    this.saving.set(true);
    this.error.set(null);
    this.service.changeEpisodeStatus(e.id, result.request).subscribe({
      next: (updated) => {
        this.saving.set(false);
        this.editing.set(false);
        this.changed.emit(updated);
      },
      error: (err: unknown) => {
        this.saving.set(false);
        this.error.set(apiErrorMessage(err, 'The status could not be changed.'));
      },
    });
  }

  protected cancelEdit(): void {
    this.confirmingDischarge.set(false);
    this.editing.set(false);
  }

  protected editCareTeam(): void {
    openCareTeam(this.dialog, this.episode()).subscribe((saved) => {
      if (saved) this.changed.emit(saved);
    });
  }

  protected startEpisode(): void {
    openNewEpisode(this.dialog, { patientId: this.episode().patientId }).subscribe((created) => {
      if (created) this.changed.emit(created);
    });
  }

  protected dischargeSummary(): string {
    const f = this.form();
    const reason = f.dischargeReason ? DISCHARGE_REASON_LABELS[f.dischargeReason] : '';
    return `Discharge on ${formatIsoDate(f.on)} (${reason})? The episode closes and cannot be reopened; a later return starts a new episode.`;
  }

  protected statusIs(value: EpisodeStatus): boolean {
    return this.form().status === value;
  }
}
