import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { RecommendationView } from '@huddle/shared-types';
import { RecommendationActionsComponent } from '../care-record/recommendation-actions.component';
import { formatIsoDate } from '../shared/dates';
import { RECOMMENDATION_STATUS_LABELS, RECOMMENDATION_TYPE_LABELS } from '../shared/labels';

/**
 * Consultant recommendations with their status: new → accepted or declined by the PCP (with a
 * reason) → implemented. The buttons offered follow the signed-in role.
 */
@Component({
  selector: 'hd-recommendations-panel',
  imports: [RecommendationActionsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (recommendations().length === 0) {
      <p class="muted">No recommendations yet.</p>
    } @else {
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
                  <span class="status">{{ statuses[r.status] }}</span>
                  @if (r.statusChangedBy && r.status !== 'new') {
                    <span class="muted"> · {{ r.statusChangedBy.displayName }}, {{ date(r.statusChangedAt) }}</span>
                  }
                  @if (r.statusReason) {
                    <p class="reason">Reason: {{ r.statusReason }}</p>
                  }
                  @if (canUpdate()) {
                    <hd-recommendation-actions [recommendation]="r" (changed)="changed.emit($event)" />
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
  readonly recommendations = input.required<readonly RecommendationView[]>();
  readonly canUpdate = input(false);
  readonly changed = output<RecommendationView>();

  protected readonly types = RECOMMENDATION_TYPE_LABELS;
  protected readonly statuses = RECOMMENDATION_STATUS_LABELS;
  protected readonly date = formatIsoDate;
}
