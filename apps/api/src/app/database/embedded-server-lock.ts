import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Finding and stopping a PostgreSQL server left behind by an API that was killed (kill -9, OOM, power
 * cut of the terminal): the server is a child of the API and outlives it, holding the port and
 * `postmaster.pid`, so every later start failed (issue #14, fault 5).
 *
 * The API records its own pid next to the data folder (`<data dir>.api.pid`). At start: if that API is
 * still alive, the folder is in use and start-up stops with a message; otherwise a server named in
 * `postmaster.pid` is stale — stopped (fast shutdown, then immediate) if it runs, its lock file removed
 * if its process is gone.
 */

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The pid in the first line of `postmaster.pid`, if any. */
export function postmasterPid(dataDir: string): number | null {
  const file = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** True when `pid` is a `postgres` server process for `dataDir` (Linux /proc; elsewhere: any live pid). */
function isPostgresFor(pid: number, dataDir: string): boolean {
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync('/proc/self/cmdline')) return isAlive(pid);
  try {
    const args = readFileSync(cmdline, 'utf8').split('\0');
    return path.basename(args[0] ?? '').startsWith('postgres') && args.includes(dataDir);
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return !isAlive(pid);
}

export interface StaleServerReport {
  /** What was found and done, for the operator (no PHI). */
  action: 'none' | 'stopped' | 'removed-lock';
  pid?: number;
}

/**
 * Makes `dataDir` startable: refuses when another live API owns it, stops a stale server, removes a
 * dead server's lock.
 */
export async function claimDataDir(dataDir: string): Promise<StaleServerReport> {
  const ownerFile = `${dataDir}.api.pid`;
  if (existsSync(ownerFile)) {
    const owner = Number(readFileSync(ownerFile, 'utf8').trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner) && isNodeProcess(owner)) {
      throw new Error(`the data folder ${dataDir} is in use by another Huddle API (pid ${owner}); stop it first`);
    }
  }
  return stopStaleServer(dataDir);
}

/**
 * Asks a stale server of `dataDir` (its API gone) to shut down, without waiting: called first thing at
 * start-up, so that its shutdown checkpoint runs while the API loads its modules; {@link claimDataDir}
 * then finds it stopped, or waits for the rest. Does nothing when a live API owns the folder.
 */
export function signalStaleServer(dataDir: string): void {
  try {
    const ownerFile = `${dataDir}.api.pid`;
    if (existsSync(ownerFile)) {
      const owner = Number(readFileSync(ownerFile, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner) && isNodeProcess(owner))
        return;
    }
    const pid = postmasterPid(dataDir);
    if (pid !== null && isAlive(pid) && isPostgresFor(pid, dataDir)) process.kill(pid, 'SIGINT');
  } catch {
    // claimDataDir will find out, and say so
  }
}

/** Records this process as the API of `dataDir` (after its server started). */
export async function recordDataDirOwner(dataDir: string): Promise<void> {
  await writeFile(`${dataDir}.api.pid`, `${process.pid}\n`);
}

/** Forgets this process as the folder's API (clean shutdown). */
export async function releaseDataDir(dataDir: string): Promise<void> {
  const ownerFile = `${dataDir}.api.pid`;
  try {
    if (Number(readFileSync(ownerFile, 'utf8').trim()) === process.pid) await rm(ownerFile, { force: true });
  } catch {
    // nothing recorded
  }
}

function isNodeProcess(pid: number): boolean {
  try {
    return path.basename(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '').startsWith('node');
  } catch {
    return existsSync('/proc/self/cmdline') ? false : true;
  }
}

/** Stops the server named in `postmaster.pid` (or removes the lock of a dead one). */
export async function stopStaleServer(dataDir: string): Promise<StaleServerReport> {
  const pid = postmasterPid(dataDir);
  if (pid === null) return { action: 'none' };
  if (!isAlive(pid) || !isPostgresFor(pid, dataDir)) {
    // PostgreSQL itself starts over a lock whose pid is gone, but not over one whose pid was reused.
    await rm(path.join(dataDir, 'postmaster.pid'), { force: true });
    return { action: 'removed-lock', pid };
  }
  for (const [signal, wait] of [
    ['SIGINT', 10_000],
    ['SIGQUIT', 5_000],
    ['SIGKILL', 5_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      break;
    }
    if (await waitForExit(pid, wait)) break;
  }
  // Backends of a killed postmaster leave on their own within moments; the next start waits for them.
  return { action: 'stopped', pid };
}

/** The uid and gid of the `postgres` system user (root runs the server as it), or null. */
export function postgresUser(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return null;
  }
}
