import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { CohortOutcomeGroup } from '@huddle/shared-types';
import { PageStateComponent } from '../shared/page-state.component';
import { IntegratedCareService } from './integrated-care.service';

/** Remission and response of patients with vs without each chronic condition (leadership; aggregates only). */
@Component({
  selector: 'hd-cohort-outcomes',
  imports: [PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (cohorts.error()) {
      <hd-page-state kind="error" message="Outcomes by condition could not be loaded." (retry)="cohorts.reload()" />
    } @else if (!cohorts.value()) {
      <hd-page-state kind="loading" message="Loading outcomes by condition…" />
    } @else {
      <p class="muted">
        Episodes with a baseline PHQ-9 above 9 and a later score; remission = latest below 5, response = at least 50%
        below baseline.
      </p>
      <div class="scroll">
        <table>
          <caption class="visually-hidden">
            PHQ-9 remission and response with vs without each chronic condition
          </caption>
          <thead>
            <tr>
              <th scope="col">Condition</th>
              <th scope="col">Episodes with / without</th>
              <th scope="col">Remission with / without</th>
              <th scope="col">Response with / without</th>
            </tr>
          </thead>
          <tbody>
            @for (c of cohorts.value()!; track c.condition) {
              <tr>
                <th scope="row">{{ c.label }}</th>
                <td>{{ c.with.episodes }} / {{ c.without.episodes }}</td>
                <td>{{ pct(c.with, 'remissionRate') }} / {{ pct(c.without, 'remissionRate') }}</td>
                <td>{{ pct(c.with, 'responseRate') }} / {{ pct(c.without, 'responseRate') }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
  `,
  styles: `
    .scroll {
      overflow-x: auto;
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    th,
    td {
      text-align: left;
      padding: 4px 8px 4px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
  `,
})
export class CohortOutcomesComponent {
  private readonly service = inject(IntegratedCareService);
  protected readonly cohorts = rxResource({ stream: () => this.service.outcomesByCohort() });

  protected pct(group: CohortOutcomeGroup, key: 'remissionRate' | 'responseRate'): string {
    const value = group[key];
    return value === null ? '—' : `${value}%`;
  }
}
