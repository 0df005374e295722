import { BreakpointObserver } from '@angular/cdk/layout';
import { inject, type Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { map } from 'rxjs';

/** Below this width the dashboard uses its phone layouts (cards instead of tables, full-screen dialogs). */
export const PHONE_QUERY = '(max-width: 599.98px)';

/** Whether the viewport is phone-sized now (call in an injection context). */
export function injectIsPhone(): Signal<boolean> {
  const observer = inject(BreakpointObserver);
  return toSignal(observer.observe(PHONE_QUERY).pipe(map((state) => state.matches)), {
    initialValue: observer.isMatched(PHONE_QUERY),
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
