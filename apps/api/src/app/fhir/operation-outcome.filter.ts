import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../common/errors';
import { FhirError } from './fhir-errors';
import { FHIR_JSON } from './fhir-content-type';
import { operationOutcome, type OperationOutcome } from './operation-outcome';

/** OperationOutcome issue codes (http://hl7.org/fhir/issue-type) by HTTP status. */
const ISSUE_CODE: Record<number, string> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-supported',
  406: 'not-supported',
  409: 'conflict',
  410: 'deleted',
  413: 'too-costly',
  415: 'not-supported',
  422: 'processing',
  429: 'throttled',
};

/**
 * Every error of a FHIR controller (guard refusals, validation, domain and FHIR errors, anything
 * unexpected) as an OperationOutcome in `application/fhir+json`. Scoped to the FHIR controllers with
 * `@UseFilters`; the rest of the API keeps its JSON error body. Unexpected errors are logged by
 * class name only and answered 500 without details.
 */
@Catch()
export class OperationOutcomeFilter implements ExceptionFilter {
  private readonly logger = new Logger('FHIR');

  catch(exception: unknown, host: ArgumentsHost): void {
    const { status, body } = this.outcome(exception);
    void host.switchToHttp().getResponse<FastifyReply>().code(status).header('content-type', FHIR_JSON).send(body);
  }

  private outcome(exception: unknown): { status: number; body: OperationOutcome } {
    if (exception instanceof FhirError) {
      return {
        status: exception.status,
        body: operationOutcome('error', exception.issueCode, exception.message, exception.expression),
      };
    }
    if (exception instanceof DomainError) {
      return {
        status: exception.status,
        body: operationOutcome(
          'error',
          ISSUE_CODE[exception.status] ?? 'processing',
          exception.message,
          exception.field,
        ),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message =
        typeof response === 'object' && response !== null && 'message' in response
          ? [(response as { message: unknown }).message].flat().join('; ')
          : exception.message;
      return { status, body: operationOutcome('error', ISSUE_CODE[status] ?? 'exception', message) };
    }
    this.logger.error(`Unexpected ${exception instanceof Error ? exception.name : typeof exception} in the FHIR API`);
    return { status: 500, body: operationOutcome('fatal', 'exception', 'Internal server error') };
  }
}
