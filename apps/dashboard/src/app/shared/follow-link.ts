import type { Router } from '@angular/router';

/**
 * One click handler for a long list's links (on the list, not a `RouterLink` per row; issue #13 item 8):
 * a plain left click on an `<a data-route href="/…">` inside navigates in the app as `routerLink` would;
 * a click with a modifier (new tab or window) or another button is left to the browser.
 */
export function followRouteLink(event: MouseEvent, router: Router): void {
  if (
    event.defaultPrevented ||
    event.button !== 0 ||
    event.ctrlKey ||
    event.metaKey ||
    event.shiftKey ||
    event.altKey
  ) {
    return;
  }
  const link = event.target instanceof Element ? event.target.closest('a[data-route]') : null;
  const href = link?.getAttribute('href');
  if (!href) return;
  event.preventDefault();
  void router.navigateByUrl(href);
}
