/**
 * Domain exceptions thrown by services. They carry a stable {@link ErrorCode} and, where it helps
 * the client, the request field at fault; `DomainExceptionFilter` maps them to HTTP answers.
 */
export const ErrorCode = {
  NOT_FOUND: 'NOT_FOUND',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  VERSION_CONFLICT: 'VERSION_CONFLICT',
  DUPLICATE: 'DUPLICATE',
  ILLEGAL_TRANSITION: 'ILLEGAL_TRANSITION',
  OPEN_EPISODE_EXISTS: 'OPEN_EPISODE_EXISTS',
  EPISODE_GAP_TOO_SHORT: 'EPISODE_GAP_TOO_SHORT',
  EPISODE_CLOSED: 'EPISODE_CLOSED',
  STAFF_IN_USE: 'STAFF_IN_USE',
  SELF_LOCKOUT: 'SELF_LOCKOUT',
  FORBIDDEN_ACTION: 'FORBIDDEN_ACTION',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Base of every domain exception. */
export abstract class DomainError extends Error {
  abstract readonly status: 400 | 403 | 404 | 409;

  protected constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 404: the resource does not exist or is outside the caller's scope (never revealed which). */
export class NotFoundError extends DomainError {
  readonly status = 404;
  constructor(resource: string, id: string) {
    super(ErrorCode.NOT_FOUND, `${resource} ${id} not found`);
  }
}

/** 400: a request value is invalid; `field` names it (e.g. `administeredOn`, `answers.phq9_3`). */
export class ValidationError extends DomainError {
  readonly status = 400;
  constructor(field: string, message: string) {
    super(ErrorCode.VALIDATION_FAILED, message, field);
  }
}

/** 409: the request conflicts with the current state (duplicate, illegal transition, …). */
export class ConflictError extends DomainError {
  readonly status = 409;
  constructor(code: ErrorCode, message: string, field?: string) {
    super(code, message, field);
  }
}

/** 409 for optimistic concurrency: the client edited a version that is no longer current. */
export class VersionConflictError extends ConflictError {
  constructor(resource: string, current: number, sent: number) {
    super(
      ErrorCode.VERSION_CONFLICT,
      `${resource} was changed by someone else (version ${current}, you sent ${sent}); reload and retry`,
      'version',
    );
  }
}

/** 403 for an action the caller's role allows in general but not on this record. */
export class ForbiddenActionError extends DomainError {
  readonly status = 403;
  constructor(message: string) {
    super(ErrorCode.FORBIDDEN_ACTION, message);
  }
}
