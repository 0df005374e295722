import { DecimalPipe } from '@angular/common';
import { ApiFetchError } from '../core/http/api-fetch';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { finalize, interval, startWith, switchMap, type Subscription } from 'rxjs';
import { apiErrorMessage } from '../core/http/api-error';
import {
  csvDataLines,
  csvHeader,
  detectedItemColumns,
  guessMapping,
  importParams,
  MAPPING_FIELDS,
  missingRequired,
  type ColumnMapping,
  type MappingField,
} from './csv-mapping';
import { ImportApi } from './import.service';
import type { CsvImportResult, ImportJob } from './import.models';
import { RowErrorsComponent } from './row-errors.component';

const POLL_MS = 500;
let nextId = 0;

/**
 * CSV import (issue #15): choose a file, confirm which column holds what, check it (dry run: the
 * row-level errors, nothing written), then import it while the job's progress is polled, and read
 * what it did (patients created, scores loaded, unchanged, rows failed).
 */
@Component({
  selector: 'hd-csv-import',
  imports: [
    DecimalPipe,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    RowErrorsComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './csv-import.component.html',
  styleUrl: './import.scss',
})
export class CsvImportComponent {
  private readonly api = inject(ImportApi);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly uid = `csv-import-${nextId++}`;
  protected readonly fields = MAPPING_FIELDS;
  protected readonly file = signal<File | null>(null);
  protected readonly headers = signal<string[]>([]);
  protected readonly dataLines = signal(0);
  protected readonly mapping = signal<ColumnMapping>(guessMapping([]));
  protected readonly items = signal('');
  protected readonly itemColumns = computed(() => detectedItemColumns(this.headers()));
  protected readonly missing = computed(() => missingRequired(this.mapping()));
  protected readonly busy = signal<'check' | 'import' | null>(null);
  /** The last dry run's or import's answer (a refused import answers the same report). */
  protected readonly result = signal<CsvImportResult | null>(null);
  protected readonly job = signal<ImportJob | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly progress = computed(() => {
    const job = this.job();
    const lines = this.dataLines();
    return job && lines > 0 ? Math.min(100, Math.round((job.rowsTotal / lines) * 100)) : null;
  });
  private polling: Subscription | null = null;

  constructor() {
    this.destroyRef.onDestroy(() => this.polling?.unsubscribe());
  }

  protected async choose(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0] ?? null;
    this.reset();
    this.file.set(file);
    if (!file) return;
    const text = await file.text();
    const headers = csvHeader(text);
    this.headers.set(headers);
    this.dataLines.set(csvDataLines(text));
    this.mapping.set(guessMapping(headers));
  }

  protected setColumn(field: MappingField, header: string | null): void {
    this.mapping.update((m) => ({ ...m, [field.key]: header }));
    this.result.set(null);
  }

  protected setItems(event: Event): void {
    this.items.set((event.target as HTMLInputElement).value);
    this.result.set(null);
  }

  protected check(): void {
    this.run(true);
  }

  protected import(): void {
    this.run(false);
  }

  private run(dryRun: boolean): void {
    const file = this.file();
    if (!file || this.missing().length > 0) return;
    this.busy.set(dryRun ? 'check' : 'import');
    this.error.set(null);
    this.result.set(null);
    this.job.set(null);
    const startedAt = Date.now();
    if (!dryRun) this.watchProgress(startedAt);
    this.api
      .csv(file, importParams(this.mapping(), this.items(), dryRun))
      .pipe(
        finalize(() => {
          this.busy.set(null);
          this.polling?.unsubscribe();
        }),
      )
      .subscribe({
        next: (result) => this.result.set(result),
        error: (e: unknown) => {
          const body: unknown = e instanceof ApiFetchError ? e.error : null;
          if (body && typeof body === 'object' && Array.isArray((body as CsvImportResult).errors)) {
            this.result.set(body as CsvImportResult);
          } else this.error.set(apiErrorMessage(e, 'The file could not be imported.'));
        },
      });
  }

  /** Polls the caller's running import job (its id is known only when the upload answers). */
  private watchProgress(since: number): void {
    this.polling?.unsubscribe();
    this.polling = interval(POLL_MS)
      .pipe(
        startWith(0),
        switchMap(() => this.api.jobs('running')),
      )
      .subscribe({
        next: (jobs) => {
          const mine = jobs.find((j) => j.kind === 'csv' && Date.parse(j.startedAt) >= since - 60_000);
          if (mine) this.job.set(mine);
        },
        error: () => this.polling?.unsubscribe(),
      });
  }

  private reset(): void {
    this.result.set(null);
    this.job.set(null);
    this.error.set(null);
    this.headers.set([]);
    this.items.set('');
  }
}
