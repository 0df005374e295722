import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * `../shared/fixtures` beside the project (CI), found by walking up from this file so it resolves from
 * a worktree too; `HUDDLE_SHARED_DIR` overrides. Read-only: tests read the fixtures there, never copy them.
 */
export function sharedFixtures(...parts: string[]): string {
  const override = process.env['HUDDLE_SHARED_DIR'];
  if (override) return path.join(override, 'fixtures', ...parts);
  for (let dir = path.resolve(__dirname, '../../../..'); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'fixtures');
    if (existsSync(candidate)) return path.join(candidate, ...parts);
  }
  throw new Error('../shared/fixtures not found beside the project (set HUDDLE_SHARED_DIR)');
}
