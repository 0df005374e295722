import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { ReviewAgendaLine } from '@huddle/shared-types';
import { FlagChipsComponent } from '../shared/flag-chips.component';
import { AGENDA_BUCKET_LABELS, patientName } from '../shared/labels';

/** The agenda in priority order, each patient with the reason for their place. */
@Component({
  selector: 'hd-review-agenda',
  imports: [RouterLink, FlagChipsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ol class="agenda">
      @for (line of lines(); track line.episodeId) {
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
            <span class="bucket bucket-{{ line.bucketPriority }}">{{ buckets[line.bucket] }}</span>
            <span class="reason">{{ line.reason }}</span>
          </div>
          @if (line.flags.length > 0) {
            <hd-flag-chips [flags]="line.flags" [label]="'Flags for ' + nameOf(line)" />
          }
        </li>
      }
    </ol>
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
  `,
})
export class ReviewAgendaComponent {
  readonly lines = input.required<readonly ReviewAgendaLine[]>();
  readonly selectedId = input<string | null>(null);
  protected readonly buckets = AGENDA_BUCKET_LABELS;
  protected readonly nameOf = patientName;
}
