import type { FastifyRequest } from 'fastify';
import { FHIR_BASE } from './fhir-content-type';
import type { SearchRequest } from './fhir.service';
import type { RawQuery } from './search-params';

/** The server's origin as the client addressed it (`http://host:port`). */
export function origin(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? 'localhost'}`;
}

/** The FHIR base URL (`http://host:port/fhir/R4`). */
export function fhirBase(request: FastifyRequest): string {
  return `${origin(request)}/${FHIR_BASE}`;
}

/** A search as the service needs it: base, the full request URL (`self`) and the parsed query. */
export function searchRequest(request: FastifyRequest): SearchRequest {
  return { base: fhirBase(request), url: `${origin(request)}${request.url}`, query: (request.query ?? {}) as RawQuery };
}
