import { ApiFetchError } from '../core/http/api-fetch';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { finalize } from 'rxjs';
import { apiErrorMessage } from '../core/http/api-error';
import { fhirEntryResults, issueText } from './csv-mapping';
import type { FhirBundleLike, FhirEntryResult } from './import.models';
import { ImportApi } from './import.service';

let nextId = 0;

/**
 * FHIR Bundle import (issue #15): a batch or transaction Bundle (JSON) posted to `/fhir/R4`; each
 * entry's answer is shown with its OperationOutcome (what was refused and where in the Bundle).
 */
@Component({
  selector: 'hd-fhir-import',
  imports: [MatButtonModule, MatProgressBarModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="pick">
      <input
        #picker
        class="visually-hidden"
        type="file"
        accept=".json,application/json,application/fhir+json"
        tabindex="-1"
        aria-label="FHIR Bundle file"
        (change)="choose($event)"
      />
      <button mat-stroked-button type="button" (click)="picker.click()" [attr.aria-describedby]="uid + '-chosen'">
        Choose a FHIR Bundle (JSON)
      </button>
      <span class="chosen" [id]="uid + '-chosen'">{{ chosen() }}</span>
    </div>
    @if (bundle()) {
      <div class="buttons">
        <button mat-flat-button type="button" (click)="send()" [disabled]="busy()">Import Bundle</button>
      </div>
    }
    <div aria-live="polite">
      @if (busy()) {
        <div class="progress" role="status">
          <mat-progress-bar mode="indeterminate" aria-label="Importing the Bundle" />
          <span>Importing the Bundle…</span>
        </div>
      }
      @if (entries(); as rows) {
        <section class="summary" aria-label="Bundle import result">
          <h3>{{ okCount() }} of {{ rows.length }} entries accepted</h3>
          <table class="entries">
            <caption>
              Each entry of the Bundle
            </caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Resource</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              @for (e of rows; track e.index) {
                <tr [class.refused]="!e.ok">
                  <td>{{ e.index }}</td>
                  <td>{{ e.resource }}</td>
                  <td>
                    <strong>{{ e.status }}</strong>
                    @if (e.location) {
                      <span class="where"> → {{ e.location }}</span>
                    }
                    @for (p of e.problems; track $index) {
                      <div class="problem">{{ p }}</div>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </section>
      }
      @if (refusal(); as issues) {
        <section class="summary" aria-label="Bundle refused">
          <h3>The Bundle was refused; nothing was imported</h3>
          <ul class="issues">
            @for (i of issues; track $index) {
              <li>{{ i }}</li>
            }
          </ul>
        </section>
      }
      @if (error(); as e) {
        <p class="error" role="alert">{{ e }}</p>
      }
    </div>
  `,
  styleUrl: './import.scss',
})
export class FhirImportComponent {
  private readonly api = inject(ImportApi);
  protected readonly uid = `fhir-import-${nextId++}`;
  protected readonly name = signal<string | null>(null);
  protected readonly bundle = signal<unknown>(null);
  protected readonly busy = signal(false);
  protected readonly entries = signal<FhirEntryResult[] | null>(null);
  protected readonly refusal = signal<string[] | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly okCount = computed(() => (this.entries() ?? []).filter((e) => e.ok).length);
  protected readonly chosen = computed(() => {
    const name = this.name();
    const bundle = this.bundle() as { type?: string; entry?: unknown[] } | null;
    if (!name) return 'No file chosen';
    return bundle ? `${name} — ${bundle.type ?? 'Bundle'}, ${bundle.entry?.length ?? 0} entries` : name;
  });

  protected async choose(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0] ?? null;
    this.entries.set(null);
    this.refusal.set(null);
    this.error.set(null);
    this.bundle.set(null);
    this.name.set(file?.name ?? null);
    if (!file) return;
    try {
      const parsed: unknown = JSON.parse(await file.text());
      if ((parsed as { resourceType?: unknown })?.resourceType !== 'Bundle') {
        this.error.set('This file is not a FHIR Bundle (resourceType must be "Bundle").');
        return;
      }
      this.bundle.set(parsed);
    } catch {
      this.error.set('This file is not valid JSON.');
    }
  }

  protected send(): void {
    const bundle = this.bundle();
    if (!bundle) return;
    this.busy.set(true);
    this.entries.set(null);
    this.refusal.set(null);
    this.error.set(null);
    this.api
      .fhirBundle(bundle)
      .pipe(finalize(() => this.busy.set(false)))
      .subscribe({
        next: (answer) => this.show(bundle, answer),
        error: (e: unknown) => {
          const body = e instanceof ApiFetchError ? (e.error as FhirBundleLike | null) : null;
          if (body?.resourceType === 'Bundle') this.show(bundle, body);
          else if (body?.resourceType === 'OperationOutcome') this.refusal.set((body.issue ?? []).map(issueText));
          else this.error.set(apiErrorMessage(e, 'The Bundle could not be imported.'));
        },
      });
  }

  private show(sent: unknown, answer: FhirBundleLike): void {
    if (answer.resourceType === 'OperationOutcome') this.refusal.set((answer.issue ?? []).map(issueText));
    else this.entries.set(fhirEntryResults(sent, answer));
  }
}
