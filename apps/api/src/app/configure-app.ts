import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { ValidationPipe } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ThrottlerStorageService } from '@nestjs/throttler';
import type { StaffRole } from '@huddle/shared-types';
import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { DataSource } from 'typeorm';
import { Logger } from 'nestjs-pino';
import { AuditService } from './audit/audit.service';
import { PERMISSION_KEY } from './auth/auth.decorators';
import { PgThrottlerStorage } from './auth/rate-limit-counter.repository';
import { ROLE_PERMISSIONS, roleHasPermission, type Permission } from './auth/permissions';
import { IS_PUBLIC_KEY } from './common/public.decorator';
import { DatabaseUnavailableFilter } from './common/database-unavailable.filter';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import { INPUT_LIMITS, InputSafetyPipe, parseGuardedJson } from './common/input-safety';
import { registerServerTiming } from './common/server-timing';
import { ProbeAudit } from './hardening/probe-audit';
import { registerOversizedBodyAnswer } from './hardening/oversized-body';
import { RefusalLimiter } from './hardening/refusal-limiter';
import type { AppConfig } from './config/app-config';
import { APP_CONFIG } from './config/config.module';
import { FHIR_BASE, registerFhirJsonParser } from './fhir/fhir-content-type';

/**
 * The HTTP server: Fastify. It serves the same Nest pipeline with about half as many requests/s again
 * as Express did on the benchmark machine (docs/adr/0005-read-caches.md). Logging stays nestjs-pino.
 */
export function httpAdapter(): FastifyAdapter {
  return new FastifyAdapter({ logger: false, bodyLimit: INPUT_LIMITS.maxBodyBytes });
}

/** Global HTTP set-up shared by `main.ts` and the API tests, so tests exercise the real pipeline. */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  app.useLogger(app.get(Logger));
  // The FHIR API lives at /fhir/R4 (FHIR clients expect a base URL of their own), outside /api.
  app.setGlobalPrefix('api', { exclude: [FHIR_BASE, `${FHIR_BASE}/{*path}`] });
  registerFhirJsonParser(app.getHttpAdapter().getInstance(), app.get<AppConfig>(APP_CONFIG).FHIR_IMPORT_MAX_BODY_BYTES);
  // Security headers on every response (API, dashboard files, errors). One helmet middleware built
  // here: @fastify/helmet rebuilt it, CSP parsing included, for every request.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        // Angular Material inlines critical styles; scripts stay same-origin only.
        'style-src': ["'self'", "'unsafe-inline'"],
        'script-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
      },
    },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) =>
      // helmet calls back with nothing, or with the Error it caught.
      securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)),
    );
  // Server-Timing on every response: server time, auth/scope/audit overhead, read-cache hits (issue #13).
  registerServerTiming(app.getHttpAdapter().getInstance());
  const config = app.get<AppConfig>(APP_CONFIG);
  configureHardening(app, config);
  app.useGlobalPipes(
    new InputSafetyPipe(),
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false }),
  );
  // Checked last-registered first: DomainError → its status; anything else → the catch-all, which
  // answers 503 JSON when PostgreSQL is down and maps client-caused SQL errors to 4xx.
  app.useGlobalFilters(new DatabaseUnavailableFilter(), new DomainExceptionFilter());

  // Production serves no API docs unless API_DOCS_ENABLED=true (issue #14 item 7; README "Configuration").
  if (config.API_DOCS_ENABLED ?? config.NODE_ENV !== 'production') {
    SwaggerModule.setup('api/docs', app, openApiDocument(app));
  }
  await serveDashboard(app, config);
}

