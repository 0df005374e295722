import { randomUUID } from 'node:crypto';

/**
 * A version-7 UUID (RFC 9562): the current Unix milliseconds in the first 48 bits, version 7, the rest
 * random (a version-4 UUID's random bits). The ids an import creates in bulk are time-ordered so their
 * index entries append at the right edge instead of landing on random pages (migration
 * 1764000039100 `huddle_time_ordered_uuid()`, the same layout in SQL).
 */
export function timeOrderedUuid(now: number = Date.now()): string {
  const time = now.toString(16).padStart(12, '0');
  const random = randomUUID();
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}
