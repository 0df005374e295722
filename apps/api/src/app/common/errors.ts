/**
 * The API's one error vocabulary. Services, guards and param decorators throw {@link DomainError}s
 * only (never Nest's HTTP exceptions); each carries a stable {@link ErrorCode} whose HTTP status is
 * fixed in {@link ERROR_STATUS}, and, where it helps the client, the request field at fault. The one
 * global `DomainExceptionFilter` maps them to `{ statusCode, error, message, code, field }`.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  NOT_CONFIGURED: 'NOT_CONFIGURED',
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

/** The HTTP statuses domain errors answer with. */
export type DomainErrorStatus = 400 | 401 | 403 | 404 | 409;

/** The status of every code (exhaustive: a new code does not compile without one). */
export const ERROR_STATUS = {
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  FORBIDDEN_ACTION: 403,
  NOT_FOUND: 404,
  NOT_CONFIGURED: 404,
  VALIDATION_FAILED: 400,
  VERSION_CONFLICT: 409,
  DUPLICATE: 409,
  ILLEGAL_TRANSITION: 409,
  OPEN_EPISODE_EXISTS: 409,
  EPISODE_GAP_TOO_SHORT: 409,
  EPISODE_CLOSED: 409,
  STAFF_IN_USE: 409,
  SELF_LOCKOUT: 409,
} as const satisfies Record<ErrorCode, DomainErrorStatus>;

/** The codes answered with 409 (what a {@link ConflictError} may carry). */
export type ConflictCode = { [K in ErrorCode]: (typeof ERROR_STATUS)[K] extends 409 ? K : never }[ErrorCode];

/** Base of every domain exception; its status follows from its code ({@link ERROR_STATUS}). */
export abstract class DomainError extends Error {
  readonly status: DomainErrorStatus;

  protected constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    /** Extra keys of the answer body (e.g. an import's row-level errors); never PHI. */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = new.target.name;
    this.status = ERROR_STATUS[code];
  }
}

/** 401: no valid session (missing or expired token, ended session, wrong credentials). */
export class UnauthenticatedError extends DomainError {
  constructor(message: string) {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}

/** 403: the caller's role does not grant the route's permission (or the route declares none). */
export class PermissionDeniedError extends DomainError {
  constructor(message: string) {
    super(ErrorCode.PERMISSION_DENIED, message);
  }
}

/** 404: an optional feature (e.g. single sign-on) is not configured on this server. */
export class NotConfiguredError extends DomainError {
  constructor(feature: string) {
    super(ErrorCode.NOT_CONFIGURED, `${feature} is not configured`);
  }
}

/** 404: the resource does not exist or is outside the caller's scope (never revealed which). */
export class NotFoundError extends DomainError {
  constructor(resource: string, id: string) {
    super(ErrorCode.NOT_FOUND, `${resource} ${id} not found`);
  }
}

/** 400: a request value is invalid; `field` names it (e.g. `administeredOn`, `answers.phq9_3`). */
export class ValidationError extends DomainError {
  constructor(field: string, message: string, details?: Readonly<Record<string, unknown>>) {
    super(ErrorCode.VALIDATION_FAILED, message, field, details);
  }
}

/** 404: a self-report link or kiosk code that is unknown, used or expired (one answer for all three). */
export class LinkNotValidError extends DomainError {
  constructor(message: string) {
    super(ErrorCode.NOT_FOUND, message);
  }
}

/** 409: the request conflicts with the current state (duplicate, illegal transition, …). */
export class ConflictError extends DomainError {
  constructor(code: ConflictCode, message: string, field?: string) {
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
  constructor(message: string) {
    super(ErrorCode.FORBIDDEN_ACTION, message);
  }
}
