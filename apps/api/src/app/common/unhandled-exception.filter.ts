import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { ApiErrorBody } from '@huddle/shared-types';
import { QueryFailedError } from 'typeorm';
import { tooLargeBody } from '../hardening/oversized-body';
import { INPUT_LIMITS } from './input-safety';

/**
 * PostgreSQL errors caused by request values the validators let through, answered as client errors
 * rather than 500 (defence in depth: the input pipe should have refused them first).
 */
const CLIENT_SQLSTATES: Record<string, { status: 400 | 409; message: string }> = {
  '22P05': { status: 400, message: 'The request holds characters that cannot be stored' },
  '22021': { status: 400, message: 'The request holds characters that cannot be stored' },
  '22003': { status: 400, message: 'A number in the request is out of range' },
  '22008': { status: 400, message: 'A date in the request is out of range' },
  '22007': { status: 400, message: 'A date in the request is not valid' },
  '22P02': { status: 400, message: 'A value in the request has the wrong format' },
  '23505': { status: 409, message: 'The record already exists' },
  '23503': { status: 409, message: 'The record refers to something that does not exist' },
  '23514': { status: 400, message: 'A value in the request is not allowed' },
};

const REASON: Record<number, string> = { 400: 'Bad Request', 409: 'Conflict', 500: 'Internal Server Error' };

type Reply = {
  header(name: string, value: string): Reply;
  code(statusCode: number): { send(payload: unknown): unknown };
};

/**
 * Catch-all (registered before the domain filter, so that one still wins for domain errors): answers
 * HttpExceptions as Nest does, maps client-caused SQL errors to 400/409, and everything else to a
 * plain 500. It logs an error's class, SQLSTATE and route only: never its message, query, parameters
 * or `detail` (PostgreSQL puts the offending values there — names, MRNs, birth dates).
 */
@Catch()
export class UnhandledExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    // JSON whatever the route declared (a CSV route's `@Header('Content-Type', 'text/csv')` made every
    // refusal there a 500: Fastify cannot send an object as text/csv).
    const reply = http.getResponse<Reply>().header('Content-Type', 'application/json; charset=utf-8');
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const status = exception.getStatus();
      reply.code(status).send(typeof response === 'string' ? { statusCode: status, message: response } : response);
      return;
    }
    // Fastify's own client errors (unsupported media type, body too large, malformed JSON).
    const fastifyStatus = (exception as { statusCode?: unknown } | null)?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      const code = (exception as { code?: unknown }).code;
      if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        // A body without Content-Length that grew past the limit (declared ones: hardening/oversized-body.ts).
        // The route's own limit where it has one (POST /fhir/R4 imports), else the server's.
        const limit =
          http.getRequest<{ routeOptions?: { bodyLimit?: number } }>().routeOptions?.bodyLimit ??
          INPUT_LIMITS.maxBodyBytes;
        reply.code(413).send({ ...tooLargeBody(limit), code });
        return;
      }
      reply.code(fastifyStatus).send({
        statusCode: fastifyStatus,
        error: 'Request refused',
        message: [`body: ${exception instanceof Error ? exception.message : 'refused'}`],
        ...(typeof code === 'string' ? { code } : {}),
      });
      return;
    }
    const request = http.getRequest<{ method?: string; routeOptions?: { url?: string } }>();
    const route = `${request.method ?? ''} ${request.routeOptions?.url ?? ''}`;
    const sqlState =
      exception instanceof QueryFailedError ? (exception.driverError as { code?: string }).code : undefined;
    const known = sqlState ? CLIENT_SQLSTATES[sqlState] : undefined;
    const status = known?.status ?? 500;
    const name = exception instanceof Error ? exception.constructor.name : typeof exception;
    // Stack frames only: the first line of a stack repeats the message.
    const frames =
      exception instanceof Error && !(exception instanceof QueryFailedError)
        ? (exception.stack ?? '').split('\n').slice(1, 8).join('\n')
        : undefined;
    if (status === 500) this.logger.error({ msg: 'request failed', error: name, sqlState, route, frames });
    else this.logger.warn({ msg: 'request refused by the database', error: name, sqlState, route });
    const body: ApiErrorBody = {
      statusCode: status,
      error: REASON[status] ?? 'Error',
      message: known?.message ?? 'Internal server error',
    };
    reply.code(status).send(body);
  }
}
