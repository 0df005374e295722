import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { RecommendationStatus, RecommendationView, StaffRole } from '@huddle/shared-types';
import { AuthService } from '../core/auth/auth.service';
import { apiErrorMessage } from '../core/http/api-error';
import { RECOMMENDATION_TYPE_LABELS } from '../shared/labels';
import { CareRecordService } from './care-record.service';

/**
 * The next statuses a role may give a recommendation (mirrors the API's lifecycle): the PCP accepts
 * or declines a new one and may decline or implement an accepted one; the care manager marks an
 * accepted one implemented.
 */
export function recommendationActions(
  status: RecommendationStatus,
  role: StaffRole | null,
): readonly RecommendationStatus[] {
  if (role === 'pcp') {
    if (status === 'new') return ['accepted', 'declined'];
    if (status === 'accepted') return ['implemented', 'declined'];
  }
  if (role === 'care_manager' && status === 'accepted') return ['implemented'];
  return [];
}

const BUTTONS: Readonly<Record<RecommendationStatus, string>> = {
  new: 'New',
  accepted: 'Accept',
  declined: 'Decline',
  implemented: 'Mark implemented',
};

/** Accept / decline (with a reason) / mark implemented buttons for one recommendation. */
@Component({
  selector: 'hd-recommendation-actions',
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (declining()) {
      <form class="decline" (ngSubmit)="confirmDecline()">
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="reason">
          <mat-label>Why decline?</mat-label>
          <textarea matInput [formControl]="reasonControl" rows="2" maxlength="1000" required></textarea>
        </mat-form-field>
        <div class="buttons">
          <button mat-flat-button type="submit" [disabled]="busy() || !reason().trim()">Decline</button>
          <button mat-button type="button" (click)="declining.set(false)">Cancel</button>
        </div>
      </form>
    } @else if (actions().length > 0) {
      <div class="buttons" role="group" [attr.aria-label]="'Answer the ' + typeLabel() + ' recommendation'">
        @for (status of actions(); track status) {
          <button
            mat-stroked-button
            type="button"
            [disabled]="busy()"
            (click)="choose(status)"
            [attr.aria-label]="buttons[status] + ': ' + recommendation().detail"
          >
            {{ buttons[status] }}
          </button>
        }
      </div>
    }
    @if (error()) {
      <p class="error" role="alert">{{ error() }}</p>
    }
  `,
  styles: `
    .buttons {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .decline {
      display: grid;
      gap: 8px;
    }
    .reason {
      width: 100%;
    }
    .error {
      color: var(--mat-sys-error);
      margin: 4px 0 0;
    }
  `,
})
export class RecommendationActionsComponent {
  private readonly service = inject(CareRecordService);
  private readonly auth = inject(AuthService);
  readonly recommendation = input.required<RecommendationView>();
  readonly changed = output<RecommendationView>();

  protected readonly buttons = BUTTONS;
  protected readonly actions = computed(() => recommendationActions(this.recommendation().status, this.auth.role()));
  protected readonly typeLabel = computed(() => RECOMMENDATION_TYPE_LABELS[this.recommendation().type]);
  protected readonly declining = signal(false);
  protected readonly reasonControl = new FormControl('', { nonNullable: true });
  protected readonly reason = toSignal(this.reasonControl.valueChanges, { initialValue: '' });
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected choose(status: RecommendationStatus): void {
    if (status === 'declined') {
      this.declining.set(true);
      return;
    }
    this.send(status, null);
  }

  protected confirmDecline(): void {
    const reason = this.reason().trim();
    if (!reason) return;
    this.send('declined', reason);
  }

  private send(status: RecommendationStatus, reason: string | null): void {
    this.busy.set(true);
    this.error.set(null);
    this.service.answerRecommendation(this.recommendation(), status, reason).subscribe({
      next: (updated) => {
        this.busy.set(false);
        this.declining.set(false);
        this.service.changed();
        this.changed.emit(updated);
      },
      error: (e: unknown) => {
        this.busy.set(false);
        this.error.set(apiErrorMessage(e, 'The recommendation could not be updated.'));
      },
    });
  }
}
