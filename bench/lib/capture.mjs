// "The same SQL, directly": run one API service call in-process, record the data queries it sends to
// PostgreSQL (not transaction control, sessions or the audit log), and replay them from a pool.
import { createRequire } from 'node:module';
import pg from 'pg';
import { apiModule } from './environment.mjs';

const require = createRequire(import.meta.url);

/** The built API's Nest application (initialised, not listening), against `url`. */
export async function appContext(url, { preparedStatements = true } = {}) {
  require('reflect-metadata');
  const { NestFactory } = require('@nestjs/core');
  const { AppModule } = apiModule('app/app.module.js');
  const { loadConfig } = apiModule('app/config/app-config.js');
  // No read cache: the statements captured are those that compute the result.
  const config = loadConfig({
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
    DASHBOARD_DIST: '/nonexistent',
    READ_CACHE_ENABLED: 'false',
    // Off: a read snapshot's batched reads go with their parameters written in (each a statement that
    // can be explained alone) instead of as PREPARE/EXECUTE of names only that connection knows.
    PG_PREPARED_STATEMENTS: String(preparedStatements),
  });
  // An HTTP application that never listens: modules that register body parsers need the adapter.
  const { httpAdapter } = apiModule('app/configure-app.js');
  const app = await NestFactory.create(AppModule.forRoot(config, url), httpAdapter(), { logger: false });
  await app.init();
  return app;
}

const HOUSEKEEPING = /^\s*(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SET|SHOW|SAVEPOINT|RELEASE)\b/i;
const API_OVERHEAD = /audit_log|audit_append|huddle_wal_flush|pg_advisory|user_session/i;
// The job queue's own polling (pg-boss, schema pgboss) runs in the same process on its own timer: a poll
// that happened to fall inside the captured call is not one of the call's statements.
const BACKGROUND = /\bpgboss\./i;

/** Runs `fn` and returns the data queries it issued, in order, with their parameters. */
export async function captureQueries(fn) {
  const original = pg.Client.prototype.query;
  const captured = [];
  pg.Client.prototype.query = function (config, values, callback) {
    const text = typeof config === 'string' ? config : config?.text;
    const params = typeof config === 'string' ? values : config?.values;
    if (typeof text !== 'string') return original.call(this, config, values, callback);
    // A read snapshot's batch (database/read-snapshot.ts): several statements in one message, one each.
    const statements = text.includes('\n;\n') ? text.split('\n;\n') : [text];
    for (const statement of statements)
      captured.push({ text: statement, values: Array.isArray(params) && statements.length === 1 ? params : undefined });
    return original.call(this, config, values, callback);
  };
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = original;
  }
  return captured.filter((q) => !HOUSEKEEPING.test(q.text) && !API_OVERHEAD.test(q.text) && !BACKGROUND.test(q.text));
}

/** A replayer: each call runs the captured queries in order on one pooled connection. */
export function replayer(url, queries, connections) {
  const pool = new pg.Pool({ connectionString: url, max: connections });
  return {
    run: async () => {
      const client = await pool.connect();
      try {
        for (const q of queries) await client.query(q.text, q.values);
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
