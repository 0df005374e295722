import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { CsvRowError } from './import.models';

/** The row-level errors of a CSV file as a readable table: line, column, problem. */
@Component({
  selector: 'hd-row-errors',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <table class="row-errors">
      <caption>
        Rows with errors{{
          truncated() ? ' (the first ' + errors().length + ' shown)' : ''
        }}
      </caption>
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col">Column</th>
          <th scope="col">Problem</th>
        </tr>
      </thead>
      <tbody>
        @for (e of errors(); track $index) {
          <tr>
            <td>{{ e.row }}</td>
            <td>{{ e.column || '—' }}</td>
            <td>{{ e.message }}</td>
          </tr>
        }
      </tbody>
    </table>
  `,
  styles: `
    .row-errors {
      width: 100%;
      border-collapse: collapse;
      font: var(--mat-sys-body-medium);
    }
    caption {
      text-align: left;
      font-weight: 600;
      padding: 4px 0;
    }
    th,
    td {
      text-align: left;
      padding: 6px 8px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      vertical-align: top;
      overflow-wrap: anywhere;
    }
    th:first-child,
    td:first-child {
      width: 4rem;
    }
  `,
})
export class RowErrorsComponent {
  readonly errors = input.required<readonly CsvRowError[]>();
  readonly truncated = input(false);
}
