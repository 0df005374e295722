import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { MatSelectModule } from '@angular/material/select';
import type { RecommendationStatus, RecommendationView } from '@huddle/shared-types';
import { apiErrorMessage } from '../core/http/api-error';
import { formatIsoDate } from '../shared/dates';
import { RECOMMENDATION_STATUS_LABELS, RECOMMENDATION_TYPE_LABELS } from '../shared/labels';
import { PatientService } from './patient.service';

/** Next statuses: pending → communicated → done | declined; pending → declined. */
export const RECOMMENDATION_NEXT: Readonly<Record<RecommendationStatus, readonly RecommendationStatus[]>> = {
  pending: ['communicated', 'declined'],
  communicated: ['done', 'declined'],
  done: [],
  declined: [],
};

/** Consultant recommendations with their follow-through status. */
@Component({
  selector: 'hd-recommendations-panel',
  imports: [MatSelectModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (recommendations().length === 0) {
      <p class="muted">No recommendations yet.</p>
    } @else {
      @if (error()) {
        <p class="field-error" role="alert">{{ error() }}</p>
      }
      <div class="scroll">
        <table>
          <caption class="visually-hidden">
            Consultant recommendations, newest first
          </caption>
          <thead>
            <tr>
              <th scope="col">Recorded</th>
              <th scope="col">Type</th>
              <th scope="col">Detail</th>
              <th scope="col">Medication and dose</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            @for (r of recommendations(); track r.id) {
              <tr>
                <td>{{ date(r.createdAt) }}</td>
                <td>{{ types[r.type] }}</td>
                <td>{{ r.detail }}</td>
                <td>{{ r.medication ?? '' }} {{ r.dose ?? '' }}</td>
                <td>
                  @if (canUpdate() && next[r.status].length > 0) {
                    <mat-select
                      class="status"
                      [value]="r.status"
                      [disabled]="busy() === r.id"
                      (selectionChange)="change(r, $event.value)"
                      [attr.aria-label]="'Status of ' + types[r.type] + ' recommendation'"
                    >
                      <mat-option [value]="r.status">{{ statuses[r.status] }}</mat-option>
                      @for (s of next[r.status]; track s) {
                        <mat-option [value]="s">{{ statuses[s] }}</mat-option>
                      }
                    </mat-select>
                  } @else {
                    {{ statuses[r.status] }}
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
  `,
  styleUrl: './patient-panels.scss',
})
export class RecommendationsPanelComponent {
  private readonly service = inject(PatientService);
  readonly recommendations = input.required<readonly RecommendationView[]>();
  readonly canUpdate = input(false);
  readonly changed = output<RecommendationView>();

  protected readonly types = RECOMMENDATION_TYPE_LABELS;
  protected readonly statuses = RECOMMENDATION_STATUS_LABELS;
  protected readonly next = RECOMMENDATION_NEXT;
  protected readonly date = formatIsoDate;
  protected readonly busy = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);

  protected change(rec: RecommendationView, status: RecommendationStatus): void {
    if (status === rec.status) return;
    this.busy.set(rec.id);
    this.error.set(null);
    this.service.changeRecommendationStatus(rec, status).subscribe({
      next: (updated) => {
        this.busy.set(null);
        this.changed.emit(updated);
      },
      error: (e: unknown) => {
        this.busy.set(null);
        this.error.set(apiErrorMessage(e, 'The status could not be changed.'));
      },
    });
  }
}
