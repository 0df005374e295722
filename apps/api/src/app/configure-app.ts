import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { RequestMethod, ValidationPipe } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import type { AppConfig } from './config/app-config';
import { APP_CONFIG } from './config/config.module';

/**
 * The HTTP server: Fastify. It serves the same Nest pipeline with about half as many requests/s again
 * as Express did on the benchmark machine (docs/adr/0005-read-caches.md). Logging stays nestjs-pino.
 */
export function httpAdapter(): FastifyAdapter {
  return new FastifyAdapter({ logger: false });
}

/** Global HTTP set-up shared by `main.ts` and the API tests, so tests exercise the real pipeline. */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  app.useLogger(app.get(Logger));
  // FHIR clients expect the server's base at /fhir/R4 (issue #15), outside the JSON API prefix.
  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'fhir/R4', method: RequestMethod.ALL },
      { path: 'fhir/R4/{*path}', method: RequestMethod.ALL },
    ],
  });
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
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false }),
  );
  app.useGlobalFilters(new DomainExceptionFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Huddle API')
      .setDescription('Collaborative-care registry: patients, episodes, measurement-based care, review and outcomes.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);
  await serveDashboard(app, app.get<AppConfig>(APP_CONFIG));
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
    return reply.sendFile('index.html');
  });
}
