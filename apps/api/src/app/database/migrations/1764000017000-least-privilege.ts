import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The API's role (database-roles.ts APP_ROLE); a literal here so the migration never changes with the code. */
const APP = 'huddle_app';

/** Tables the API may only read and append to: the audit trail (initial schema, 1764000008000). */
const APPEND_ONLY = ['audit_log', 'audit_patient_list'];

/**
 * Least privilege (issue #14): migrations run as the owner, the API as `huddle_app` — LOGIN,
 * NOSUPERUSER, NOBYPASSRLS, owning nothing. It gets:
 * - `SELECT, INSERT, UPDATE, DELETE` on the registry tables, and by default privileges on every table
 *   a later migration (run by the same owner) creates; sequences `USAGE, SELECT`;
 * - only `SELECT, INSERT` on the audit tables: no UPDATE, DELETE or TRUNCATE, and, not being the
 *   owner, no `ALTER TABLE … DISABLE TRIGGER` (the append-only triggers stay on);
 * - `INSERT` only on `audit_pending`: the commit-time trigger that moves entries into the chain and
 *   deletes them runs as the owner (SECURITY DEFINER, fixed search_path);
 * - only `SELECT` on TypeORM's `migrations` table, and no CREATE on the schema.
 * A later migration that adds an append-only table must REVOKE UPDATE, DELETE on it explicitly.
 *
 * The role is created NOLOGIN here when missing (owners with CREATEROLE); main.ts gives it LOGIN and a
 * password (embedded mode) or the administrator does (README "Configuration").
 * `huddle_database_identity()` names the cluster and database for audit checkpoints kept outside it.
 */
export class LeastPrivilege1764000017000 implements MigrationInterface {
  name = 'LeastPrivilege1764000017000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $role$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP}') THEN
          CREATE ROLE ${APP} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
        END IF;
      END $role$`);
    await q.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await q.query(`GRANT USAGE ON SCHEMA public TO ${APP}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP}`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${APP}`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${APPEND_ONLY.join(', ')} FROM ${APP}`);
    await q.query(`REVOKE SELECT, UPDATE, DELETE, TRUNCATE ON audit_pending FROM ${APP}`);
    await q.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON migrations FROM ${APP}`);
    await q.query(`ALTER FUNCTION audit_pending_append() SECURITY DEFINER SET search_path = public, pg_temp`);
    await q.query(`
      CREATE FUNCTION huddle_database_identity() RETURNS text
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
        SELECT (SELECT system_identifier::text FROM pg_control_system()) || '/' || current_database()
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS huddle_database_identity()`);
    await q.query(`ALTER FUNCTION audit_pending_append() SECURITY INVOKER RESET search_path`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM ${APP}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM ${APP}`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP}`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${APP}`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM ${APP}`);
  }
}
