import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { INPUT_LIMITS } from '../common/input-safety';

/**
 * Largest over-limit body read (and thrown away, never buffered) so that the 413 reaches the client
 * on a connection that stays open; beyond it the answer goes out at once with `Connection: close`.
 */
export const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;

/** The 413 answer: JSON, naming the body and its limit like every other refusal. */
export function tooLargeBody(limit: number): { statusCode: 413; error: string; message: string[] } {
  return {
    statusCode: 413,
    error: 'Payload Too Large',
    message: [`body must be at most ${limit} bytes (${(limit / 1_048_576).toFixed(0)} MiB)`],
  };
}

/**
 * Issue #14: a JSON body declared larger than {@link INPUT_LIMITS.maxBodyBytes} is answered 413 before
 * any parsing. Fastify's own refusal closes the connection while the client is still sending, so the
 * client often got EPIPE instead of the answer (seen on 5 routes in the reliability suite). Here the rest
 * of the body is read and discarded — O(size), nothing kept — and the 413 is sent once it has arrived.
 * Bodies without a Content-Length that grow past the limit are still refused by Fastify's parser.
 */
export function registerOversizedBodyAnswer(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done) => {
    // The route's own limit where it has one (POST /fhir/R4 takes Bundles up to FHIR_IMPORT_MAX_BODY_BYTES).
    const limit = request.routeOptions.bodyLimit ?? INPUT_LIMITS.maxBodyBytes;
    const length = Number(request.headers['content-length']);
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (mediaType !== 'application/json' || !(length > limit)) return done();
    const answer = (): void => {
      void reply.code(413).header('Content-Type', 'application/json; charset=utf-8').send(tooLargeBody(limit));
    };
    if (length > DRAIN_LIMIT_BYTES) {
      void reply.header('Connection', 'close');
      return answer();
    }
    const raw = request.raw;
    raw.on('error', () => undefined);
    raw.once('end', answer);
    raw.resume();
  });
}
