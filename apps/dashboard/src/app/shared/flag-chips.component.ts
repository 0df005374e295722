import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import type { FlagSummary } from '@huddle/shared-types';
import { proseDates } from './dates';
import { FLAG_LABELS, SEVERITY_LABELS } from './labels';
import { SharedTooltip } from './shared-tooltip';

let lists = 0;

/**
 * Flags as chips, most severe first. Each chip is focusable and shows why it was raised (the
 * evidence reason) in a tooltip on hover and on keyboard focus; screen readers get the reason as
 * the chip's description. The tooltip is the page's one shared tooltip (`shared-tooltip.ts`), not a
 * directive per chip (issue #13 item 8: a caseload page has hundreds of chips).
 */
@Component({
  selector: 'hd-flag-chips',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (flags().length === 0) {
      <span class="none">{{ emptyText() }}</span>
    } @else {
      <ul class="flags" [attr.aria-label]="label()">
        @for (flag of flags(); track flag.code) {
          <li>
            <span
              class="flag"
              [class]="'sev-' + flag.severity"
              tabindex="0"
              data-hd-tip
              [attr.aria-describedby]="id + '-' + $index"
              >{{ labels[flag.code]
              }}<span class="visually-hidden">, {{ severities[flag.severity] }} severity</span></span
            ><span [id]="id + '-' + $index" hidden>{{ prose(flag.reason) }}</span>
          </li>
        }
      </ul>
    }
  `,
  styles: `
    .flags {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .flag {
      display: inline-block;
      padding: 2px 8px;
      border-radius: 8px;
      font: var(--mat-sys-label-medium);
      white-space: nowrap;
      border: 1px solid transparent;
      cursor: help;
    }
    .flag:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
    .sev-critical {
      background: var(--mat-sys-error);
      color: var(--mat-sys-on-error);
    }
    .sev-high {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .sev-medium {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .sev-low {
      background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface);
      border-color: var(--mat-sys-outline-variant);
    }
    .none {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class FlagChipsComponent {
  readonly flags = input.required<readonly FlagSummary[]>();
  readonly label = input('Flags');
  readonly emptyText = input('None');
  protected readonly labels = FLAG_LABELS;
  protected readonly severities = SEVERITY_LABELS;
  protected readonly prose = proseDates;
  /** Prefix of the ids of this list's reasons (the chips' descriptions). */
  protected readonly id = `hd-flags-${++lists}`;

  constructor() {
    inject(SharedTooltip).listen();
  }
}
