import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { serverMessage } from '../core/http/api-fetch';
import { Title } from '@angular/platform-browser';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { CreateScreeningRequest, PatientSummary, ScreeningVisitRecord } from '@huddle/shared-types';
import { of } from 'rxjs';
import { formatIsoDate } from '../shared/dates';
import { ScreeningFormComponent } from './screening-form.component';
import { ScreeningResultComponent } from './screening-result.component';
import { ScreeningApi } from './screening.api';

/**
 * Universal screening (issue #17): find any clinic patient (enrolled or not), record a screening visit,
 * then document the follow-up plan and refer a positive screen with its warm handoff.
 */
@Component({
  selector: 'hd-screening-page',
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule, ScreeningFormComponent, ScreeningResultComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="page">
      <h1>Screening</h1>
      @if (!patient()) {
        <mat-form-field appearance="outline" class="search">
          <mat-label>Find a patient (name or MRN)</mat-label>
          <input matInput type="search" [value]="search()" (input)="search.set($any($event.target).value)" />
        </mat-form-field>
        @if (matches.value(); as page) {
          <ul class="matches" aria-label="Matching patients">
            @for (p of page.items; track p.id) {
              <li>
                <button mat-stroked-button type="button" (click)="choose(p)">
                  {{ p.familyName }}, {{ p.givenName }} · MRN {{ p.mrn }} · born {{ date(p.birthDate) }}
                </button>
              </li>
            } @empty {
              <li>No patient matches.</li>
            }
          </ul>
        }
      } @else {
        @let p = patient()!;
        <div class="who">
          <p>
            <strong>{{ p.familyName }}, {{ p.givenName }}</strong> · MRN {{ p.mrn }} · born {{ date(p.birthDate) }}
          </p>
          <button mat-button type="button" (click)="reset()">Another patient</button>
        </div>
        @if (saved(); as v) {
          <hd-screening-result [visit]="v" (updated)="saved.set($event)" />
        } @else {
          <hd-screening-form [saving]="saving()" (save)="record(p.id, $event)" />
        }
        @if (error(); as e) {
          <p class="error" role="alert">{{ e }}</p>
        }
      }
    </div>
  `,
  styles: `
    .page {
      padding: 16px;
      max-width: 760px;
    }
    .search {
      width: 100%;
    }
    .matches {
      list-style: none;
      padding: 0;
      display: grid;
      gap: 6px;
    }
    .matches button {
      width: 100%;
      justify-content: flex-start;
      text-align: left;
      height: auto;
      min-height: 40px;
      white-space: normal;
    }
    .who {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
    }
    .error {
      color: #8c1d18;
    }
  `,
})
export class ScreeningPage {
  private readonly api = inject(ScreeningApi);
  protected readonly date = formatIsoDate;
  protected readonly search = signal('');
  protected readonly patient = signal<PatientSummary | null>(null);
  protected readonly saved = signal<ScreeningVisitRecord | null>(null);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly matches = rxResource({
    params: () => this.search().trim(),
    stream: ({ params }) => (params.length < 2 ? of(null) : this.api.searchPatients(params)),
  });

  constructor() {
    inject(Title).setTitle('Screening · Huddle');
  }

  protected choose(p: PatientSummary): void {
    this.patient.set(p);
    this.saved.set(null);
    this.error.set(null);
  }

  protected reset(): void {
    this.patient.set(null);
    this.saved.set(null);
  }

  protected record(patientId: string, body: CreateScreeningRequest): void {
    this.saving.set(true);
    this.error.set(null);
    this.api.record(patientId, body).subscribe({
      next: (v) => {
        this.saving.set(false);
        this.saved.set(v);
      },
      error: (e: unknown) => {
        this.saving.set(false);
        this.error.set(serverMessage(e) ?? 'Not saved.');
      },
    });
  }
}
