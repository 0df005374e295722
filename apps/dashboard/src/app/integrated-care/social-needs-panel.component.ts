import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import type { SocialNeedStatus, SocialNeedView } from '@huddle/shared-types';
import { AuthService } from '../core/auth/auth.service';
import { formatIsoDate } from '../shared/dates';
import { PageStateComponent } from '../shared/page-state.component';
import { HrsnScreenDialog } from './hrsn-screen.dialog';
import { IntegratedCareService } from './integrated-care.service';
import { CARE_RECORD_WRITERS, NEED_DOMAIN_LABELS, NEED_STATUS_LABELS } from './labels';
import { NeedProgressDialog } from './need-progress.dialog';

const NEXT: Readonly<Record<SocialNeedStatus, Exclude<SocialNeedStatus, 'open'> | null>> = {
  open: 'referred',
  referred: 'connected',
  connected: 'resolved',
  resolved: null,
};

/** Social needs (AHC HRSN) with their community-resource referral: referred → connected → resolved. */
@Component({
  selector: 'hd-social-needs-panel',
  imports: [MatButtonModule, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (canEdit()) {
      <button mat-stroked-button type="button" (click)="screen()">Record social needs screen</button>
    }
    @if (needs.error()) {
      <hd-page-state kind="error" message="The social needs could not be loaded." (retry)="needs.reload()" />
    } @else if (!needs.value()) {
      <hd-page-state kind="loading" message="Loading social needs…" />
    } @else {
      @let n = needs.value()!;
      @if (n.needs.length === 0) {
        <p class="muted">
          {{ n.screenings.length === 0 ? 'Not screened for social needs yet.' : 'No social needs found.' }}
        </p>
      } @else {
        <ul class="needs" aria-label="Social needs">
          @for (need of n.needs; track need.id) {
            <li [class.resolved]="need.status === 'resolved'">
              <div class="head">
                <h3>{{ domainLabel(need) }}</h3>
                <span class="status" [attr.data-status]="need.status">{{ statusLabel(need) }}</span>
              </div>
              <p class="steps">
                Found {{ date(need.identifiedOn) }}
                @if (need.resourceName) {
                  · {{ need.resourceName }}
                }
                @if (need.referredOn) {
                  · referred {{ date(need.referredOn) }}
                }
                @if (need.connectedOn) {
                  · connected {{ date(need.connectedOn) }}
                }
                @if (need.resolvedOn) {
                  · resolved {{ date(need.resolvedOn) }}
                }
              </p>
              @if (canEdit() && next(need); as to) {
                <div class="row-actions">
                  <button
                    mat-button
                    type="button"
                    (click)="progress(need, to)"
                    [attr.aria-label]="actionLabel(need, to)"
                  >
                    {{ to === 'referred' ? 'Refer' : to === 'connected' ? 'Connected' : 'Resolved' }}
                  </button>
                  @if (to !== 'resolved') {
                    <button
                      mat-button
                      type="button"
                      (click)="progress(need, 'resolved')"
                      [attr.aria-label]="actionLabel(need, 'resolved')"
                    >
                      Resolved
                    </button>
                  }
                </div>
              }
            </li>
          }
        </ul>
      }
      @if (n.screenings[0]; as last) {
        <p class="muted">Last screen {{ date(last.screenedOn) }}{{ last.source === 'import' ? ' (imported)' : '' }}.</p>
      }
    }
  `,
  styles: `
    .needs {
      list-style: none;
      padding: 0;
      margin: 8px 0;
      display: grid;
      gap: 8px;
    }
    li {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 4px;
      padding: 8px 12px;
    }
    li.resolved {
      opacity: 0.8;
    }
    .head {
      display: flex;
      justify-content: space-between;
      gap: 8px;
      flex-wrap: wrap;
    }
    h3 {
      margin: 0;
      font-size: 1rem;
    }
    .status {
      font-weight: 600;
    }
    .status[data-status='open'] {
      color: var(--mat-sys-error);
    }
    .steps {
      margin: 4px 0;
      overflow-wrap: anywhere;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class SocialNeedsPanelComponent {
  private readonly service = inject(IntegratedCareService);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);

  readonly patientId = input.required<string>();

  protected readonly needs = rxResource({
    params: () => this.patientId(),
    stream: ({ params }) => this.service.socialNeeds(params),
  });
  protected readonly canEdit = computed(() => CARE_RECORD_WRITERS.includes(this.auth.role() ?? ''));
  protected readonly date = formatIsoDate;

  protected domainLabel(need: SocialNeedView): string {
    return NEED_DOMAIN_LABELS[need.domain];
  }
  protected statusLabel(need: SocialNeedView): string {
    return NEED_STATUS_LABELS[need.status];
  }
  protected next(need: SocialNeedView): Exclude<SocialNeedStatus, 'open'> | null {
    return NEXT[need.status];
  }
  protected actionLabel(need: SocialNeedView, to: SocialNeedStatus): string {
    return `${NEED_DOMAIN_LABELS[need.domain]} need: mark ${NEED_STATUS_LABELS[to].toLowerCase()}`;
  }

  protected screen(): void {
    this.dialog
      .open(HrsnScreenDialog, { data: this.patientId(), width: '640px', maxWidth: '95vw' })
      .afterClosed()
      .subscribe((result) => {
        if (result) this.needs.set(result);
      });
  }

  protected progress(need: SocialNeedView, to: Exclude<SocialNeedStatus, 'open'>): void {
    this.dialog
      .open(NeedProgressDialog, { data: { need, to }, width: '440px', maxWidth: '95vw' })
      .afterClosed()
      .subscribe((saved) => {
        if (saved) this.needs.reload();
      });
  }
}
