import { NgTemplateOutlet } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  contentChild,
  Directive,
  inject,
  input,
  linkedSignal,
  output,
  TemplateRef,
  type ResourceRef,
  type Signal,
} from '@angular/core';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { Page } from '@huddle/shared-types';
import { PageStateComponent } from './page-state.component';
import { PAGE_SIZES } from './url-params';

/** The last page `resource` received, kept (for showing dimmed) while the next one loads or fails. */
export function keptPage<P>(resource: ResourceRef<P | undefined>): Signal<P | undefined> {
  return linkedSignal<P | undefined, P | undefined>({
    source: () => (resource.hasValue() ? resource.value() : undefined),
    computation: (next, previous) => next ?? previous?.value,
  });
}

/**
 * The rows of a {@link PagedListComponent}: `<ng-template hdPagedListRows>…</ng-template>`. A template,
 * so the rows are only created once there is a non-empty page to show.
 */
@Directive({ selector: 'ng-template[hdPagedListRows]' })
export class PagedListRowsDirective {
  readonly template = inject<TemplateRef<unknown>>(TemplateRef);
}

/**
 * A server-paged list of patients: the "Showing 1–25 of 60 patients" status line, a progress bar while
 * a page loads (the last page stays on screen, dimmed), loading / error / empty states, the rows and
 * the paginator. The page owns the query (in its URL); this only shows it and reports page changes.
 */
@Component({
  selector: 'hd-paged-list',
  imports: [NgTemplateOutlet, MatPaginatorModule, MatProgressBarModule, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="status-line" role="status">
      @if (loading() && page()) {
        Updating…
      } @else {
        {{ rangeText() }}
      }
    </div>
    @if (loading()) {
      <mat-progress-bar mode="indeterminate" [attr.aria-label]="progressLabel()" />
    }
    @if (error(); as message) {
      <hd-page-state kind="error" [message]="message" (retry)="retry.emit()" />
    } @else if (page(); as shown) {
      @if (shown.total === 0) {
        <hd-page-state kind="empty" [message]="emptyMessage()" />
      } @else {
        <div [class.dim]="loading()">
          <ng-container *ngTemplateOutlet="rows().template" />
        </div>
        <mat-paginator
          [length]="shown.total"
          [pageIndex]="pageIndex()"
          [pageSize]="pageSize()"
          [pageSizeOptions]="pageSizes"
          (page)="pageChange.emit($event)"
          [attr.aria-label]="paginatorLabel()"
        />
      }
    } @else {
      <hd-page-state kind="loading" [message]="loadingMessage()" />
    }
  `,
  styles: `
    .status-line {
      min-height: 1.5em;
      margin: 4px 0;
      color: var(--mat-sys-on-surface-variant);
    }
    .dim {
      opacity: 0.6;
      transition: opacity 0.15s;
    }
  `,
})
export class PagedListComponent<T> {
  /** The page on screen: the last one received (kept while the next loads), or none yet. */
  readonly page = input<Page<T> | undefined>();
  readonly loading = input(false);
  /** Why the list could not be loaded, or null. */
  readonly error = input<string | null>(null);
  /** The page and page size asked for (the paginator follows the query, not the page on screen). */
  readonly pageIndex = input.required<number>();
  readonly pageSize = input.required<number>();
  readonly loadingMessage = input.required<string>();
  readonly emptyMessage = input.required<string>();
  /** Accessible names of the progress bar and the paginator. */
  readonly progressLabel = input.required<string>();
  readonly paginatorLabel = input.required<string>();

  readonly retry = output<void>();
  readonly pageChange = output<PageEvent>();

  protected readonly rows = contentChild.required(PagedListRowsDirective);
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly rangeText = computed(() => {
    const p = this.page();
    if (!p || p.total === 0) return '';
    const from = (p.page - 1) * p.pageSize + 1;
    return `Showing ${from}–${Math.min(p.total, from + p.items.length - 1)} of ${p.total} patients`;
  });
}
