import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { PageEvent } from '@angular/material/paginator';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import type { Page } from '@huddle/shared-types';
import { PagedListComponent, PagedListRowsDirective } from './paged-list.component';

@Component({
  imports: [PagedListComponent, PagedListRowsDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <hd-paged-list
      [page]="page()"
      [loading]="loading()"
      [error]="error()"
      [pageIndex]="0"
      [pageSize]="25"
      loadingMessage="Loading the things…"
      emptyMessage="No things."
      progressLabel="Loading things"
      paginatorLabel="Thing pages"
      (retry)="retries = retries + 1"
      (pageChange)="pages.push($event)"
    >
      <ng-template hdPagedListRows>
        <ul>
          @for (name of page()!.items; track name) {
            <li>{{ name }}</li>
          }
        </ul>
      </ng-template>
    </hd-paged-list>
  `,
})
class HostComponent {
  readonly page = signal<Page<string> | undefined>(undefined);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  retries = 0;
  readonly pages: PageEvent[] = [];
}

describe('PagedListComponent', () => {
  function render() {
    TestBed.configureTestingModule({ providers: [provideNoopAnimations()] });
    const fixture = TestBed.createComponent(HostComponent);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const update = (change: (host: HostComponent) => void) => {
      change(fixture.componentInstance);
      fixture.detectChanges();
    };
    const status = () => el.querySelector('.status-line')?.textContent?.trim();
    return { fixture, el, update, status };
  }
  const page = (items: string[], total: number, n = 1): Page<string> => ({ items, total, page: n, pageSize: 25 });

  it('shows a loading state with a labelled progress bar before the first page, and no rows', () => {
    const { el, update, status } = render();
    update((h) => h.loading.set(true));
    expect(status()).toBe('');
    expect(el.textContent).toContain('Loading the things…');
    expect(el.querySelector('mat-progress-bar')?.getAttribute('aria-label')).toBe('Loading things');
    expect(el.querySelector('li')).toBeNull();
  });

  it('shows the rows with the range they cover and a paginator; keeps them, dimmed, while the next page loads', () => {
    const { el, update, status } = render();
    update((h) => h.page.set(page(['a', 'b'], 27, 2)));
    expect([...el.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['a', 'b']);
    expect(status()).toBe('Showing 26–27 of 27 patients');
    expect(el.querySelector('mat-paginator')?.getAttribute('aria-label')).toBe('Thing pages');
    expect(el.querySelector('.dim')).toBeNull();

    update((h) => h.loading.set(true));
    expect(status()).toBe('Updating…');
    expect(el.querySelector('.dim li')).not.toBeNull();
  });

  it('reports page changes from the paginator', () => {
    const { el, update, fixture } = render();
    update((h) => h.page.set(page(['a'], 60)));
    (el.querySelector('button[aria-label="Next page"]') as HTMLButtonElement).click();
    expect(fixture.componentInstance.pages.map((p) => [p.pageIndex, p.pageSize])).toEqual([[1, 25]]);
  });

  it('says so when the list is empty, and offers a retry on error', () => {
    const { el, update, fixture } = render();
    update((h) => h.page.set(page([], 0)));
    expect(el.textContent).toContain('No things.');
    expect(el.querySelector('li')).toBeNull();
    expect(el.querySelector('mat-paginator')).toBeNull();

    update((h) => h.error.set('The things could not be loaded.'));
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('The things could not be loaded.');
    (el.querySelector('[role="alert"] button') as HTMLButtonElement).click();
    expect(fixture.componentInstance.retries).toBe(1);
  });
});
