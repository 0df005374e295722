/**
 * Share below a period by which {@link spreadBelow} may shorten it: timers set in the same moment (the
 * read caches' entries computed together, the sessions of users who signed in together) then come due
 * over the last quarter of their period instead of all at once, and drift further apart every round.
 */
export const SPREAD = 0.25;

/**
 * `ms` shortened by up to {@link SPREAD} of itself, at random (`Infinity` stays `Infinity`).
 * @param random a number in [0, 1) (`Math.random` unless a test sets it)
 */
export function spreadBelow(ms: number, random: () => number = Math.random): number {
  return ms * (1 - SPREAD * random());
}
