import type { StaffRole } from '@huddle/shared-types';

/** The authenticated caller, attached to the request by the global `AuthGuard`. */
export interface AuthUser {
  id: string;
  clinicId: string;
  role: StaffRole;
  displayName: string;
  /** Server-side session (idle timeout, revocation). */
  sessionId: string;
}

/** Request shape the guard fills in. */
export interface AuthenticatedRequest {
  user?: AuthUser;
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
}
