import { createHash } from 'node:crypto';

/**
 * Deterministic, unique ids for synthetic rows: a version-4-shaped UUID made from the hash of a
 * key such as `seed:patient:17:row:3`. Unique per key, identical on every run.
 */
export function syntheticUuid(key: string): string {
  const h = createHash('md5').update(key).digest('hex');
  const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
