import type { FastifyInstance } from 'fastify';

/** Largest FHIR Bundle accepted as `application/fhir+json` (the bench posts Bundles of thousands of resources). */
export const FHIR_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Lets Fastify read `application/fhir+json` bodies as JSON (it knows only `application/json`).
 * Registered only when no other module (the FHIR read side) has registered one, so both can ship.
 */
export function registerFhirJsonParser(fastify: FastifyInstance): void {
  if (fastify.hasContentTypeParser('application/fhir+json')) return;
  fastify.addContentTypeParser(
    'application/fhir+json',
    { parseAs: 'string', bodyLimit: FHIR_BODY_LIMIT_BYTES },
    (_request, body, done) => {
      try {
        done(null, JSON.parse(String(body)) as unknown);
      } catch {
        const error = new Error('The body is not valid JSON') as Error & { statusCode: number };
        error.statusCode = 400;
        done(error, undefined);
      }
    },
  );
}
