import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { RouterLink } from '@angular/router';
import { tap } from 'rxjs';
import { ClinicCalendar } from '../core/clinic-calendar.service';
import { ReasonDialog, type ReasonDialogData } from '../flag-lifecycle/reason.dialog';
import { formatIsoDateWithWeekday } from '../shared/dates';
import { nextHuddleOf } from './next-huddle';
import { IntegratedCareService } from './integrated-care.service';

/** Puts the patient on the next team huddle with a question (any team member, PCP included). */
@Component({
  selector: 'hd-huddle-raise-button',
  imports: [MatButtonModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <button mat-stroked-button type="button" (click)="raise()">Add to huddle</button>
    @if (added()) {
      <span role="status" class="added"
        >{{ addedTo() ? 'On the huddle of ' + addedTo() + '.' : 'On the huddle list.' }}
        <a routerLink="/huddle">Open the huddle</a></span
      >
    }
  `,
  styles: `
    :host {
      display: inline-flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
    }
  `,
})
export class HuddleRaiseButtonComponent {
  private readonly service = inject(IntegratedCareService);
  private readonly dialog = inject(MatDialog);

  readonly patientId = input.required<string>();
  private readonly calendar = inject(ClinicCalendar);
  protected readonly added = signal(false);
  /** The date of the huddle the item was filed under (as the API answered), with its weekday. */
  protected readonly addedTo = signal<string | null>(null);

  protected raise(): void {
    const next = nextHuddleOf(this.calendar);
    const data: ReasonDialogData = {
      title: 'Add to the next huddle',
      summary: next
        ? `The team discusses this patient at the huddle on ${formatIsoDateWithWeekday(next)}; the notes become tasks.`
        : 'The team discusses this patient at the next huddle; the notes become tasks.',
      label: 'Question for the team',
      confirm: 'Add to huddle',
      run: (question) =>
        this.service
          .raise(this.patientId(), question)
          .pipe(tap((r) => this.addedTo.set(r.huddleOn ? formatIsoDateWithWeekday(r.huddleOn) : null))),
    };
    this.dialog
      .open(ReasonDialog, { data, width: '480px', maxWidth: '95vw' })
      .afterClosed()
      .subscribe((done) => {
        if (done) this.added.set(true);
      });
  }
}
