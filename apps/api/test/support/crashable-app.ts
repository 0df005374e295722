import path from 'node:path';
import { createTestApp, type TestApp } from '../test-app';
import { startOwnCluster, tempFolder, type OwnCluster } from './embedded-cluster';

/** A test app on a PostgreSQL cluster of its own (the supervisor restarts it), which the test may kill. */
export interface CrashableApp {
  readonly t: TestApp;
  readonly cluster: OwnCluster;
  /** What the supervisor reported (e.g. "PostgreSQL restarted …"). */
  readonly events: string[];
}

/**
 * Registers the set-up and tear-down of a `CrashableApp` for the enclosing `describe` block; read its
 * fields inside the tests (they are set in `beforeAll`).
 */
export function crashableApp(folderPrefix: string): CrashableApp {
  const events: string[] = [];
  let folder: Awaited<ReturnType<typeof tempFolder>> | undefined;
  let cluster: OwnCluster | undefined;
  let t: TestApp | undefined;
  beforeAll(async () => {
    folder = await tempFolder(folderPrefix);
    cluster = await startOwnCluster(path.join(folder.dir, 'pg'), { onEvent: (m) => events.push(m) });
    t = await createTestApp({}, cluster.appUrl);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await cluster?.server.stop();
    await folder?.remove();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('crashableApp: used outside a test of its describe block');
    return value;
  };
  return {
    events,
    get t() {
      return ready(t);
    },
    get cluster() {
      return ready(cluster);
    },
  };
}

/** kill -9 of the app's PostgreSQL server; its pid and when. */
export function killPostgres(cluster: OwnCluster): { pid: number; killedAt: number } {
  const pid = cluster.server.pid();
  expect(pid).toBeDefined();
  process.kill(pid as number, 'SIGKILL');
  return { pid: pid as number, killedAt: Date.now() };
}
