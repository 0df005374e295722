import type { FastifyInstance } from 'fastify';

/** The FHIR JSON media type (https://hl7.org/fhir/R4/http.html#mime-type). */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** The FHIR base path, outside the `/api` prefix. */
export const FHIR_BASE = 'fhir/R4';

/**
 * Lets Fastify read `application/fhir+json` request bodies as JSON (FHIR import, POST /fhir/R4).
 * Parsed like `application/json`, with the same body limit.
 */
export function registerFhirJsonParser(fastify: FastifyInstance): void {
  if (fastify.hasContentTypeParser('application/fhir+json')) return;
  fastify.addContentTypeParser('application/fhir+json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, body.length === 0 ? undefined : (JSON.parse(body as string) as unknown));
    } catch (error) {
      const failure = error instanceof Error ? error : new Error('Invalid JSON');
      (failure as Error & { statusCode?: number }).statusCode = 400;
      done(failure, undefined);
    }
  });
}
