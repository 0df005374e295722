import { constants, gzipSync } from 'node:zlib';
import {
  Injectable,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { map, type Observable } from 'rxjs';

/** Bodies smaller than this are sent as they are: compressing them saves nothing worth the bytes. */
const GZIP_MIN_BYTES = 1024;

/** zlib's fastest level (`Z_BEST_SPEED`). */
const GZIP_LEVEL = constants.Z_BEST_SPEED;

/**
 * A read-only result whose JSON (and its gzip) is produced once, however often it is sent: what a read
 * cache holds for large responses. A consultant's agenda is ~350 kB of JSON; serialising it for every
 * request was a third of the request's CPU, and sending it uncompressed most of the rest.
 * Return it from a handler decorated with {@link SendsPreparedJson}. (Anywhere else it is still sent
 * right, as the plain JSON of its value, only without the savings.)
 */
export class PreparedJson<T> {
  private plain: Buffer | null = null;
  private gzipped: Buffer | null = null;

  private readonly derived = new Map<string, unknown>();

  constructor(readonly value: T) {}

  /** The value, for a serializer that meets this object (a route without {@link SendsPreparedJson}). */
  toJSON(): T {
    return this.value;
  }

  /** `derive(value)`, computed once per prepared result (e.g. the patient ids its audit row lists). */
  memo<R>(name: string, derive: (value: T) => R): R {
    if (!this.derived.has(name)) this.derived.set(name, derive(this.value));
    return this.derived.get(name) as R;
  }

  /** The body bytes: gzip-compressed when `gzip` and worth it (see {@link isGzipped}). */
  body(gzip: boolean): Buffer {
    this.plain ??= Buffer.from(JSON.stringify(this.value));
    if (!gzip || this.plain.length < GZIP_MIN_BYTES) return this.plain;
    // Fastest level: a body computed per request (read cache off, or a changed clinic) paid 4.7 ms to gzip a
    // 358 kB agenda at the default level 6 and pays 2.0 ms at level 1, for 51 kB instead of 44 kB (issue #13).
    this.gzipped ??= gzipSync(this.plain, { level: GZIP_LEVEL });
    return this.gzipped;
  }

  isGzipped(body: Buffer): boolean {
    return body === this.gzipped;
  }
}

interface HeaderReader {
  headers: Record<string, string | string[] | undefined>;
}
interface HeaderWriter {
  header(name: string, value: string): unknown;
}

/** True when an `Accept-Encoding` header accepts gzip (not `gzip;q=0`). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** Sends a handler's {@link PreparedJson} as `application/json`, gzipped when the client accepts it. */
@Injectable()
export class PreparedJsonInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof PreparedJson)) return result;
        const http = context.switchToHttp();
        const body = result.body(acceptsGzip(http.getRequest<HeaderReader>().headers['accept-encoding']));
        const response = http.getResponse<HeaderWriter>();
        response.header('Content-Type', 'application/json; charset=utf-8');
        response.header('Vary', 'Accept-Encoding');
        if (result.isGzipped(body)) response.header('Content-Encoding', 'gzip');
        // The bytes as they are (Fastify sends a Buffer with its length; no stream around it).
        return body;
      }),
    );
  }
}

/**
 * The route returns a {@link PreparedJson}: send its prepared bytes. Scoped to such routes, as Nest
 * wraps every request in each interceptor that applies to its route.
 */
export const SendsPreparedJson = (): MethodDecorator & ClassDecorator => UseInterceptors(PreparedJsonInterceptor);
