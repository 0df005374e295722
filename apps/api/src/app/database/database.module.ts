import { Global, Logger, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Client } from 'pg';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { ENTITIES } from './entities';
import { GuardedClient } from './guarded-pg-client';
import { MIGRATIONS } from './migrations';
import { PhiSafeTypeOrmLogger } from './phi-safe-typeorm.logger';
import { RegistryCacheListener } from './registry-cache.listener';
import { LISTEN_DATABASE_URL, RegistryChanges } from './registry-changes.service';
import { ReplicaReads } from './replica-reads.service';
import { AUDIT_KEPT_CONNECTIONS } from '../audit/audit-connection';

export interface DatabaseConnections {
  /** A streaming read replica for heavy reads (`DATABASE_REPLICA_URL`; {@link ReplicaReads}). */
  replicaUrl?: string;
  /** A direct connection when `url` goes through a transaction-mode pooler (`DATABASE_DIRECT_URL`): LISTEN. */
  directUrl?: string;
  /** Whether statements with parameters go as prepared statements (`PG_PREPARED_STATEMENTS`; GuardedClient). */
  preparedStatements?: boolean;
}

const REPLICA_PROBE_MS = 2_000;

/**
 * TypeORM on PostgreSQL. The schema comes only from migrations (run at start, never `synchronize`).
 * With a replica, TypeORM's replication settings with every query on the primary by default; heavy reads
 * ask for the replica through {@link ReplicaReads}. Also provides {@link RegistryChanges} (what changed,
 * for read caches) to every module, kept current by PostgreSQL's notifications and by this process's
 * `registry.changed` events.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(url: string, connections: DatabaseConnections = {}): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: async (): Promise<PostgresConnectionOptions> => ({
            type: 'postgres',
            ...(await connectionsOf(url, connections.replicaUrl)),
            entities: ENTITIES,
            migrations: MIGRATIONS,
            // main.ts migrates as the owner before the app starts; the app role may not change the schema.
            migrationsRun: false,
            synchronize: false,
            // Errors and migrations only, and never query parameters (PHI).
            logging: ['error', 'migration', 'warn'],
            logger: new PhiSafeTypeOrmLogger(),
            maxQueryExecutionTime: 1000,
            // A request fails (503) rather than waiting when the server is down (issue #14); a connection's
            // late error after PostgreSQL died never crashes the process (GuardedClient).
            // 20 for requests, plus the connections the audit batcher keeps (ADR 0006, amended in session 8).
            extra: {
              max: 20 + AUDIT_KEPT_CONNECTIONS,
              connectionTimeoutMillis: 5_000,
              Client: GuardedClient,
              preparedStatements: connections.preparedStatements ?? false,
            },
          }),
        }),
      ],
      providers: [
        { provide: LISTEN_DATABASE_URL, useValue: connections.directUrl ?? url },
        RegistryChanges,
        RegistryCacheListener,
        ReplicaReads,
      ],
      exports: [RegistryChanges, ReplicaReads],
    };
  }
}

/**
 * The primary alone, or primary and replica (TypeORM replication, `defaultMode: 'master'`). TypeORM
 * connects to every replica at start and fails when one is down: a replica that does not answer within
 * {@link REPLICA_PROBE_MS} is left out (heavy reads then use the primary) rather than stopping the API.
 */
async function connectionsOf(
  url: string,
  replicaUrl: string | undefined,
): Promise<Pick<PostgresConnectionOptions, 'url' | 'applicationName' | 'replication'>> {
  if (!replicaUrl) return { url, applicationName: 'huddle-api' };
  const probe = new Client({ connectionString: replicaUrl, connectionTimeoutMillis: REPLICA_PROBE_MS });
  try {
    await probe.connect();
    await probe.query('SELECT 1');
  } catch (error) {
    new Logger(DatabaseModule.name).warn(
      `Read replica unreachable at start (${(error as { code?: string }).code ?? 'no answer'}); heavy reads use the primary`,
    );
    return { url, applicationName: 'huddle-api' };
  } finally {
    await probe.end().catch(() => undefined);
  }
  return {
    replication: {
      master: { url, applicationName: 'huddle-api' },
      slaves: [{ url: replicaUrl, applicationName: 'huddle-api-replica' }],
      defaultMode: 'master',
    },
  };
}
