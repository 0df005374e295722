import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import type { InstrumentItem } from '@huddle/scoring';

/**
 * One scored item as a row of toggles (0…max), quick to tap at 390 px; the option wording is read
 * out with each number and listed once under the question.
 */
@Component({
  selector: 'hd-item-scale',
  imports: [MatButtonToggleModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="item">
      <span class="text" [id]="labelId()">{{ number() }}. {{ item().text }}</span>
      <mat-button-toggle-group
        [value]="value()"
        (change)="changed.emit($event.value)"
        [attr.aria-labelledby]="labelId()"
        hideSingleSelectionIndicator
      >
        @for (o of item().options; track o.value) {
          <mat-button-toggle [value]="o.value" [aria-label]="o.label + ' (' + o.value + ')'">{{
            o.value
          }}</mat-button-toggle>
        }
      </mat-button-toggle-group>
      @if (showLegend()) {
        <span class="legend">{{ legend() }}</span>
      }
    </div>
  `,
  styles: `
    .item {
      display: grid;
      gap: 4px;
      padding: 6px 0;
    }
    .legend {
      font-size: 0.8125rem;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class ItemScaleComponent {
  readonly item = input.required<InstrumentItem>();
  readonly number = input.required<number>();
  readonly value = input<number | null | undefined>(null);
  readonly showLegend = input(true);
  readonly changed = output<number>();

  protected readonly labelId = computed(() => `item-${this.item().id}`);
  protected readonly legend = computed(() =>
    this.item()
      .options.map((o) => `${o.value} ${o.label}`)
      .join(' · '),
  );
}
