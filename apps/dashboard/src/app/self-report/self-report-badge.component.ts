import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { SelfReportState } from '@huddle/shared-types';

const LABEL: Partial<Record<SelfReportState, string>> = {
  due: 'Self-report due',
  sent: 'Self-report sent',
  overdue: 'Self-report overdue',
  completed: 'Self-report completed',
};

/** Caseload badge of a patient's measurement schedule (issue #16): due, sent, overdue or completed. */
@Component({
  selector: 'hd-self-report-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (state(); as s) {
      @if (label[s]; as text) {
        <span class="badge" [class]="'badge ' + s">{{ text }}</span>
      }
    }
  `,
  styles: `
    .badge {
      display: inline-block;
      margin-top: 2px;
      border-radius: 10px;
      padding: 0 8px;
      font-size: 0.8125rem;
      font-weight: 600;
      white-space: nowrap;
      background: #e8eaf0;
      color: #1b1f2a;
    }
    .overdue {
      background: #8c1d18;
      color: #fff;
    }
    .due {
      background: #7a4b00;
      color: #fff;
    }
    .sent {
      background: #0b57d0;
      color: #fff;
    }
    .completed {
      background: #146c2e;
      color: #fff;
    }
  `,
})
export class SelfReportBadgeComponent {
  readonly state = input<SelfReportState | undefined>(undefined);
  protected readonly label = LABEL;
}
