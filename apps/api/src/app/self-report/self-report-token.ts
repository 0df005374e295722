import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Letters and digits a person reads without confusion (no 0/O, 1/I): 32 symbols, 5 bits each. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const KIOSK_CODE_LENGTH = 8;

/** SHA-256 of a token or code: the only form stored. */
export function tokenHash(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** A link token: 256 random bits, base64url (43 characters). */
export function mintLinkToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: tokenHash(token) };
}

/** A kiosk code: 8 symbols of {@link CODE_ALPHABET} (40 bits), valid minutes only and once. */
export function mintKioskCode(): { code: string; hash: Buffer } {
  let code = '';
  for (let i = 0; i < KIOSK_CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return { code, hash: tokenHash(code) };
}

/** A typed code as stored: upper case, spaces and dashes removed. */
export function normalizeKioskCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

/** Whether a string can be a link token at all (cheap refusal before any query). */
export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
