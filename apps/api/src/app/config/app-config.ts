import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const toBoolean = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? ['1', 'true', 'yes'].includes(value.toLowerCase())
      ? true
      : ['0', 'false', 'no'].includes(value.toLowerCase())
        ? false
        : value
    : value;

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;

/**
 * Environment variables the API reads. Validated once at start-up: a bad value stops the
 * process with a message naming the variable (see README "Configuration").
 */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  /**
   * API worker processes sharing the port (Node cluster). One Node process uses one core: set it to
   * the cores the API may use. Each worker keeps its own read caches (invalidated across processes by
   * NOTIFY); sessions, rate limits, lockouts and jobs are shared through PostgreSQL.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  WEB_CONCURRENCY = 1;

  /** postgres://user:pass@host:port/db — when unset an embedded PostgreSQL is started. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  /**
   * The owner's URL, for migrations only (least privilege, issue #14). With it, DATABASE_URL is the API's
   * own non-superuser role (`huddle_app`). Without it, DATABASE_URL is used for both.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_OWNER_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_OWNER_URL?: string;

  /**
   * A streaming read replica of DATABASE_URL's server (issue #13 item 6). Heavy reads (outcomes and
   * their exports) go there once it has replayed what the primary had committed when the read began;
   * everything else reads the primary. Unreachable at start: the API reads the primary only.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_REPLICA_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_REPLICA_URL?: string;

  /** How long a heavy read waits for the replica to catch up before it reads the primary instead. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000)
  REPLICA_MAX_WAIT_MS = 500;

  /**
   * Set when DATABASE_URL goes through a pooler in transaction mode (PgBouncer): a direct URL of the same
   * database (as the app role) for what needs a session of its own — LISTEN for cache invalidation and
   * sign-outs, and the job queue. See README "PgBouncer".
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_DIRECT_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_DIRECT_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_PG_PORT = 5433;

  @IsString()
  @MinLength(1)
  EMBEDDED_PG_DIR = '.data/postgres';

  /**
   * Largest body of `POST /fhir/R4` (FHIR batch/transaction Bundle import), in bytes; every other JSON
   * body stays within 1 MiB (docs/adr/0010-input-limits-and-refusals.md).
   */
  @Transform(toInt)
  @IsInt()
  @Min(1_048_576)
  @Max(1_073_741_824)
  FHIR_IMPORT_MAX_BODY_BYTES = 64 * 1024 * 1024;

  /** Most entries in one imported Bundle (other JSON arrays stay within 1,000 items). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(1_000_000)
  FHIR_IMPORT_MAX_ENTRIES = 50_000;

  /** Folder of FHIR bulk-export NDJSON files (one sub-folder per export; git-ignored under .data). */
  @IsString()
  @MinLength(1)
  FHIR_EXPORT_DIR = '.data/fhir-export';

  @Transform(toBoolean)
  @IsBoolean()
  SEED_DEMO = true;

  /**
   * Embedded mode: continuous WAL archiving into `BACKUP_DIR/wal` (base backups by `npm run backup` go
   * to `BACKUP_DIR/base`). Default: next to the data folder.
   */
  @Transform(toBoolean)
  @IsBoolean()
  WAL_ARCHIVING = true;

  @IsOptional()
  @IsString()
  @MinLength(1)
  BACKUP_DIR?: string;

  /**
   * Signed checkpoints of the audit chain head are appended here (and logged), so `npm run audit:verify`
   * detects removal of the newest rows. Default: `audit-checkpoints.log` next to the data folder.
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  AUDIT_CHECKPOINT_FILE?: string;

  /** HMAC key of the checkpoints (≥ 32 characters). Unset: a key file `<checkpoint file>.key` is made once. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'AUDIT_CHECKPOINT_KEY must be at least 32 characters' })
  AUDIT_CHECKPOINT_KEY?: string;

  /** Seconds between audit checkpoints (one is also written at shutdown); 0 turns them off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86400)
  AUDIT_CHECKPOINT_INTERVAL_SECONDS = 60;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /**
   * Secret for signing access tokens (≥ 32 characters). Required in production; elsewhere a random
   * one is made at each start (sessions then end at restart).
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** Lifetime of an access token, in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(30)
  @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS = 300;

  /** Server-side idle timeout: a session unused this long is ended. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(720)
  IDLE_TIMEOUT_MINUTES = 15;

  /** Absolute session lifetime (refresh tokens stop working after it). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(168)
  SESSION_MAX_HOURS = 12;

  /** Folder with the built dashboard (index.html); served at `/` when it exists. */
  @IsString()
  DASHBOARD_DIST = 'dist/apps/dashboard/browser';

  /** Consecutive failed password logins that lock an account (issue #5). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES = 5;

  /** How long a locked account stays locked. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  LOGIN_LOCKOUT_MINUTES = 15;

  /**
   * Serve repeated caseload, agenda and outcome reads from memory until the data behind them changes
   * (PostgreSQL LISTEN/NOTIFY; docs/adr/0005-read-caches.md). Off: every read is computed afresh.
   */
  @Transform(toBoolean)
  @IsBoolean()
  READ_CACHE_ENABLED = true;

  /**
   * How long leadership outcomes (program metrics, trends, quality measures, billing summary) may be
   * served from the read cache after the clinic's data changed, in seconds (0: recomputed after every
   * change). Caseloads, agendas and patient data are never served stale. Issue #13: under real
   * traffic a clinic changes every few seconds, and each outcome recomputation aggregates the whole
   * clinic (docs/adr/0005-read-caches.md). From 80 % of this age on, an outdated result is recomputed in
   * the background while it is still served.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(900)
  OUTCOMES_MAX_STALENESS_SECONDS = 60;

  /**
   * Send statements with parameters as prepared statements: parsed once per connection, their plans kept
   * (issue #13; GuardedClient, ADR 0006). Turn off behind PgBouncer in transaction mode (1.18 keeps no
   * session's prepared statements); off by default when DATABASE_DIRECT_URL is set.
   */
  @Transform(toBoolean)
  @IsBoolean()
  PG_PREPARED_STATEMENTS = true;

  /**
   * How often a live session is re-read from the database and its last activity written back. Between
   * checks an instance trusts what it knows; a sign-out or revocation anywhere ends the session at once
   * (NOTIFY), and the idle timeout is enforced on every request.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(300)
  SESSION_RECHECK_SECONDS = 30;

  /** Rate limiting on or off (off only for tests and benchmarks). */
  @Transform(toBoolean)
  @IsBoolean()
  RATE_LIMIT_ENABLED = true;

  /**
   * Where rate-limit counters live: `postgres` (default; one count shared by every API instance, table
   * `rate_limit_counter`) or `memory` (per process; the API tests' default).
   */
  @IsIn(['postgres', 'memory'])
  RATE_LIMIT_STORE: 'postgres' | 'memory' = 'postgres';

  /** API requests per minute per signed-in user (per IP when anonymous). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 600;

  /**
   * Login attempts per minute per IP and email (successful ones included). Guessing passwords is stopped
   * by the account lockout (`LOGIN_MAX_FAILURES`); this limit only slows scripted attempts, so it leaves
   * room for a user who signs in again several times in a minute.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT_PER_MINUTE = 20;

  /**
   * Refused requests (401, 403, 404) a minute per client IP and credential before further requests
   * answer 429 (issue #14; docs/adr/0010-input-limits-and-refusals.md). Off with `RATE_LIMIT_ENABLED=false`.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  REFUSAL_LIMIT_PER_MINUTE = 30;

  /** Serve the OpenAPI document and Swagger UI at /api/docs. Default: on, except when NODE_ENV=production. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  API_DOCS_ENABLED?: boolean;

  /**
   * Folder of expanded FHIR ValueSets (VSAC JSON) that quality measures name, e.g. CMS159's diagnoses,
   * encounters and exclusions (`/fhir/R4/Measure/CMS159/$evaluate-measure`). Unset: measures answer 404.
   */
  @IsOptional()
  @IsString()
  MEASURE_VALUE_SETS_DIR?: string;

  /**
   * Test-only: `POST /api/health/runtime/event-loop` (clinic admins) answers the event-loop delay since
   * the previous call, for the reliability suite (issue #14). Off by default.
   */
  @Transform(toBoolean)
  @IsBoolean()
  RUNTIME_METRICS_ENABLED = false;

  /** Write the JSON log to this file instead of stdout (tests and the reliability suite grep it for PHI). */
  @IsOptional()
  @IsString()
  LOG_FILE?: string;

  /**
   * Mark the refresh-token cookie `Secure`. Browsers accept Secure cookies over https and from
   * http://localhost / http://127.0.0.1; set false only for plain-http access under another host name.
   */
  @Transform(toBoolean)
  @IsBoolean()
  REFRESH_COOKIE_SECURE = true;

  /** OpenID Connect single sign-on: the issuer URL. SSO is enabled when set (with client id and redirect URI). */
  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'OIDC_ISSUER must be an http(s) URL' })
  OIDC_ISSUER?: string;

  @IsOptional()
  @IsString()
  OIDC_CLIENT_ID?: string;

  /** Confidential clients only; without it the client authenticates with PKCE alone (public client). */
  @IsOptional()
  @IsString()
  OIDC_CLIENT_SECRET?: string;

  /** This API's callback as registered at the issuer, e.g. `https://huddle.example.org/api/auth/oidc/callback`. */
  @IsOptional()
  @Matches(/^https?:\/\/.+\/api\/auth\/oidc\/callback$/, {
    message: 'OIDC_REDIRECT_URI must be an http(s) URL ending in /api/auth/oidc/callback',
  })
  OIDC_REDIRECT_URI?: string;

  @IsString()
  OIDC_SCOPES = 'openid email profile';

  /**
   * Dashboard page the browser returns to after SSO, with `#oidc_code=…` or `#oidc_error=…`: a plain
   * app path (`/login`, `/app/login`) — no `//`, backslash, tab, newline, query or scheme (issue #14).
   */
  @Matches(/^\/([A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*)?$/, {
    message: 'OIDC_POST_LOGIN_PATH must be an app path such as /login (letters, digits, . _ ~ - and single slashes)',
  })
  OIDC_POST_LOGIN_PATH = '/login';

  /**
   * `max_age` sent to the issuer: how long ago (seconds) the user may have signed in there for SSO to
   * skip asking again. 0 (default) = re-authenticate at every Huddle sign-in, so signing out of Huddle on
   * a shared workstation does not leave the next person one click from the previous user's account.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86_400)
  OIDC_MAX_AGE_SECONDS = 0;

  /**
   * Where the issuer sends the browser after RP-initiated logout (`post_logout_redirect_uri`, registered
   * at the issuer). Unset: OIDC_POST_LOGIN_PATH on the origin of OIDC_REDIRECT_URI (issue #14).
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s\\]+$/, { message: 'OIDC_POST_LOGOUT_REDIRECT_URI must be an http(s) URL' })
  OIDC_POST_LOGOUT_REDIRECT_URI?: string;

  /**
   * Outgoing mail for patient self-report links and urgent safety alerts (issue #16), e.g.
   * `smtp://user:pass@mail.example.org:587` or `smtps://…:465`. Unset: no email is sent (a PHI-free
   * warning is logged instead).
   */
  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /** Sender of that mail. */
  @IsString()
  @MinLength(3)
  SMTP_FROM = 'Huddle <no-reply@huddle.invalid>';

  /** Public address of the dashboard, for links in messages (default `http://localhost:<PORT>`). */
  @IsOptional()
  @Matches(/^https?:\/\/[^?#]+[^/?#]$/, { message: 'PUBLIC_URL must be an http(s) URL without a trailing slash' })
  PUBLIC_URL?: string;

  /** SMS transport for self-report links: `none` (default) or `twilio` (then set the TWILIO_* variables). */
  @IsIn(['none', 'twilio'])
  SMS_PROVIDER: 'none' | 'twilio' = 'none';

  @IsOptional()
  @Matches(/^AC[0-9a-fA-F]{32}$/, { message: 'TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits' })
  TWILIO_ACCOUNT_SID?: string;

  @IsOptional()
  @IsString()
  TWILIO_AUTH_TOKEN?: string;

  /** Sender: an E.164 number or a Messaging Service SID (MG…). */
  @IsOptional()
  @Matches(/^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/, { message: 'TWILIO_FROM must be an E.164 number or MG… SID' })
  TWILIO_FROM?: string;

  /** Twilio's REST API (changed only by tests). */
  @Matches(/^https?:\/\/[^?#]+[^/?#]$/, { message: 'TWILIO_API_BASE must be an http(s) URL without a trailing slash' })
  TWILIO_API_BASE = 'https://api.twilio.com';

  /**
   * Run the self-report jobs (schedule, deliveries, safety alerts) in this process. Default: on, except
   * under NODE_ENV=test where tests drive the handlers themselves.
   */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  SELF_REPORT_JOBS_ENABLED?: boolean;
}

const OPTIONAL_VARIABLES = [
  'DATABASE_URL',
  'DATABASE_OWNER_URL',
  'DATABASE_REPLICA_URL',
  'DATABASE_DIRECT_URL',
  'BACKUP_DIR',
  'AUDIT_CHECKPOINT_FILE',
  'AUDIT_CHECKPOINT_KEY',
  'JWT_SECRET',
  'OIDC_ISSUER',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OIDC_REDIRECT_URI',
  'OIDC_POST_LOGOUT_REDIRECT_URI',
  'API_DOCS_ENABLED',
  'RUNTIME_METRICS_ENABLED',
  'MEASURE_VALUE_SETS_DIR',
  'LOG_FILE',
  'SMTP_URL',
  'PUBLIC_URL',
  'TWILIO_ACCOUNT_SID',
  'TWILIO_AUTH_TOKEN',
  'TWILIO_FROM',
  'SELF_REPORT_JOBS_ENABLED',
];

export type AppConfig = Readonly<EnvironmentVariables>;

/** Thrown when the environment is invalid; its message lists every bad variable. */
export class ConfigError extends Error {}

/**
 * Parses and validates `env`. Unknown variables are ignored; empty strings count as unset.
 * @throws ConfigError naming each invalid variable and why.
 */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const known = Object.keys(new EnvironmentVariables());
  const raw: Record<string, string> = {};
  for (const key of new Set([...known, ...OPTIONAL_VARIABLES])) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map(
      (e) =>
        `  ${e.property}=${/(SECRET|TOKEN|_KEY)$|^SMTP_URL$/.test(e.property) ? '(hidden)' : JSON.stringify(raw[e.property] ?? null)}: ${Object.values(e.constraints ?? {}).join('; ')}`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const oidcSet = [config.OIDC_ISSUER, config.OIDC_CLIENT_ID, config.OIDC_REDIRECT_URI].filter(Boolean).length;
  if (oidcSet > 0 && oidcSet < 3) {
    throw new ConfigError(
      'Invalid configuration:\n  OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_REDIRECT_URI: set all three to enable SSO, or none',
    );
  }
  if (
    config.SMS_PROVIDER === 'twilio' &&
    !(config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN && config.TWILIO_FROM)
  ) {
    throw new ConfigError(
      'Invalid configuration:\n  SMS_PROVIDER=twilio: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM',
    );
  }
  if (config.NODE_ENV === 'production' && !config.JWT_SECRET) {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET=null: required when NODE_ENV=production');
  }
  // A direct URL means DATABASE_URL goes through a transaction-mode pooler (PgBouncer 1.18 keeps no
  // prepared statements across transactions): named statements are off unless asked for explicitly.
  if (config.DATABASE_DIRECT_URL && raw['PG_PREPARED_STATEMENTS'] === undefined) config.PG_PREPARED_STATEMENTS = false;
  return Object.freeze(config);
}
