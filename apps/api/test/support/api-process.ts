import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './embedded-cluster';

const ROOT = path.resolve(__dirname, '../../../..');
const MAIN = path.join(ROOT, 'apps/api/src/main.ts');
/** Shared by every process of a test, so that each verifies the others' access tokens. */
export const TEST_JWT_SECRET = 'instances-test-secret-instances-test-secret-0123';

/** Every process started and not yet stopped (stopped by {@link stopApiProcesses}, whatever failed). */
const running = new Set<ApiProcess>();

/** Stops every API process this test started. */
export async function stopApiProcesses(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}

export interface ApiProcess {
  base: string;
  pid: number;
  /** What the process wrote (stdout and stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * A real API process (apps/api/src/main.ts, transpiled on load by support/ts-register.cjs) on a free
 * port against `databaseUrl`; resolves when `/api/health/ready` answers 200. Rate limits on and
 * counted in PostgreSQL, read caches on, the demo seed off; `env` overrides.
 */
export async function startApiProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<ApiProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['-r', path.join(__dirname, 'ts-register.cjs'), MAIN], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '',
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      JWT_SECRET: TEST_JWT_SECRET,
      DASHBOARD_DIST: '/nonexistent',
      AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0',
      AUDIT_CHECKPOINT_FILE: path.join(tmpdir(), `huddle-instance-checkpoints-${port}.log`),
      AUDIT_CHECKPOINT_KEY: 'instances-test-checkpoint-key-0123456789abcdef',
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_STORE: 'postgres',
      READ_CACHE_ENABLED: 'true',
      ...env,
    },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  const api: ApiProcess = {
    base,
    pid: child.pid ?? 0,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        running.delete(api);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
  running.add(api);
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) {
      running.delete(api);
      throw new Error(`API process exited during start-up:\n${output.slice(-3000)}`);
    }
    if (Date.now() - started > 300_000) {
      await api.stop();
      throw new Error(`API process not ready within 300 s:\n${output.slice(-3000)}`);
    }
    try {
      if ((await fetch(`${base}/api/health/ready`)).ok) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return api;
}
