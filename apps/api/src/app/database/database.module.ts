import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { PhiSafeTypeOrmLogger } from './phi-safe-typeorm.logger';
import { RegistryCacheListener } from './registry-cache.listener';
import { RegistryChanges } from './registry-changes.service';

/**
 * TypeORM on PostgreSQL. The schema comes only from migrations (run at start, never `synchronize`).
 * Also provides {@link RegistryChanges} (what changed, for read caches) to every module, kept current
 * by PostgreSQL's notifications and by this process's `registry.changed` events.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(url: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url,
          entities: ENTITIES,
          migrations: MIGRATIONS,
          // main.ts migrates as the owner before the app starts; the app role may not change the schema.
          migrationsRun: false,
          synchronize: false,
          // Errors and migrations only, and never query parameters (PHI).
          logging: ['error', 'migration', 'warn'],
          logger: new PhiSafeTypeOrmLogger(),
          maxQueryExecutionTime: 1000,
          // A request fails (503) rather than waiting when the server is down (issue #14).
          extra: { max: 20, application_name: 'huddle-api', connectionTimeoutMillis: 5_000 },
        }),
      ],
      providers: [RegistryChanges, RegistryCacheListener],
      exports: [RegistryChanges],
    };
  }
}
