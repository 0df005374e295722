import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { ApiErrorBody } from '@huddle/shared-types';
import { DomainError } from './errors';

const REASON: Record<DomainError['status'], string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
};

/** Maps {@link DomainError}s to `{ statusCode, error, message, code, field }`. Other errors pass through. */
@Catch(DomainError)
export class DomainExceptionFilter implements ExceptionFilter<DomainError> {
  catch(exception: DomainError, host: ArgumentsHost): void {
    const body: ApiErrorBody = {
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
