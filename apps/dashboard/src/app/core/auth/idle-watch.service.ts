import { effect, inject, Injectable, Injector, untracked } from '@angular/core';
import type { MatDialogRef } from '@angular/material/dialog';
import { AuthService } from './auth.service';

/** Show the warning this long before the server's idle timeout. */
export const IDLE_WARNING_LEAD_MS = 60_000;

/** When to warn and when the session ends, from the last server activity. */
export function idleSchedule(lastActivityAt: number, idleTimeoutMs: number): { warnAt: number; expireAt: number } {
  const lead = Math.min(IDLE_WARNING_LEAD_MS, idleTimeoutMs / 2);
  return { warnAt: lastActivityAt + idleTimeoutMs - lead, expireAt: lastActivityAt + idleTimeoutMs };
}

/**
 * Watches for inactivity: about a minute before the server would end the session it opens the
 * "Stay signed in" dialog (loaded on demand); at the timeout it signs out. Any API activity
 * reschedules both and closes an open warning.
 */
@Injectable({ providedIn: 'root' })
export class IdleWatchService {
  private readonly auth = inject(AuthService);
  private readonly injector = inject(Injector);
  private dialog: MatDialogRef<unknown> | null = null;
  /** Bumped whenever the schedule changes: a warning whose dialog code was still loading then is dropped. */
  private generation = 0;
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    effect(
      (onCleanup) => {
        const signedIn = this.auth.isAuthenticated();
        const last = this.auth.lastActivityAt();
        const idle = this.auth.idleTimeoutMs();
        untracked(() => this.closeWarning());
        if (!signedIn || idle <= 0 || last <= 0) return;
        const { warnAt, expireAt } = idleSchedule(last, idle);
        const now = Date.now();
        const warn = setTimeout(() => void this.openWarning(expireAt), Math.max(0, warnAt - now));
        const expire = setTimeout(() => this.expire(), Math.max(0, expireAt - now));
        onCleanup(() => {
          clearTimeout(warn);
          clearTimeout(expire);
        });
      },
      { injector: this.injector },
    );
  }

  private async openWarning(expireAt: number): Promise<void> {
    if (this.dialog || !this.auth.isAuthenticated()) return;
    const generation = this.generation;
    const { openIdleWarning } = await import('./idle-warning.dialog');
    // Activity (or another warning) while the dialog's code loaded: this one is stale; never open two.
    if (generation !== this.generation || this.dialog || !this.auth.isAuthenticated()) return;
    this.dialog = openIdleWarning(this.injector, expireAt);
    this.dialog.afterClosed().subscribe(() => (this.dialog = null));
  }

  private expire(): void {
    this.closeWarning();
    if (this.auth.isAuthenticated()) this.auth.logout('idle');
  }

  private closeWarning(): void {
    this.generation++;
    this.dialog?.close();
    this.dialog = null;
  }
}
