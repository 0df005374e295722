import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router } from '@angular/router';
import { AuthService } from '../core/auth/auth.service';
import { openRegisterPatient } from './register-patient.dialog';
import { openTransfer } from './transfer.dialog';

/**
 * Registry tasks of a list page (care managers): register (and enrol) a patient; on a caseload,
 * transfer chosen patients or the whole caseload to a colleague.
 */
@Component({
  selector: 'hd-registry-actions',
  imports: [MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (isCareManager()) {
      <div class="registry-actions" role="group" aria-label="Registry tasks">
        <button mat-flat-button type="button" (click)="register()">Register patient</button>
        @if (caseloadOf(); as from) {
          <button mat-stroked-button type="button" (click)="transfer(from)">Transfer patients</button>
        }
      </div>
    }
  `,
  styles: `
    .registry-actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
  `,
})
export class RegistryActionsComponent {
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);

  /** The caseload shown (its care manager's id), to offer transfers from it; `null` on other lists. */
  readonly caseloadOf = input<string | null>(null);
  /** Something changed on the list (a transfer moved patients away). */
  readonly changed = output();

  protected readonly isCareManager = computed(() => this.auth.role() === 'care_manager');

  protected register(): void {
    openRegisterPatient(this.dialog).subscribe((done) => {
      if (!done) return;
      const message = done.enrolmentError
        ? `${done.name} registered as a referral; enrolment failed: ${done.enrolmentError}`
        : `${done.name} ${done.enrolled ? 'registered and enrolled' : 'registered as a referral'}`;
      this.snackBar.open(message, undefined, { duration: 6000 });
      void this.router.navigate(['/patients', done.patientId]);
    });
  }

  protected transfer(fromCareManagerId: string): void {
    openTransfer(this.dialog, { fromCareManagerId, mode: 'patients' }).subscribe((done) => {
      if (!done) return;
      this.snackBar.open(
        `${done.transferred} ${done.transferred === 1 ? 'patient' : 'patients'} moved to ${done.toName}`,
        undefined,
        { duration: 5000 },
      );
      this.changed.emit();
    });
  }
}
