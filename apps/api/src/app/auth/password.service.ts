import { randomBytes } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import * as argon2 from 'argon2';

/** Argon2id with the library's defaults (64 MiB, 3 passes, 4 lanes), above the OWASP minimum. */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 65_536, timeCost: 3, parallelism: 4 } as const;

/** Hashes a password with argon2id (PHC string with its own salt and parameters). */
export function hashPassword(plain: string): Promise<string> {
  return argon2.hash(plain, ARGON2_OPTIONS);
}

/**
 * Password hashing and verification. Verifying an unknown account still costs one argon2 verification
 * (against a dummy hash), so response time does not tell whether an email exists.
 */
@Injectable()
export class PasswordService implements OnModuleInit {
  private dummyHash: Promise<string> | undefined;

  onModuleInit(): void {
    void this.dummyHashValue();
  }

  /** True when `plain` matches `hash`. A missing or malformed hash costs the same time and fails. */
  async verify(hash: string | null, plain: string): Promise<boolean> {
    const target = hash ?? (await this.dummyHashValue());
    try {
      const ok = await argon2.verify(target, plain);
      return ok && hash !== null;
    } catch {
      // Malformed stored hash: burn the same time, then refuse.
      await argon2.verify(await this.dummyHashValue(), plain).catch(() => false);
      return false;
    }
  }

  /** True when `hash` was made with weaker parameters than today's and should be replaced. */
  needsRehash(hash: string): boolean {
    try {
      return argon2.needsRehash(hash, ARGON2_OPTIONS);
    } catch {
      return true;
    }
  }

  hash(plain: string): Promise<string> {
    return hashPassword(plain);
  }

  private dummyHashValue(): Promise<string> {
    return (this.dummyHash ??= hashPassword(randomBytes(16).toString('hex')));
  }
}