/** The OpenAPI document of every route (served at /api/docs-json; the reliability suite is generated from it). */
export function openApiDocument(app: NestFastifyApplication): ReturnType<typeof SwaggerModule.createDocument> {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Huddle API')
      .setDescription('Collaborative-care registry: patients, episodes, measurement-based care, review and outcomes.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  annotateAccess(app, document);
  return document;
}

/**
 * Marks each operation `x-huddle-public: true` or `x-huddle-roles: [...]` (the roles granted its
 * permission), from the same metadata the AuthGuard reads; the reliability suite builds its
 * authorization matrix from these.
 */
function annotateAccess(app: NestFastifyApplication, document: ReturnType<typeof SwaggerModule.createDocument>): void {
  const access = new Map<string, { public: boolean; roles: StaffRole[] }>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const read = <T>(key: string): T | undefined =>
          (Reflect.getMetadata(key, handler) as T | undefined) ??
          (Reflect.getMetadata(key, controller) as T | undefined);
        const permission = read<Permission>(PERMISSION_KEY);
        access.set(`${controller.name}_${name}`, {
          public: read<boolean>(IS_PUBLIC_KEY) === true,
          roles: permission
            ? (Object.keys(ROLE_PERMISSIONS) as StaffRole[]).filter((role) => roleHasPermission(role, permission))
            : [],
        });
      }
    }
  }
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.post, item.put, item.patch, item.delete]) {
      const found = operation ? access.get(operation.operationId ?? '') : undefined;
      if (!operation || !found) continue;
      const extensible = operation as unknown as Record<string, unknown>;
      if (found.public) extensible['x-huddle-public'] = true;
      else extensible['x-huddle-roles'] = found.roles;
    }
  }
}

/**
 * Issue #14: JSON bodies bounded before parsing (size, depth, keys per object), refused requests rate
 * limited before authentication, 404 probes audited, and no API answer stored by any cache.
 */
function configureHardening(app: NestFastifyApplication, config: AppConfig): void {
  const fastify = app.getHttpAdapter().getInstance();
  registerOversizedBodyAnswer(fastify);
  // Replaces Nest's JSON parser (registered here, Nest then skips its own): Buffer in, guarded parse.
  app.useBodyParser('application/json', { bodyLimit: INPUT_LIMITS.maxBodyBytes }, (_request, body, done) => {
    try {
      done(null, parseGuardedJson(body.toString('utf8')));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  // Refusals are counted where the other rate limits are: PostgreSQL, shared by every instance (or memory).
  const refusalStore =
    config.RATE_LIMIT_STORE === 'postgres'
      ? new PgThrottlerStorage(app.get(DataSource))
      : new ThrottlerStorageService();
  new RefusalLimiter(
    { enabled: config.RATE_LIMIT_ENABLED, perMinute: config.REFUSAL_LIMIT_PER_MINUTE },
    refusalStore,
  ).register(fastify);
  // PHI must not stay in browser or proxy caches: every API answer (errors included) is `no-store`.
  fastify.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done) => {
    if (request.url.startsWith('/api/')) {
      void reply.header('Cache-Control', 'no-store');
      void reply.header('Pragma', 'no-cache');
    }
    done(null, payload);
  });
  // 404s to signed-in callers audited from a hook, not a global interceptor (ADR 0006: per-request cost).
  new ProbeAudit(app.get(AuditService)).register(fastify);
}

/**
 * The built dashboard at `/` when `DASHBOARD_DIST` holds one: its files, and `index.html` for any other
 * page path (the Angular router's deep links). Unknown `/api/…` paths stay JSON 404s.
 */
async function serveDashboard(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const root = path.resolve(config.DASHBOARD_DIST);
  if (!existsSync(path.join(root, 'index.html'))) return;
  const fastify = app.getHttpAdapter().getInstance();
  // One route per built file (no wildcard), so the page fallback below can own every other path.
  await fastify.register(fastifyStatic, { root, wildcard: false });
  fastify.get('/*', (request: FastifyRequest, reply: FastifyReply) => {
    if (request.url === '/api' || request.url.startsWith('/api/')) return reply.callNotFound();
    if (request.url.startsWith(`/${FHIR_BASE}/`)) return reply.callNotFound();
    return reply.sendFile('index.html');
  });
}
