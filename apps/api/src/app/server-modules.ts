/**
 * Everything heavy the API's entry point needs (Nest, TypeORM, pg-boss, every module of the app),
 * gathered so that `main.ts` can load it after it has told a stale PostgreSQL server to stop: that
 * server's shutdown then overlaps the seconds spent loading these modules (restart after kill -9 of the
 * API, issue #14 "recovery within 10 s").
 */
export { NestFactory } from '@nestjs/core';
export { DataSource } from 'typeorm';
export { AppModule } from './app.module';
export { configureApp, httpAdapter } from './configure-app';
export {
  APP_ROLE,
  credentialsOf,
  ensureAppRole,
  newRolePassword,
  prepareDatabaseAsOwner,
  withCredentials,
} from './database/database-roles';
export { ENTITIES } from './database/entities';
export { DEMO_PASSWORD, seedDemoData } from './seed/demo-seed';
