/**
 * kefu's error family: a stable machine `code`, an HTTP status, a human message.
 * One error handler (plugins/app/error-handler.ts) turns them into responses.
 */
export abstract class CtiError extends Error {
  abstract readonly code: string;
  abstract readonly statusCode: number;
}

export class NotFoundError extends CtiError {
  readonly code = 'NOT_FOUND';
  readonly statusCode = 404;
  constructor(what: string, id: string) {
    super(`${what} ${id} not found`);
  }
}

export class ForbiddenError extends CtiError {
  readonly code = 'FORBIDDEN';
  readonly statusCode = 403;
}

export class UnauthorizedError extends CtiError {
  readonly code = 'UNAUTHORIZED';
  readonly statusCode = 401;
}

export class BadRequestError extends CtiError {
  readonly code: string;
  readonly statusCode = 400;
  constructor(message: string, code = 'BAD_REQUEST') {
    super(message);
    this.code = code;
  }
}

export class ConflictError extends CtiError {
  readonly code = 'CONFLICT';
  readonly statusCode = 409;
}

/** Throttled (login guessing): the route sets `Retry-After` on the reply before throwing it. */
export class TooManyRequestsError extends CtiError {
  readonly code = 'TOO_MANY_ATTEMPTS';
  readonly statusCode = 429;
}
