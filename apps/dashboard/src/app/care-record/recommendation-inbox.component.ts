import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import type { RecommendationInboxItem } from '@huddle/shared-types';
import { of } from 'rxjs';
import { AuthService } from '../core/auth/auth.service';
import { apiErrorMessage } from '../core/http/api-error';
import { formatIsoDate } from '../shared/dates';
import { patientName, RECOMMENDATION_TYPE_LABELS } from '../shared/labels';
import { PageStateComponent } from '../shared/page-state.component';
import { CareRecordService } from './care-record.service';
import { RecommendationActionsComponent } from './recommendation-actions.component';

/**
 * The PCP's inbox (issue #11): new consultant recommendations for their patients, oldest first, each
 * accepted or declined (with a reason) in place. Shown to PCPs only.
 */
@Component({
  selector: 'hd-recommendation-inbox',
  imports: [RouterLink, PageStateComponent, RecommendationActionsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (isPcp()) {
      <section class="inbox" aria-labelledby="inbox-title">
        <h2 id="inbox-title">New recommendations for you ({{ items.value()?.length ?? 0 }})</h2>
        @if (items.error()) {
          <hd-page-state kind="error" [message]="errorMessage()" (retry)="items.reload()" />
        } @else if (!items.value()) {
          <hd-page-state kind="loading" message="Loading new recommendations…" />
        } @else if (items.value()!.length === 0) {
          <p class="muted">No new recommendations. You are up to date.</p>
        } @else {
          <ul>
            @for (item of items.value()!; track item.recommendation.id) {
              <li>
                <p class="who">
                  <a [routerLink]="['/patients', item.patient.id]">{{ name(item) }}</a>
                  <span class="muted">
                    MRN {{ item.patient.mrn }} · {{ item.consultant.displayName }},
                    {{ date(item.recommendation.createdAt) }}
                  </span>
                </p>
                <p class="what">
                  <strong>{{ types[item.recommendation.type] }}:</strong> {{ item.recommendation.detail }}
                  @if (item.recommendation.medication) {
                    ({{ item.recommendation.medication }} {{ item.recommendation.dose ?? '' }})
                  }
                </p>
                @if (item.reviewSummary) {
                  <p class="summary">Review summary: {{ item.reviewSummary }}</p>
                }
                <hd-recommendation-actions [recommendation]="item.recommendation" (changed)="items.reload()" />
              </li>
            }
          </ul>
        }
      </section>
    }
  `,
  styles: `
    .inbox {
      margin-bottom: 24px;
      padding: 12px 16px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 12px;
    }
    h2 {
      font: var(--mat-sys-title-medium);
      margin: 0 0 8px;
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li {
      padding: 10px 0;
      overflow-wrap: anywhere;
    }
    li + li {
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    p {
      margin: 0 0 6px;
    }
    .who {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 12px;
    }
    .summary {
      white-space: pre-line;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class RecommendationInboxComponent {
  private readonly service = inject(CareRecordService);
  private readonly auth = inject(AuthService);

  protected readonly isPcp = computed(() => this.auth.role() === 'pcp');
  protected readonly items = rxResource<RecommendationInboxItem[] | undefined, boolean>({
    params: () => this.isPcp(),
    stream: ({ params }) => (params ? this.service.inbox() : of(undefined)),
  });
  protected readonly errorMessage = computed(() =>
    apiErrorMessage(this.items.error(), 'The new recommendations could not be loaded.'),
  );
  protected readonly types = RECOMMENDATION_TYPE_LABELS;
  protected readonly date = formatIsoDate;

  protected name(item: RecommendationInboxItem): string {
    return patientName(item.patient);
  }
}
