import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import type { ConsultantSummary } from '@huddle/shared-types';
import { formatIsoDate } from '../shared/dates';
import { PageStateComponent } from '../shared/page-state.component';
import { IntegratedCareService } from './integrated-care.service';
import { CHRONIC_LABELS, CONTACT_METHOD_LABELS, NEED_DOMAIN_LABELS, NEED_STATUS_LABELS } from './labels';

const INSTRUMENT_LABELS: Readonly<Record<string, string>> = { PHQ9: 'PHQ-9', GAD7: 'GAD-7' };

/**
 * The consultant's one-screen summary of a patient (issue #17): scores baseline → latest, current
 * medications, problems with chronic conditions, HbA1c and blood pressure, open social needs and
 * care preferences — everything a case review needs, on one screen.
 */
@Component({
  selector: 'hd-consultant-summary-page',
  imports: [RouterLink, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (summary.error()) {
      <h1>Patient summary</h1>
      <hd-page-state kind="error" message="The summary could not be loaded." (retry)="summary.reload()" />
    } @else if (!summary.value()) {
      <h1>Patient summary</h1>
      <hd-page-state kind="loading" message="Loading the summary…" />
    } @else {
      @let s = summary.value()!;
      <h1>{{ s.displayName }}: summary</h1>
      <p><a [routerLink]="['/patients', s.patientId]">Open the full patient record</a></p>
      <div class="grid">
        <section aria-labelledby="sum-scores">
          <h2 id="sum-scores">Scores (current episode)</h2>
          <table>
            <caption class="visually-hidden">
              Baseline and latest scores
            </caption>
            <thead>
              <tr>
                <th scope="col">Measure</th>
                <th scope="col">Baseline</th>
                <th scope="col">Latest</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              @for (row of s.scores; track row.instrument) {
                <tr>
                  <th scope="row">{{ instrument(row.instrument) }}</th>
                  <td>
                    {{ row.baseline ?? '—' }}
                    @if (row.baselineOn) {
                      <span class="muted">({{ date(row.baselineOn) }})</span>
                    }
                  </td>
                  <td>
                    {{ row.latest ?? '—' }}
                    @if (row.latestOn && row.count > 1) {
                      <span class="muted">({{ date(row.latestOn) }})</span>
                    }
                  </td>
                  <td>{{ row.changePercent === null ? '—' : row.changePercent + '%' }}</td>
                </tr>
              }
            </tbody>
          </table>
        </section>
        <section aria-labelledby="sum-meds">
          <h2 id="sum-meds">Current medications</h2>
          @if (s.medications.length === 0) {
            <p class="muted">None recorded.</p>
          }
          <ul>
            @for (m of s.medications; track m.name + m.startedOn) {
              <li>
                {{ m.name }} {{ m.dose ?? '' }} <span class="muted">since {{ date(m.startedOn) }}</span>
              </li>
            }
          </ul>
        </section>
        <section aria-labelledby="sum-problems">
          <h2 id="sum-problems">Problems</h2>
          <p>
            HbA1c {{ s.vitals.hba1c ? s.vitals.hba1c.value + '% (' + date(s.vitals.hba1c.on) + ')' : '—' }} · BP
            {{
              s.vitals.bloodPressure
                ? s.vitals.bloodPressure.systolic +
                  '/' +
                  s.vitals.bloodPressure.diastolic +
                  ' (' +
                  date(s.vitals.bloodPressure.on) +
                  ')'
                : '—'
            }}
          </p>
          @if (active(s).length === 0) {
            <p class="muted">No active problems.</p>
          }
          <ul>
            @for (p of active(s); track p.id) {
              <li>
                <strong>{{ p.code }}</strong> {{ p.text ?? '' }}
                @for (c of p.chronicConditions; track c) {
                  <span class="chip">{{ chronic(c) }}</span>
                }
              </li>
            }
          </ul>
        </section>
        <section aria-labelledby="sum-needs">
          <h2 id="sum-needs">Open social needs</h2>
          @if (s.openNeeds.length === 0) {
            <p class="muted">None open.</p>
          }
          <ul>
            @for (n of s.openNeeds; track n.id) {
              <li>{{ needLine(n) }}</li>
            }
          </ul>
        </section>
        <section aria-labelledby="sum-prefs" class="wide">
          <h2 id="sum-prefs">Care preferences</h2>
          @if (s.preferences.version === 0) {
            <p class="muted">None recorded.</p>
          } @else {
            <p>
              @if (s.preferences.contactMethod) {
                Prefers {{ method(s) }}.
              }
              @if (s.preferences.contactTimes) {
                {{ s.preferences.contactTimes }}.
              }
            </p>
            @if (s.preferences.whatHelps) {
              <p><strong>Helps:</strong> {{ s.preferences.whatHelps }}</p>
            }
            @if (s.preferences.whatToAvoid) {
              <p><strong>Avoid:</strong> {{ s.preferences.whatToAvoid }}</p>
            }
          }
        </section>
      </div>
    }
  `,
  styles: `
    :host {
      display: block;
      padding: 16px;
      max-width: 1100px;
      margin: 0 auto;
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 320px), 1fr));
      gap: 16px;
    }
    section {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      padding: 8px 12px;
      min-width: 0;
      overflow-wrap: anywhere;
    }
    h2 {
      font-size: 1.05rem;
      margin: 0 0 8px;
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    th,
    td {
      text-align: left;
      padding: 2px 6px 2px 0;
    }
    ul {
      margin: 0;
      padding-left: 18px;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .chip {
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
      border-radius: 12px;
      padding: 0 8px;
      margin-left: 4px;
      font-size: 0.85rem;
    }
    .visually-hidden {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
  `,
})
export class ConsultantSummaryPage {
  private readonly service = inject(IntegratedCareService);
  /** Route parameter `:patientId`. */
  readonly patientId = input.required<string>();
  protected readonly summary = rxResource({
    params: () => this.patientId(),
    stream: ({ params }) => this.service.summary(params),
  });
  protected readonly date = formatIsoDate;

  protected instrument(id: string): string {
    return INSTRUMENT_LABELS[id] ?? id;
  }
  protected active(s: ConsultantSummary) {
    return s.problems.filter((p) => p.status === 'active');
  }
  protected chronic(id: string): string {
    return CHRONIC_LABELS[id] ?? id;
  }
  protected domain(id: keyof typeof NEED_DOMAIN_LABELS): string {
    return NEED_DOMAIN_LABELS[id];
  }
  protected status(id: keyof typeof NEED_STATUS_LABELS): string {
    return NEED_STATUS_LABELS[id];
  }
  /** "Food: Referred (Eastside Food Pantry)" as one line of text. */
  protected needLine(n: ConsultantSummary['openNeeds'][number]): string {
    const line = `${this.domain(n.domain)}: ${this.status(n.status)}`;
    return n.resourceName ? `${line} (${n.resourceName})` : line;
  }
  protected method(s: ConsultantSummary): string {
    return s.preferences.contactMethod ? CONTACT_METHOD_LABELS[s.preferences.contactMethod].toLowerCase() : '';
  }
}
