import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { INVALID_CREDENTIALS_MESSAGE, type TokenResponse } from '@huddle/shared-types';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AuthService } from './auth.service';
import { Clock } from './clock';
import { clientKey, LoginThrottleRepository } from './login-throttle.repository';
import { PasswordService } from './password.service';
import { StaffAccountRepository, type StaffAccount } from './staff-account.repository';
import { UnauthenticatedError } from '../common/errors';

/** Why a password sign-in was refused (audit `details.reason`; never told to the caller). */
type LoginFailure = 'unknown_email' | 'bad_password' | 'locked' | 'throttled' | 'inactive' | 'no_password';

/**
 * Email + password sign-in with argon2id, and back-off then lockout per (account, client) (issue #14
 * item 8): a stranger's wrong passwords slow down and lock only their own pair, never the clinician
 * signing in from another client; every failure is audited. Every refusal answers the same 401
 * ({@link INVALID_CREDENTIALS_MESSAGE}) after one argon2 verification, so neither the message nor the
 * timing tells whether the email exists, the account is locked or the password was wrong.
 */
@Injectable()
export class PasswordLoginService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: StaffAccountRepository,
    private readonly throttle: LoginThrottleRepository,
    private readonly passwords: PasswordService,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async login(email: string, password: string, ip: string | null): Promise<TokenResponse> {
    const account = await this.accounts.findByEmail(email);
    const passwordOk = await this.passwords.verify(account?.passwordHash ?? null, password);
    const now = this.clock.now();
    if (!account) return this.refuse(null, 'unknown_email', ip);
    const client = clientKey(ip);
    const pair = await this.throttle.state(account.id, client);
    // Account-wide locks (set by an administrator, or before issue #14) still apply.
    if (account.lockedUntil && account.lockedUntil > now) return this.refuse(account, 'locked', ip);
    if (pair.lockedUntil && pair.lockedUntil > now) return this.refuse(account, 'locked', ip);
    // Too soon after this pair's last failure: refused without counting, whatever the password.
    if (pair.nextAttemptAt && pair.nextAttemptAt > now) return this.refuse(account, 'throttled', ip);
    if (!account.active) return this.refuse(account, 'inactive', ip);
    if (!account.passwordHash) return this.refuse(account, 'no_password', ip);
    if (!passwordOk) {
      const lockUntil = new Date(now.getTime() + this.config.LOGIN_LOCKOUT_MINUTES * 60_000);
      const locked = await this.throttle.recordFailure(
        account.id,
        client,
        now,
        this.config.LOGIN_MAX_FAILURES,
        lockUntil,
      );
      if (locked) {
        await this.audit.record({
          action: 'auth.lockout',
          outcome: 'failure',
          actor: account,
          ip,
          details: { failures: this.config.LOGIN_MAX_FAILURES, lockedUntil: locked.toISOString(), scope: 'client' },
        });
      }
      return this.refuse(account, 'bad_password', ip);
    }

    const rehash = this.passwords.needsRehash(account.passwordHash) ? await this.passwords.hash(password) : null;
    return this.db.transaction(async (em) => {
      await this.accounts.recordSuccess(account.id, em);
      await this.throttle.clear(account.id, client, now, em);
      if (rehash) await this.accounts.updatePasswordHash(account.id, rehash, em);
      return this.auth.startSession(account, 'password', ip, em);
    });
  }

  private async refuse(account: StaffAccount | null, reason: LoginFailure, ip: string | null): Promise<never> {
    await this.audit.record({
      action: 'auth.login',
      outcome: 'failure',
      actor: account,
      ip,
      details: { method: 'password', reason },
    });
    throw new UnauthenticatedError(INVALID_CREDENTIALS_MESSAGE);
  }
}
