import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from './app/app.module';
import { ConfigError, loadConfig, type AppConfig } from './app/config/app-config';
import { configureApp } from './app/configure-app';
import { startEmbeddedDatabase, type RunningDatabase } from './app/database/embedded-database';
import { DEMO_PASSWORD, seedDemoData } from './app/seed/demo-seed';

async function bootstrap(config: AppConfig): Promise<void> {
  let embedded: RunningDatabase | undefined;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    console.log(`Starting embedded PostgreSQL (data in ${config.EMBEDDED_PG_DIR}, port ${config.EMBEDDED_PG_PORT})…`);
    embedded = await startEmbeddedDatabase({
      dataDir: config.EMBEDDED_PG_DIR,
      port: config.EMBEDDED_PG_PORT,
      persistent: true,
    });
    databaseUrl = embedded.url;
  }

  const app = await NestFactory.create(AppModule.forRoot(config, databaseUrl), { bufferLogs: true });
  configureApp(app);
  if (embedded) {
    const db = embedded;
    // Nest's shutdown hooks close the pool first; Postgres stops after, so Ctrl-C leaves nothing running.
    const stopDb = async (): Promise<void> => db.stop();
    app.get(DataSource); // fail fast if the database module did not load
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
  }

  if (config.SEED_DEMO) {
    const result = await seedDemoData(app.get(DataSource), { asOf: new Date() });
    if (result.seeded)
      console.log(
        `Seeded demo data: ${result.clinics} clinics, ${result.patients} patients, ${result.assessments} assessments.\n` +
          `Demo accounts (password "${DEMO_PASSWORD}", demo only) are listed in README "Demo accounts".`,
      );
  }

  await app.listen(config.PORT, config.HOST);
  const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
  console.log(`\nHuddle is up: ${url}/  (API docs: ${url}/api/docs)\nPress Ctrl-C to stop.\n`);
}

let config: AppConfig;
try {
  config = loadConfig(process.env);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
bootstrap(config).catch((error: unknown) => {
  console.error('Huddle failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
