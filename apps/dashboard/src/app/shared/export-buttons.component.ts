import { API_HTTP } from '../core/http/api-http';
import type { ApiAnswer } from '../core/http/api-fetch';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { Subscription } from 'rxjs';
import { apiErrorMessage } from '../core/http/api-error';

export type ExportFormat = 'csv' | 'xlsx';

/** Where each format downloads from: one route with `format=`, or one route per format. */
export type ExportSource =
  | { url: string; params: Record<string, string | number> }
  | { urls: Record<ExportFormat, string>; params: Record<string, string | number> };

const FORMAT_LABEL: Record<ExportFormat, string> = { csv: 'CSV', xlsx: 'Excel' };

/**
 * "Download CSV" and "Download Excel" (issue #15): fetches the API's export with the signed-in user's
 * session (the bearer token travels through the HTTP interceptor, never in a URL) and saves it under
 * the file name the server gives. The API audits every download.
 */
@Component({
  selector: 'hd-export-buttons',
  imports: [MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="exports" role="group" [attr.aria-label]="'Download ' + what()">
      @for (f of formats; track f) {
        <button mat-stroked-button type="button" (click)="download(f)" [disabled]="busy() !== null || disabled()">
          Download {{ label[f] }}
        </button>
      }
    </div>
    @if (error(); as e) {
      <p class="error" role="alert">{{ e }}</p>
    }
  `,
  styles: `
    .exports {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
    .error {
      color: var(--mat-sys-error);
      margin: 4px 0 0;
    }
  `,
})
export class ExportButtonsComponent {
  private readonly http = inject(API_HTTP);
  private readonly destroyRef = inject(DestroyRef);
  /** What is downloaded, naming the group of buttons ("the caseload"). */
  readonly what = input.required<string>();
  readonly source = input.required<ExportSource>();
  readonly disabled = input(false);

  protected readonly formats: ExportFormat[] = ['csv', 'xlsx'];
  protected readonly label = FORMAT_LABEL;
  protected readonly busy = signal<ExportFormat | null>(null);
  protected readonly error = signal<string | null>(null);
  private running: Subscription | null = null;

  constructor() {
    this.destroyRef.onDestroy(() => this.running?.unsubscribe());
  }

  protected download(format: ExportFormat): void {
    const source = this.source();
    const url = 'url' in source ? source.url : source.urls[format];
    const params = 'url' in source ? { ...source.params, format } : source.params;
    this.busy.set(format);
    this.error.set(null);
    this.running = this.http.getBlob(url, { params }).subscribe({
      next: (res) => {
        saveBlob(res.body ?? new Blob([]), fileNameOf(res, format));
        this.busy.set(null);
      },
      error: (e: unknown) => {
        this.error.set(apiErrorMessage(e, `The ${FORMAT_LABEL[format]} file could not be downloaded.`));
        this.busy.set(null);
      },
    });
  }
}

function fileNameOf(res: ApiAnswer, format: ExportFormat): string {
  const header = res.headers?.get('Content-Disposition') ?? '';
  return /filename="([^"]+)"/.exec(header)?.[1] ?? `huddle-export.${format}`;
}

/** Saves a blob through a temporary link (the browser's download). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
