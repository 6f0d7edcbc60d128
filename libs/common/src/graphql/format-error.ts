import { unwrapResolverError } from '@apollo/server/errors';
import { HttpException } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { DomainError, domainErrorOf } from '../errors/domain.error';
import { ErrorCode } from '../errors/error-code';
import { inputFieldPaths } from './input-field-path';

/** Codes Apollo itself assigns to a refused document or variables; their messages are safe. */
export const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

const HTTP_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.BAD_USER_INPUT,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  429: ErrorCode.RATE_LIMITED,
};

/**
 * The HTTP status of an answer whose errors carry `code`, where it is not 200 (README, Errors):
 * SERVICE_UNAVAILABLE is 503 with Retry-After, so that proxies and clients retry it as such.
 */
export const HTTP_STATUS_OF_CODE: Partial<Record<string, number>> = { [ErrorCode.SERVICE_UNAVAILABLE]: 503 };

/**
 * The one place where failures become what a client sees: domain errors (also when the database
 * driver's error carries one, as SERVICE_UNAVAILABLE does) keep their code and message, and their
 * field placed under the operation's argument (`amount` → `input.amount`, input-field-path.ts);
 * Apollo's own input errors keep theirs, with the variable path lifted into `extensions.field`
 * (the path from the argument, see input-field-path.ts); anything else is masked as
 * INTERNAL_SERVER_ERROR (the error-logging plugin logs it in full, with the request id).
 */
export function formatGraphqlError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = failureOf(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  const located = error && typeof error === 'object' ? inputFieldPaths.get(error) : undefined;
  const domain = domainErrorOf(original);
  if (domain) {
    const field = domain.field ? (located ?? domain.field) : undefined;
    return { ...base, message: domain.message, extensions: { code: domain.code, ...(field ? { field } : {}) } };
  }
  if (original instanceof HttpException) {
    const code = HTTP_CODES[original.getStatus()];
    if (code) return { ...base, message: original.message, extensions: { code } };
  }
  // A scalar that refused an inline literal surfaces as a document validation error; one that
  // refused a variable arrives here too, and its message names the input path to report.
  const cause = (error as GraphQLError)?.originalError;
  if (cause instanceof GraphQLError && cause.extensions?.code === 'BAD_USER_INPUT') {
    const field = located ?? fieldFromMessage(formatted.message);
    return { ...base, extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_CODES.has(code) && !(original instanceof Error && !(original instanceof GraphQLError))) {
    const field = code === 'BAD_USER_INPUT' ? (located ?? fieldFromMessage(formatted.message)) : undefined;
    return { ...base, extensions: { code, ...(field ? { field } : {}) } };
  }

  return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

/**
 * The fallback when no document was at hand (inputFieldPaths has the path from the argument):
 * `Variable "$input" got invalid value … at "input.invoiceRefs[0].amount"; …` → `input.invoiceRefs.0.amount`.
 */
export function fieldFromMessage(message: string): string | undefined {
  const variable = /^Variable "\$([\w]+)"/.exec(message)?.[1];
  if (!variable) return undefined;
  const at = (/ at "([^"]+)"/.exec(message)?.[1] ?? variable).replace(/\[(\d+)\]/g, '.$1');
  const missing = /Field "(\w+)" of required type/.exec(message)?.[1];
  return missing ? `${at}.${missing}` : at;
}

/** Whether a failure is one the client is told about as it is (not masked, not logged as a fault). */
export function isExpectedError(error: GraphQLError): boolean {
  const original = failureOf(error);
  if (domainErrorOf(original)) return true;
  if (original instanceof HttpException && HTTP_CODES[original.getStatus()]) return true;
  if (error.originalError instanceof GraphQLError && error.originalError.extensions?.code === 'BAD_USER_INPUT') return true;
  const code = error.extensions?.code;
  return typeof code === 'string' && CLIENT_CODES.has(code) && !(original instanceof Error && !(original instanceof GraphQLError));
}

/**
 * The failure behind `error`: a resolver's own error, or a DomainError a plugin raised before
 * execution (wrapped in a GraphQLError that carries its HTTP status, as the rate limit does).
 */
function failureOf(error: unknown): unknown {
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError && original.originalError instanceof DomainError) return original.originalError;
  return original;
}
