import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { SessionUser, StaffRole } from '@huddle/shared-types';
import { updateReturning } from './update-returning';

/** What sign-in needs to know about a staff account. */
export interface StaffAccount extends SessionUser {
  active: boolean;
  passwordHash: string | null;
  lockedUntil: Date | null;
  /** The identity-provider user this account is linked to (issue #14 item 9), or null before its first SSO sign-in. */
  oidc: { issuer: string; subject: string } | null;
}

interface AccountRow {
  id: string;
  display_name: string;
  role: StaffRole;
  clinic_id: string;
  clinic_name: string;
  active: boolean;
  password_hash: string | null;
  locked_until: Date | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
}

const SELECT_ACCOUNT = `
  SELECT u.id, u.display_name, u.role, u.clinic_id, c.name AS clinic_name, u.active, u.password_hash, u.locked_until,
    u.oidc_issuer, u.oidc_subject
  FROM staff_user u JOIN clinic c ON c.id = u.clinic_id`;

const toAccount = (row: AccountRow): StaffAccount => ({
  id: row.id,
  displayName: row.display_name,
  role: row.role,
  clinicId: row.clinic_id,
  clinicName: row.clinic_name,
  active: row.active,
  passwordHash: row.password_hash,
  lockedUntil: row.locked_until,
  oidc: row.oidc_issuer && row.oidc_subject ? { issuer: row.oidc_issuer, subject: row.oidc_subject } : null,
});

/** Sign-in state of `staff_user` rows: lookup, failed-attempt counting and lockout. */
@Injectable()
export class StaffAccountRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The account with this email (case-insensitive), or null. */
  async findByEmail(email: string, em: EntityManager = this.db.manager): Promise<StaffAccount | null> {
    const rows: AccountRow[] = await em.query(`${SELECT_ACCOUNT} WHERE lower(u.email) = lower($1)`, [email.trim()]);
    return rows[0] ? toAccount(rows[0]) : null;
  }

  /** The account linked to the issuer's user (`iss`, `sub`), or null. */
  async findByOidcSubject(issuer: string, subject: string): Promise<StaffAccount | null> {
    const rows: AccountRow[] = await this.db.query(
      `${SELECT_ACCOUNT} WHERE u.oidc_issuer = $1 AND u.oidc_subject = $2`,
      [issuer, subject],
    );
    return rows[0] ? toAccount(rows[0]) : null;
  }

  /** Links an unlinked account to (`iss`, `sub`); false when it was linked meanwhile (or the pair is taken). */
  async linkOidcSubject(id: string, issuer: string, subject: string): Promise<boolean> {
    const rows = await updateReturning<{ id: string }>(
      this.db,
      `UPDATE staff_user SET oidc_issuer = $2, oidc_subject = $3
       WHERE id = $1 AND oidc_subject IS NULL
         AND NOT EXISTS (SELECT 1 FROM staff_user o WHERE o.oidc_issuer = $2 AND o.oidc_subject = $3)
       RETURNING id`,
      [id, issuer, subject],
    );
    return rows.length === 1;
  }

  async findById(id: string, em: EntityManager = this.db.manager): Promise<StaffAccount | null> {
    const rows: AccountRow[] = await em.query(`${SELECT_ACCOUNT} WHERE u.id = $1`, [id]);
    return rows[0] ? toAccount(rows[0]) : null;
  }

  /**
   * Counts one failed password attempt, atomically. The attempt that reaches `maxFailures` locks the
   * account until `lockUntil` and restarts the count. Attempts while locked are not counted (so the lock
   * cannot be extended forever by an attacker).
   * @returns the lock end if this attempt locked the account, else null
   */
  async recordFailure(id: string, now: Date, maxFailures: number, lockUntil: Date): Promise<Date | null> {
    const rows = await updateReturning<{ locked_until: Date | null; just_locked: boolean }>(
      this.db,
      `UPDATE staff_user SET
         failed_login_count = CASE WHEN failed_login_count + 1 >= $3 THEN 0 ELSE failed_login_count + 1 END,
         locked_until = CASE WHEN failed_login_count + 1 >= $3 THEN $4 ELSE locked_until END
       WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $2)
       RETURNING locked_until, (locked_until = $4) AS just_locked`,
      [id, now, maxFailures, lockUntil],
    );
    const row = rows[0];
    return row?.just_locked ? row.locked_until : null;
  }

  /** Clears the failure count and any expired lock after a successful sign-in. */
  async recordSuccess(id: string, em: EntityManager): Promise<void> {
    await em.query(
      `UPDATE staff_user SET failed_login_count = 0, locked_until = NULL
       WHERE id = $1 AND (failed_login_count <> 0 OR locked_until IS NOT NULL)`,
      [id],
    );
  }

  /** Replaces a hash made with outdated parameters (done on successful sign-in). */
  async updatePasswordHash(id: string, hash: string, em: EntityManager): Promise<void> {
    await em.query('UPDATE staff_user SET password_hash = $2 WHERE id = $1', [id, hash]);
  }
}
