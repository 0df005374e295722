import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { ReviewAgenda, ReviewAgendaLine } from '@huddle/shared-types';
import { FlagChipsComponent } from '../shared/flag-chips.component';
import { proseDates } from '../shared/dates';
import { AGENDA_BUCKET_LABELS, patientName } from '../shared/labels';
import { splitAgenda, unloadedLines } from './agenda-lines';

/**
 * The agenda in priority order, each patient with the reason for their place: patients due this
 * week first, the rest collapsed under "Not due this week (n)" (opened when one of them is chosen).
 * It shows the lines loaded so far; "Show more" asks the page for the next ones.
 */
@Component({
  selector: 'hd-review-agenda',
  imports: [NgTemplateOutlet, RouterLink, MatButtonModule, FlagChipsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (sections().due === 0) {
      <p class="none">Nobody is due for review this week.</p>
    } @else {
      <ol class="agenda" aria-label="Due this week">
        @for (line of split().due; track line.episodeId) {
          <ng-container *ngTemplateOutlet="item; context: { $implicit: line }" />
        }
      </ol>
      @if (unloaded().due > 0) {
        <ng-container *ngTemplateOutlet="more; context: { $implicit: split().due.length, total: sections().due }" />
      }
    }
    @if (sections().notDue > 0) {
      <details class="not-due" [open]="selectedNotDue()">
        <summary>Not due this week ({{ sections().notDue }})</summary>
        <ol class="agenda" aria-label="Not due this week" [attr.start]="sections().due + 1">
          @for (line of split().notDue; track line.episodeId) {
            <ng-container *ngTemplateOutlet="item; context: { $implicit: line }" />
          }
        </ol>
        @if (unloaded().due === 0 && unloaded().notDue > 0) {
          <ng-container
            *ngTemplateOutlet="more; context: { $implicit: split().notDue.length, total: sections().notDue }"
          />
        }
      </details>
    }
    <ng-template #more let-shown let-total="total">
      <div class="more">
        <span>{{ shown }} of {{ total }} shown</span>
        <button mat-stroked-button type="button" [disabled]="loading()" (click)="showMore.emit()">
          {{ loading() ? 'Loading…' : 'Show more' }}
        </button>
      </div>
    </ng-template>
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
    .more {
      display: flex;
      gap: 12px;
      align-items: center;
      justify-content: space-between;
      padding: 8px 12px;
      font: var(--mat-sys-body-small);
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
  /** The first lines of the agenda (a page or more), in agenda order. */
  readonly lines = input.required<readonly ReviewAgendaLine[]>();
  /** Lines of the whole agenda per section (the API's `sections`). */
  readonly sections = input.required<ReviewAgenda['sections']>();
  readonly selectedId = input<string | null>(null);
  /** The next lines are being loaded. */
  readonly loading = input(false);
  /** Asks for the next page of lines. */
  readonly showMore = output<void>();
  protected readonly unloaded = computed(() => unloadedLines({ lines: this.lines(), sections: this.sections() }));
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
