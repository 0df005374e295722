import { BreakpointObserver } from '@angular/cdk/layout';
import { inject, type Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { map } from 'rxjs';

/** Below this width the dashboard uses its phone layouts (cards instead of tables, full-screen dialogs). */
export const PHONE_QUERY = '(max-width: 599.98px)';

/**
 * Below this width the caseload table (about 1,060 px wide) does not fit, so phones and tablets get
 * the caseload as cards.
 */
export const CASELOAD_CARDS_QUERY = '(max-width: 1099.98px)';

/** Whether the viewport matches `query` now, as a signal (call in an injection context). */
export function injectMatches(query: string = PHONE_QUERY): Signal<boolean> {
  const observer = inject(BreakpointObserver);
  return toSignal(observer.observe(query).pipe(map((state) => state.matches)), {
    initialValue: observer.isMatched(query),
  });
}

/**
 * Size options for a form dialog: `width` on larger screens, full screen on a phone (the global class
 * `hd-phone-dialog` lets its content fill the height and scroll). Spread into `MatDialog.open`'s config.
 */
export function dialogSize(width: string): {
  width: string;
  maxWidth: string;
  height?: string;
  maxHeight?: string;
  panelClass?: string;
} {
  const phone = typeof matchMedia === 'function' && matchMedia(PHONE_QUERY).matches;
  return phone
    ? { width: '100vw', maxWidth: '100vw', height: '100%', maxHeight: '100%', panelClass: 'hd-phone-dialog' }
    : { width, maxWidth: '96vw' };
}
