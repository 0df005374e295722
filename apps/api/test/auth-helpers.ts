import type { StaffRole } from '@huddle/shared-types';
import type { DataSource } from 'typeorm';
import { Clock } from '../src/app/auth/clock';
import { hashPassword } from '../src/app/auth/password.service';
import type { ProviderOverride } from './test-app';

/** A clock the test moves by hand; install with {@link FakeClock.override}. */
export class FakeClock extends Clock {
  private current = new Date();

  override now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }

  get override(): ProviderOverride {
    return { provide: Clock, useValue: this };
  }
}

export const MINUTE = 60_000;
export const PASSWORD = 'correct horse battery staple';

let passwordHash: Promise<string> | undefined;

export interface LoginUser {
  id: string;
  email: string;
  clinicId: string;
  role: StaffRole;
}

/** A clinic (unique name) for sign-in tests. */
export async function createBareClinic(db: DataSource): Promise<{ id: string; name: string }> {
  const name = `Auth clinic ${Math.random().toString(36).slice(2, 10)}`;
  const [row] = await db.query(`INSERT INTO clinic (name) VALUES ($1) RETURNING id`, [name]);
  return { id: row.id, name };
}

/** A staff user whose password is {@link PASSWORD} (one argon2 hash shared by all, for speed). */
export async function createLoginUser(
  db: DataSource,
  clinicId: string,
  role: StaffRole = 'care_manager',
  options: { active?: boolean; passwordHash?: string | null } = {},
): Promise<LoginUser> {
  const email = `user.${Math.random().toString(36).slice(2, 10)}@auth.test`;
  const hash =
    options.passwordHash === undefined ? await (passwordHash ??= hashPassword(PASSWORD)) : options.passwordHash;
  const [row] = await db.query(
    `INSERT INTO staff_user (clinic_id, email, display_name, role, password_hash, active)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [clinicId, email, `Test ${role}`, role, hash, options.active ?? true],
  );
  return { id: row.id, email, clinicId, role };
}

/** Audit rows of one actor (or matching a details key), oldest first. */
export async function auditOf(
  db: DataSource,
  actorId: string,
): Promise<Array<{ action: string; outcome: string; details: Record<string, unknown> }>> {
  return db.query(`SELECT action, outcome, details FROM audit_log WHERE actor_id = $1 ORDER BY id`, [actorId]);
}
