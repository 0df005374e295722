import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';

/**
 * Loading, error and empty states with the right live-region roles: a polite status while
 * loading or empty, an alert (with an optional retry) on error.
 */
@Component({
  selector: 'hd-page-state',
  imports: [MatProgressSpinnerModule, MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @switch (kind()) {
      @case ('loading') {
        <div class="state" role="status">
          <mat-spinner diameter="28" aria-hidden="true" />
          <span>{{ message() || 'Loading…' }}</span>
        </div>
      }
      @case ('error') {
        <div class="state error" role="alert">
          <span>{{ message() || 'This could not be loaded.' }}</span>
          @if (retryable()) {
            <button mat-stroked-button type="button" (click)="retry.emit()">Try again</button>
          }
        </div>
      }
      @case ('empty') {
        <div class="state empty" role="status">{{ message() }}</div>
      }
    }
  `,
  styles: `
    .state {
      display: flex;
      gap: 12px;
      align-items: center;
      padding: 16px 0;
    }
    .error {
      color: var(--mat-sys-error);
    }
    .empty {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class PageStateComponent {
  readonly kind = input.required<'loading' | 'error' | 'empty'>();
  readonly message = input('');
  readonly retryable = input(true);
  readonly retry = output();
}
