import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { AuthService } from '../core/auth/auth.service';
import { CarePreferencesDialog } from './care-preferences.dialog';
import { IntegratedCareService } from './integrated-care.service';
import { CARE_RECORD_WRITERS, CONTACT_METHOD_LABELS } from './labels';

let nextId = 0;

/**
 * Trauma-informed care preferences in the patient header, so they are read before each contact
 * (issue #17): how and when to reach the patient, what helps, what to avoid. Shown in the patient
 * header and, read-only, at the top of the contact dialog (`inDialog`).
 */
@Component({
  selector: 'hd-care-preferences-banner',
  imports: [MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <aside class="prefs" [attr.aria-labelledby]="id">
      @if (inDialog()) {
        <h3 [id]="id">Before you contact</h3>
      } @else {
        <h2 [id]="id">Before you contact</h2>
      }
      @if (prefs.value(); as p) {
        @if (p.version === 0) {
          <p class="muted">No care preferences recorded.</p>
        } @else {
          <dl>
            @if (p.contactMethod) {
              <div>
                <dt>Prefers</dt>
                <dd>
                  {{ method() }}
                  @if (p.contactTimes) {
                    · {{ p.contactTimes }}
                  }
                </dd>
              </div>
            } @else if (p.contactTimes) {
              <div>
                <dt>Best times</dt>
                <dd>{{ p.contactTimes }}</dd>
              </div>
            }
            @if (p.whatHelps) {
              <div>
                <dt>What helps</dt>
                <dd>{{ p.whatHelps }}</dd>
              </div>
            }
            @if (p.whatToAvoid) {
              <div class="avoid">
                <dt>Avoid</dt>
                <dd>{{ p.whatToAvoid }}</dd>
              </div>
            }
          </dl>
        }
        @if (canEdit() && !inDialog()) {
          <button mat-button type="button" (click)="edit()">
            {{ p.version === 0 ? 'Record preferences' : 'Edit preferences' }}
          </button>
        }
      } @else if (prefs.error()) {
        <p class="muted">Care preferences could not be loaded.</p>
      } @else {
        <p class="muted" role="status">Loading care preferences…</p>
      }
    </aside>
  `,
  styles: `
    .prefs {
      border-left: 4px solid var(--mat-sys-tertiary);
      background: var(--mat-sys-surface-container-low);
      padding: 8px 12px;
      margin: 8px 0;
      border-radius: 4px;
    }
    h2,
    h3 {
      font-size: 1rem;
      margin: 0 0 4px;
    }
    dl {
      margin: 0;
      display: grid;
      gap: 2px;
    }
    dl div {
      display: flex;
      gap: 8px;
      flex-wrap: wrap;
    }
    dt {
      font-weight: 600;
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .avoid dt {
      color: var(--mat-sys-error);
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
      margin: 0;
    }
  `,
})
export class CarePreferencesBannerComponent {
  private readonly service = inject(IntegratedCareService);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);

  readonly patientId = input.required<string>();
  /** Inside a dialog: a level-3 heading and no edit button (the dialog records something else). */
  readonly inDialog = input(false);
  protected readonly id = `prefs-title-${nextId++}`;

  protected readonly prefs = rxResource({
    params: () => this.patientId(),
    stream: ({ params }) => this.service.preferences(params),
  });
  protected readonly canEdit = computed(() => CARE_RECORD_WRITERS.includes(this.auth.role() ?? ''));
  protected readonly method = computed(() => {
    const m = this.prefs.value()?.contactMethod;
    return m ? CONTACT_METHOD_LABELS[m] : '';
  });

  protected edit(): void {
    const current = this.prefs.value();
    if (!current) return;
    this.dialog
      .open(CarePreferencesDialog, { data: current, width: '520px', maxWidth: '95vw' })
      .afterClosed()
      .subscribe((saved) => {
        if (saved) this.prefs.set(saved);
      });
  }
}
