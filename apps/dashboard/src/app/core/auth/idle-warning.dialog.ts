import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, type Injector, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { AuthService } from './auth.service';

interface IdleWarningData {
  /** Epoch ms when the server ends the session. */
  expireAt: number;
}

/** "You will be signed out soon" with a countdown, "Stay signed in" and "Sign out". */
@Component({
  selector: 'hd-idle-warning-dialog',
  imports: [MatDialogModule, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title id="idle-title">Are you still there?</h2>
    <mat-dialog-content>
      <p id="idle-description">To protect patient information you will be signed out soon because of inactivity.</p>
      <p class="countdown" aria-live="off">
        Signing out in <strong>{{ remainingLabel() }}</strong>
      </p>
      @if (error()) {
        <p class="error" role="alert">{{ error() }}</p>
      }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" (click)="signOut()">Sign out</button>
      <button mat-flat-button type="button" cdkFocusInitial [disabled]="busy()" (click)="stay()">Stay signed in</button>
    </mat-dialog-actions>
  `,
  styles: `
    .countdown {
      font: var(--mat-sys-title-medium);
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class IdleWarningDialog {
  private readonly auth = inject(AuthService);
  private readonly ref = inject(MatDialogRef<IdleWarningDialog>);
  private readonly data = inject<IdleWarningData>(MAT_DIALOG_DATA);
  private readonly now = signal(Date.now());

  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly remainingLabel = computed(() => {
    const seconds = Math.max(0, Math.ceil((this.data.expireAt - this.now()) / 1000));
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  });

  constructor() {
    const tick = setInterval(() => this.now.set(Date.now()), 1000);
    inject(DestroyRef).onDestroy(() => clearInterval(tick));
  }

  protected stay(): void {
    this.busy.set(true);
    this.auth.keepAlive().subscribe({
      next: () => this.ref.close('stayed'),
      error: () => {
        this.busy.set(false);
        this.error.set('The session could not be renewed. Please sign in again.');
      },
    });
  }

  protected signOut(): void {
    this.ref.close('signed_out');
    this.auth.logout();
  }
}

/** Opens the warning (this module is loaded only when a warning is due). */
export function openIdleWarning(injector: Injector, expireAt: number): MatDialogRef<IdleWarningDialog> {
  return injector.get(MatDialog).open(IdleWarningDialog, {
    data: { expireAt } satisfies IdleWarningData,
    disableClose: true,
    role: 'alertdialog',
    ariaLabelledBy: 'idle-title',
    ariaDescribedBy: 'idle-description',
    width: '28rem',
  });
}
