import { inject } from '@angular/core';
import { type CanActivateFn, Router, type UrlTree } from '@angular/router';
import type { StaffRole } from '@huddle/shared-types';
import { AuthService } from './auth.service';
import { homePathFor } from './role-navigation';

/** Signed in (resuming a stored session after a reload), else to the login page with a return URL. */
export const authGuard: CanActivateFn = async (_route, state) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (await auth.restore()) return true;
  return router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};

/** Signed in with one of the given roles; anyone else goes to their own landing page. */
export function roleGuard(roles: readonly StaffRole[]): CanActivateFn {
  return async (_route, state): Promise<boolean | UrlTree> => {
    const auth = inject(AuthService);
    const router = inject(Router);
    if (!(await auth.restore())) return router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
    const role = auth.role();
    if (role && roles.includes(role)) return true;
    return router.parseUrl(role ? homePathFor(role) : '/login');
  };
}

/** The login page is for signed-out users; a signed-in user goes to their landing page. */
export const guestGuard: CanActivateFn = async () => {
  const auth = inject(AuthService);
  const router = inject(Router);
  if (!(await auth.restore())) return true;
  const role = auth.role();
  return role ? router.parseUrl(homePathFor(role)) : true;
};

/** `/`: the role's landing page, or the login page. */
export const homeRedirectGuard: CanActivateFn = async () => {
  const auth = inject(AuthService);
  const router = inject(Router);
  const role = (await auth.restore()) ? auth.role() : null;
  return router.parseUrl(role ? homePathFor(role) : '/login');
};
