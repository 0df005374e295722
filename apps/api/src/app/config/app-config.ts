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

  /** postgres://user:pass@host:port/db — when unset an embedded PostgreSQL is started. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_PG_PORT = 5433;

  @IsString()
  @MinLength(1)
  EMBEDDED_PG_DIR = '.data/postgres';

  @Transform(toBoolean)
  @IsBoolean()
  SEED_DEMO = true;

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
}

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
  for (const key of [...known, 'DATABASE_URL', 'JWT_SECRET']) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map(
      (e) =>
        `  ${e.property}=${JSON.stringify(raw[e.property] ?? null)}: ${Object.values(e.constraints ?? {}).join('; ')}`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (config.NODE_ENV === 'production' && !config.JWT_SECRET) {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET=null: required when NODE_ENV=production');
  }
  return Object.freeze(config);
}
