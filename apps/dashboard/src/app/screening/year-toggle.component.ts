import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal, model } from '@angular/core';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { ClinicCalendar } from '../core/clinic-calendar.service';

/** The clinic's current calendar year (`YYYY`); a page's year defaults to it until one is chosen. */
export function clinicYear() {
  const calendar = inject(ClinicCalendar);
  return linkedSignal(() => calendar.today().slice(0, 4));
}

/**
 * The year of a leadership view (screening and handoffs, health system): last year or this one, on
 * the clinic's calendar. `<hd-year-toggle [(year)]="year" />`.
 */
@Component({
  selector: 'hd-year-toggle',
  imports: [MatButtonToggleModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-button-toggle-group
      [value]="year()"
      (change)="year.set($event.value)"
      aria-label="Year"
      hideSingleSelectionIndicator
    >
      @for (y of years(); track y) {
        <mat-button-toggle [value]="y">{{ y }}</mat-button-toggle>
      }
    </mat-button-toggle-group>
  `,
})
export class YearToggleComponent {
  readonly year = model.required<string>();
  private readonly calendar = inject(ClinicCalendar);
  protected readonly years = computed(() => {
    const y = Number(this.calendar.today().slice(0, 4));
    return [String(y - 1), String(y)];
  });
}
