import type { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app/app.module';
import { loadConfig } from '../src/app/config/app-config';
import { configureApp } from '../src/app/configure-app';

export interface TestApp {
  app: INestApplication;
  db: DataSource;
  close(): Promise<void>;
}

/** The real application (all modules, global pipes, real Postgres from global-setup). */
export async function createTestApp(
  env: NodeJS.ProcessEnv = {},
  databaseUrl = process.env['DATABASE_URL'],
  extraModules: Type[] = [],
): Promise<TestApp> {
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: global-setup did not run');
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    DASHBOARD_DIST: '/nonexistent',
    ...env,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(config, databaseUrl), ...extraModules],
  }).compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true });
  configureApp(app);
  await app.init();
  return { app, db: app.get(DataSource), close: () => app.close() };
}
