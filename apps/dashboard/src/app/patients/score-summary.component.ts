import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { CaseloadScores } from '@huddle/shared-types';
import { formatIsoDate } from '../shared/dates';

/** `−56% from 18` (negative = improvement), or `baseline` when the latest score is the first. */
export function changeFromBaseline(scores: CaseloadScores): string {
  if (!scores.baseline || !scores.latest) return '';
  if (scores.percentChange === null) return 'baseline';
  const pct = Math.round(scores.percentChange);
  return `${pct > 0 ? '+' : pct < 0 ? '−' : ''}${Math.abs(pct)}% from ${scores.baseline.total}`;
}

/** A patient's latest score of one instrument: total, date and change from baseline. */
@Component({
  selector: 'hd-score-summary',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (scores()?.latest; as latest) {
      <span class="total">{{ latest.total }}</span>
      <span class="date">{{ date(latest.date) }}</span>
      <span class="change" [class.good]="improved()" [class.bad]="worse()">{{ change() }}</span>
    } @else {
      <span class="none">No score</span>
    }
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      white-space: nowrap;
    }
    @media (max-width: 599.98px) {
      :host {
        white-space: normal;
      }
    }
    .total {
      font-weight: 600;
    }
    .date,
    .none {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .change {
      font: var(--mat-sys-body-small);
    }
    .good {
      font-weight: 600;
    }
    .bad {
      color: var(--mat-sys-error);
    }
  `,
})
export class ScoreSummaryComponent {
  readonly scores = input.required<CaseloadScores | null | undefined>();

  protected readonly date = formatIsoDate;
  protected readonly change = computed(() => {
    const s = this.scores();
    return s ? changeFromBaseline(s) : '';
  });
  protected readonly improved = computed(() => (this.scores()?.percentChange ?? 0) <= -50);
  protected readonly worse = computed(() => (this.scores()?.percentChange ?? 0) > 0);
}
