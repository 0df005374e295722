import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { ReviewAgenda } from '@huddle/shared-types';
import { formatIsoDate } from '../shared/dates';
import { printedAgenda } from './agenda-lines';

/**
 * The printable agenda for the huddle: one line per patient due this week (name, MRN, why due,
 * latest PHQ-9 and change, weeks in treatment, flags). Shown only in print (global `.hd-print-only`);
 * the page loads every due line before it prints.
 */
@Component({
  selector: 'hd-review-print',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Weekly review agenda · week of {{ week() }}</h1>
    <p class="sub">
      {{ lines().length }} due this week · printed {{ printed() }}
      @if (notDue() > 0) {
        · {{ notDue() }} not due, not listed
      }
    </p>
    <table>
      <caption class="visually-hidden">
        Patients due for review this week, in agenda order
      </caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Patient</th>
          <th scope="col">MRN</th>
          <th scope="col">Why due</th>
          <th scope="col">PHQ-9 (change)</th>
          <th scope="col">Weeks</th>
          <th scope="col">Flags</th>
        </tr>
      </thead>
      <tbody>
        @for (line of lines(); track line.rank) {
          <tr>
            <td>{{ line.rank }}</td>
            <th scope="row">{{ line.name }}</th>
            <td>{{ line.mrn }}</td>
            <td>{{ line.why }}</td>
            <td>{{ line.phq9 }}</td>
            <td>{{ line.weeks }}</td>
            <td>{{ line.flags }}</td>
          </tr>
        }
      </tbody>
    </table>
  `,
  styles: `
    :host {
      font:
        10pt/1.3 system-ui,
        sans-serif;
      color: #000;
    }
    h1 {
      font-size: 14pt;
      margin: 0 0 2pt;
    }
    .sub {
      margin: 0 0 8pt;
    }
    table {
      width: 100%;
      border-collapse: collapse;
    }
    th,
    td {
      text-align: left;
      vertical-align: top;
      padding: 3pt 4pt;
      border-bottom: 0.5pt solid #777;
    }
    tbody th {
      font-weight: 600;
      white-space: nowrap;
    }
    tr {
      break-inside: avoid;
    }
  `,
})
export class ReviewPrintComponent {
  readonly agenda = input.required<ReviewAgenda>();
  /** Clinic-local today (the agenda's `asOf` for the current week). */
  readonly today = input.required<string>();
  protected readonly lines = computed(() => printedAgenda(this.agenda().lines));
  protected readonly notDue = computed(() => this.agenda().sections.notDue);
  protected readonly week = computed(() => formatIsoDate(this.agenda().weekOf));
  protected readonly printed = computed(() => formatIsoDate(this.today()));
}
