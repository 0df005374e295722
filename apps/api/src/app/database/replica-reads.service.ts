import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, QueryRunner } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** How often a read waiting for the replica to catch up asks it again. */
const CATCH_UP_POLL_MS = 5;

/** Replication as `/api/health/ready` reports it. */
export interface ReplicaLag {
  /** The replica answered. */
  available: boolean;
  /** WAL the primary has written and the replica has not replayed yet. */
  lagBytes: number | null;
  /** 0 when caught up; else seconds since the replica last replayed a transaction. */
  lagSeconds: number | null;
  /** Replay paused on the replica (`pg_wal_replay_pause()`). */
  replayPaused: boolean | null;
}

/**
 * Heavy reads on the streaming read replica (issue #13 item 6; `DATABASE_REPLICA_URL`, TypeORM
 * replication with `defaultMode: 'master'`, so nothing else goes there). Which reads:
 * leadership aggregates (outcomes, trends, quality, billing summary) and the exports built from them.
 * Every other read stays on the primary, above all those that must see the user's own write at once
 * (caseload, patient page, agenda after a save; sessions and sign-outs; rate limits and lockouts; reads
 * inside a write's transaction).
 *
 * Reads here are still causally consistent: before reading, the replica must have replayed the WAL
 * position the primary had when the read began (`pg_current_wal_lsn()`), so everything committed
 * before the request — the user's own writes included, and the write whose notification bumped a
 * read cache's version — is visible. When the replica is behind by more than
 * `REPLICA_MAX_WAIT_MS`, down, or refuses the query (a recovery conflict), the read runs on the primary.
 * Without a replica every call reads the primary.
 */
@Injectable()
export class ReplicaReads {
  private readonly logger = new Logger(ReplicaReads.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** True when a replica is configured and was reachable at start. */
  get configured(): boolean {
    const driver = this.db.driver as PostgresDriver;
    return driver.isReplicated && driver.slaves.length > 0;
  }

  /** Runs a read-only statement on the replica once it has caught up with the primary, else on the primary. */
  async query<T = unknown>(sql: string, params: unknown[] = []): Promise<T> {
    if (!this.configured) return this.db.query(sql, params);
    const runner = await this.caughtUpReplica();
    if (!runner) return this.db.query(sql, params);
    try {
      return (await runner.query(sql, params)) as T;
    } catch (error) {
      if (!isReplicaProblem(error)) throw error;
      this.warn('query refused by the replica', error);
      return this.db.query(sql, params);
    } finally {
      await runner.release();
    }
  }

  /** Replication lag, or null without a replica. */
  async lag(): Promise<ReplicaLag | null> {
    if (!this.configured) return null;
    const runner = this.db.createQueryRunner('slave');
    try {
      const primary = await this.primaryLsn();
      const rows: Array<{ lag_bytes: string | null; since_replay: number | null; paused: boolean | null }> =
        await runner.query(
          `SELECT pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn())::bigint::text AS lag_bytes,
                  extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8 AS since_replay,
                  pg_is_in_recovery() AND pg_is_wal_replay_paused() AS paused`,
          [primary],
        );
      const row = rows[0];
      const lagBytes =
        row?.lag_bytes === null || row?.lag_bytes === undefined ? null : Math.max(Number(row.lag_bytes), 0);
      return {
        available: true,
        lagBytes,
        lagSeconds:
          lagBytes === 0
            ? 0
            : row?.since_replay === null || row?.since_replay === undefined
              ? null
              : Math.round(row.since_replay * 1000) / 1000,
        replayPaused: row?.paused ?? null,
      };
    } catch {
      return { available: false, lagBytes: null, lagSeconds: null, replayPaused: null };
    } finally {
      await runner.release();
    }
  }

  /** A connected replica runner that has replayed the primary's current WAL position, or null. */
  private async caughtUpReplica(): Promise<QueryRunner | null> {
    let target: string;
    try {
      target = await this.primaryLsn();
    } catch {
      return null; // the primary's own read will report the problem
    }
    const runner = this.db.createQueryRunner('slave');
    try {
      const deadline = Date.now() + this.config.REPLICA_MAX_WAIT_MS;
      for (;;) {
        const rows: Array<{ caught_up: boolean | null }> = await runner.query(
          'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS caught_up',
          [target],
        );
        if (rows[0]?.caught_up) return runner;
        if (Date.now() >= deadline) break;
        await new Promise((resolve) => setTimeout(resolve, CATCH_UP_POLL_MS));
      }
    } catch (error) {
      this.warn('replica unavailable', error);
    }
    await runner.release();
    return null;
  }

  private async primaryLsn(): Promise<string> {
    const rows: Array<{ lsn: string }> = await this.db.query('SELECT pg_current_wal_lsn()::text AS lsn');
    const lsn = rows[0]?.lsn;
    if (!lsn) throw new Error('no WAL position');
    return lsn;
  }

  /** Operational only: the error's code, never its message (messages of failed SQL can quote values). */
  private warn(what: string, error: unknown): void {
    const code = (error as { code?: unknown })?.code;
    this.logger.warn(`Read replica: ${what} (${typeof code === 'string' ? code : 'connection'}); reading the primary`);
  }
}

/**
 * Errors after which the primary is asked instead: connection failures and PostgreSQL's recovery
 * conflicts and standby limits (class 40001 serialization_failure from a conflict, 57P01–57P04 admin
 * shutdown / cannot connect now, 08xxx connection exceptions, 25006 read-only transaction).
 */
function isReplicaProblem(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string') return true;
  return (
    code.startsWith('08') || code.startsWith('57P') || code === '40001' || code === '25006' || code === 'ECONNREFUSED'
  );
}
