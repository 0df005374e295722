import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { ApiErrorBody } from '@huddle/shared-types';
import { DomainError, type DomainErrorStatus } from './errors';

const REASON: Record<DomainErrorStatus, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
};

/**
 * The one mapping of {@link DomainError}s to HTTP: `{ statusCode, error, message, code, field }`, the
 * status following from the code. Registered once, globally (`configureApp`); other errors (request
 * validation by the `ValidationPipe`, unknown routes) keep Nest's answers.
 */
@Catch(DomainError)
export class DomainExceptionFilter implements ExceptionFilter<DomainError> {
  catch(exception: DomainError, host: ArgumentsHost): void {
    const body: ApiErrorBody = {
      ...exception.details,
      statusCode: exception.status,
      error: REASON[exception.status],
      message: exception.message,
      code: exception.code,
      ...(exception.field === undefined ? {} : { field: exception.field }),
    };
    void host
      .switchToHttp()
      .getResponse<{ code(statusCode: number): { send(payload: unknown): unknown } }>()
      .code(exception.status)
      .send(body);
  }
}
