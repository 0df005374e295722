import type { FastifyInstance } from 'fastify';
import { parseGuardedJson } from '../common/input-safety';

/** The FHIR JSON media type (https://hl7.org/fhir/R4/http.html#mime-type). */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** The FHIR base path, outside the `/api` prefix. */
export const FHIR_BASE = 'fhir/R4';

/**
 * The one `application/fhir+json` body parser (reads and imports alike): the guarded JSON parse of every
 * JSON body (depth and keys per object bounded in one linear scan before `JSON.parse`, ADR 0010).
 * Its size limit is the server's (1 MiB), except on `POST /fhir/R4` — Bundle import, in either JSON media
 * type — whose route limit is `importBodyLimit` (`FHIR_IMPORT_MAX_BODY_BYTES`, 64 MiB by default).
 * Must run before the routes are registered (`configureApp`, before `app.init()`).
 */
export function registerFhirJsonParser(fastify: FastifyInstance, importBodyLimit: number): void {
  fastify.addContentTypeParser('application/fhir+json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, body.length === 0 ? undefined : parseGuardedJson(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (route.url.replace(/\/$/, '') === `/${FHIR_BASE}` && methods.includes('POST')) {
      route.bodyLimit = importBodyLimit;
    }
  });
}
