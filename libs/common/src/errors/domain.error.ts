import { IntrinsicException } from '@nestjs/common';
import { ErrorCode } from './error-code';

/**
 * An expected failure that the caller can act on. Services throw it; the GraphQL edge maps
 * `code` to `extensions.code` and `field` to `extensions.field`. It never carries a stack to
 * the client. An IntrinsicException, so that Nest's exception handler does not log it as an
 * error with a stack (issue 15: 2,283 such lines for 1,500 fuzzed requests); the GraphQL
 * error-logging plugin writes one info line for it instead.
 */
export class DomainError extends IntrinsicException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, field?: string) => new DomainError(ErrorCode.NOT_FOUND, `${what} not found`, field);
export const badInput = (field: string, message: string) => new DomainError(ErrorCode.BAD_USER_INPUT, message, field);
export const invalidState = (message: string) => new DomainError(ErrorCode.INVALID_STATE, message);
export const conflict = (message: string) => new DomainError(ErrorCode.CONFLICT, message);

/** Seconds a client is asked to wait (Retry-After) before retrying after SERVICE_UNAVAILABLE. */
export const RETRY_AFTER_SECONDS = 2;

/** The database did not answer in time or could not be reached: retryable, HTTP 503 at the edge. */
export const serviceUnavailable = (message = 'The database is not answering; retry shortly') => new DomainError(ErrorCode.SERVICE_UNAVAILABLE, message);

/**
 * The DomainError that `error` is or carries: a database driver's error wrapped by the ORM
 * (TypeORM keeps it as `driverError`) or any error's `cause`. Null when there is none.
 */
export function domainErrorOf(error: unknown): DomainError | null {
  for (let e = error as { driverError?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (e instanceof DomainError) return e;
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return null;
}
