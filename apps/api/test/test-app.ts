import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app/app.module';
import { loadConfig } from '../src/app/config/app-config';
import { configureApp, httpAdapter } from '../src/app/configure-app';

export interface TestApp {
  app: NestFastifyApplication;
  db: DataSource;
  /** Every route the HTTP server answers, as `METHOD /path` (HEAD twins of GET routes left out). */
  routes: string[];
  close(): Promise<void>;
}

/** A provider replaced in the test app, e.g. `{ provide: Clock, useValue: fakeClock }`. */
export interface ProviderOverride {
  provide: unknown;
  useValue: unknown;
}

/**
 * The real application (all modules, global pipes, real Postgres from global-setup). Rate limiting and
 * read caches are off unless `env` sets `RATE_LIMIT_ENABLED` / `READ_CACHE_ENABLED` (counters in memory
 * unless `RATE_LIMIT_STORE=postgres`).
 */
export async function createTestApp(
  env: NodeJS.ProcessEnv = {},
  databaseUrl = process.env['DATABASE_URL'],
  extraModules: Type[] = [],
  overrides: ProviderOverride[] = [],
): Promise<TestApp> {
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: global-setup did not run');
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    DASHBOARD_DIST: '/nonexistent',
    RATE_LIMIT_ENABLED: 'false',
    // Each read computed afresh, so tests that write with SQL need not wait for change notifications;
    // read-cache.spec.ts tests the caches.
    READ_CACHE_ENABLED: 'false',
    // Counters per test app (they would otherwise carry over between suites on the shared database);
    // instances.spec.ts and pg-throttler.spec.ts test the shared PostgreSQL store.
    RATE_LIMIT_STORE: 'memory',
    // Sessions re-read on every request too, unless a test turns the caches on (read-cache.spec.ts
    // tests both caches, session-follow.spec.ts the session one alone).
    ...(env['READ_CACHE_ENABLED'] === 'true' ? {} : { SESSION_RECHECK_SECONDS: '0' }),
    ...env,
  });
  const builder = Test.createTestingModule({
    imports: [AppModule.forRoot(config, databaseUrl), ...extraModules],
  });
  for (const o of overrides) builder.overrideProvider(o.provide).useValue(o.useValue);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(httpAdapter(), { bufferLogs: true });
  const routes: string[] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push(`${method} ${route.url}`);
    });
  await configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, db: app.get(DataSource), routes, close: () => app.close() };
}
