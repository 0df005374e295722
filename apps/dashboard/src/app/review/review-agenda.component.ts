import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { ReviewAgendaLine } from '@huddle/shared-types';
import { FlagChipsComponent } from '../shared/flag-chips.component';
import { proseDates } from '../shared/dates';
import { AGENDA_BUCKET_LABELS, patientName } from '../shared/labels';
import { splitAgenda } from './agenda-lines';

/**
 * The agenda in priority order, each patient with the reason for their place: patients due this
 * week first, the rest collapsed under "Not due this week (n)" (opened when one of them is chosen).
 */
@Component({
  selector: 'hd-review-agenda',
  imports: [NgTemplateOutlet, RouterLink, FlagChipsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (split().due.length === 0) {
      <p class="none">Nobody is due for review this week.</p>
    } @else {
      <ol class="agenda" aria-label="Due this week">
        @for (line of split().due; track line.episodeId) {
          <ng-container *ngTemplateOutlet="item; context: { $implicit: line }" />
        }
      </ol>
    }
    @if (split().notDue.length > 0) {
      <details class="not-due" [open]="selectedNotDue()">
        <summary>Not due this week ({{ split().notDue.length }})</summary>
        <ol class="agenda" aria-label="Not due this week" [attr.start]="split().due.length + 1">
          @for (line of split().notDue; track line.episodeId) {
            <ng-container *ngTemplateOutlet="item; context: { $implicit: line }" />
          }
        </ol>
      </details>
    }
    <ng-template #item let-line>
      <li [class.selected]="line.patientId === selectedId()" [class.done]="line.reviewedThisWeek">
        <a
          [routerLink]="[]"
          [queryParams]="{ patient: line.patientId }"
          queryParamsHandling="merge"
          [attr.aria-current]="line.patientId === selectedId() ? 'true' : null"
        >
          <span class="rank">{{ line.rank }}.</span>
          <span class="name">{{ nameOf(line) }}</span>
          @if (line.reviewedThisWeek) {
            <span class="reviewed">Reviewed</span>
          }
        </a>
        <div class="meta">
          <span class="bucket bucket-{{ line.bucketPriority }}">{{ bucketLabel(line) }}</span>
          <span class="reason">{{ prose(line.reason) }}</span>
        </div>
        @if (line.flags.length > 0) {
          <hd-flag-chips [flags]="line.flags" [label]="'Flags for ' + nameOf(line)" />
        }
      </li>
    </ng-template>
  `,
  styles: `
    .agenda {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li {
      padding: 8px 8px 10px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      border-left: 4px solid transparent;
    }
    li.selected {
      background: var(--mat-sys-secondary-container);
      border-left-color: var(--mat-sys-primary);
    }
    a {
      display: flex;
      gap: 6px;
      align-items: baseline;
      color: var(--mat-sys-on-surface);
      font: var(--mat-sys-title-small);
      text-decoration: none;
    }
    a:hover .name,
    a:focus-visible .name {
      text-decoration: underline;
    }
    a:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
    .reviewed {
      margin-left: auto;
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    li.done .reviewed::before {
      content: '✓ ';
    }
    .meta {
      margin: 2px 0 4px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .bucket {
      font-weight: 600;
      margin-right: 6px;
    }
    .bucket-1 {
      color: var(--mat-sys-error);
    }
    .none {
      margin: 0;
      padding: 12px;
      color: var(--mat-sys-on-surface-variant);
    }
    .not-due summary {
      padding: 10px 12px;
      cursor: pointer;
      font: var(--mat-sys-title-small);
      color: var(--mat-sys-on-surface-variant);
      background: var(--mat-sys-surface-container-low);
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
  `,
})
export class ReviewAgendaComponent {
  readonly lines = input.required<readonly ReviewAgendaLine[]>();
  readonly selectedId = input<string | null>(null);
  protected bucketLabel(line: ReviewAgendaLine): string {
    return AGENDA_BUCKET_LABELS[line.bucket];
  }
  protected readonly split = computed(() => splitAgenda(this.lines()));
  protected readonly selectedNotDue = computed(() =>
    this.split().notDue.some((line) => line.patientId === this.selectedId()),
  );
  protected readonly nameOf = patientName;
  protected readonly prose = proseDates;
}
