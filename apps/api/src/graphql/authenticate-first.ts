import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthenticatedRequest, DomainError, ErrorCode, RETRY_AFTER_SECONDS } from '@paysession/common';
import { AppConfig } from '@paysession/config';
import { asServiceUnavailable, RateLimiters } from '@paysession/database';
import { CallerAuthenticator, INVALID_KEY, MISSING_KEY, bearerToken } from '@paysession/organizations';
import { STAFF_SIGN_IN_COOKIE, StaffAuthService, StaffRequest } from '@paysession/staff';
import { parseCookie } from 'cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler, preHandlerHookHandler } from 'fastify';
import { Kind, parse } from 'graphql';

/** Tokens the sign-in document may have; it has about 30. */
const SIGN_IN_MAX_TOKENS = 200;

const SIGN_IN_ONLY = 'Sign in first: without a session, the staff API offers only the login mutation';

/**
 * Authenticates before any work (issue 15, OWASP API2/API4): a request to /graphql without a
 * valid key — missing, malformed, unknown or revoked, merchant or partner — is answered 401 from
 * Fastify's onRequest hook, before its body is read, parsed, validated or priced. On /admin-api a
 * caller without a valid session may run only the `login` mutation, in a body of at most
 * STAFF_SIGN_IN_MAX_BYTES. Callers without credentials are rate limited per client address
 * (ANONYMOUS_RATE_LIMIT_PER_MINUTE), in each instance's memory.
 *
 * The answer is GraphQL-shaped, as a GraphQL client expects (`errors[0].extensions.code`), with
 * `WWW-Authenticate: Bearer` (RFC 6750) on /graphql. The GraphiQL page (a browser's GET for
 * HTML, outside production) needs no key: it is a page, not an operation.
 */
export function authenticateFirst(app: NestFastifyApplication, config: AppConfig): void {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  const authenticator = app.get(CallerAuthenticator);
  const staffAuth = app.get(StaffAuthService);
  // In memory, per instance: counting strangers in the database would give every one of them a
  // database write to spend.
  const anonymous = app.get(RateLimiters).create({ keyPrefix: 'anonymous', points: config.anonymousRateLimitPerMinute, durationSeconds: 60, local: true });
  const explorer = config.nodeEnv !== 'production';

  /** Counts one anonymous request of the client address; answers 429 once its minute is spent. */
  const overAnonymousLimit = async (request: FastifyRequest, reply: FastifyReply, headers: Record<string, string>): Promise<boolean> => {
    const wait = await anonymous.consume(request.ip);
    if (wait === null) return false;
    refuse(reply, 429, ErrorCode.RATE_LIMITED, `Too many requests without credentials from this address; retry in ${wait} s`, { ...headers, 'retry-after': String(wait) });
    return true;
  };

  const merchant: onRequestHookHandler = async (request, reply) => {
    if (explorer && isExplorerPage(request)) return;
    const authorization = request.headers.authorization;
    let caller: Awaited<ReturnType<CallerAuthenticator['authenticate']>>;
    try {
      caller = await authenticator.authenticate(authorization);
    } catch (error) {
      return failed(request, reply, error);
    }
    if (caller) {
      (request as AuthenticatedRequest).requestContext = { ...caller, requestId: String(request.id ?? '') };
      return;
    }
    const challenge = bearerToken(authorization) ? 'Bearer error="invalid_token"' : 'Bearer';
    if (await overAnonymousLimit(request, reply, { 'www-authenticate': challenge })) return reply;
    return refuse(reply, 401, ErrorCode.UNAUTHENTICATED, bearerToken(authorization) ? INVALID_KEY : MISSING_KEY, { 'www-authenticate': challenge });
  };

  const staff: onRequestHookHandler = async (request, reply) => {
    const req = request as StaffRequest & FastifyRequest;
    // An Authorization header is refused by the StaffGuard with its own message.
    if (request.headers.authorization) return;
    let principal: Awaited<ReturnType<StaffAuthService['authenticate']>>;
    try {
      principal = await staffAuth.authenticate(parseCookie(request.headers.cookie ?? '')[STAFF_SIGN_IN_COOKIE]);
    } catch (error) {
      return failed(request, reply, error);
    }
    if (principal) {
      req.staff = principal;
      return;
    }
    if (await overAnonymousLimit(request, reply, {})) return reply;
    const length = Number(request.headers['content-length']);
    if (request.method !== 'POST' || !Number.isInteger(length)) return refuse(reply, 401, ErrorCode.UNAUTHENTICATED, SIGN_IN_ONLY, {});
    if (length > config.staffSignInMaxBytes) {
      return refuse(reply, 413, ErrorCode.UNAUTHENTICATED, `${SIGN_IN_ONLY}, in at most ${config.staffSignInMaxBytes} bytes`, {});
    }
    signInOnly.add(request);
  };

  /** Requests to /admin-api without a session, whose parsed body must be the sign-in and nothing else. */
  const signInOnly = new WeakSet<FastifyRequest>();
  const staffBody: preHandlerHookHandler = (request, reply, done) => {
    if (signInOnly.has(request) && !isSignIn((request.body as { query?: unknown } | undefined)?.query)) {
      refuse(reply, 401, ErrorCode.UNAUTHENTICATED, SIGN_IN_ONLY, {});
      return;
    }
    done();
  };

  // On the two GraphQL routes alone (registered later, at init), not on every request.
  fastify.addHook('onRoute', (route) => {
    if (route.url === '/graphql') route.onRequest = [...[route.onRequest ?? []].flat(), merchant];
    if (route.url === '/admin-api') {
      route.onRequest = [...[route.onRequest ?? []].flat(), staff];
      route.preHandler = [...[route.preHandler ?? []].flat(), staffBody];
    }
  });
}

const logger = new Logger('GraphQL');

/**
 * A credential check that could not be made. When the database is away or past its bounds, the
 * client gets SERVICE_UNAVAILABLE (503, Retry-After), as every operation does then (README,
 * Errors; issue 16); any other fault is masked as the GraphQL endpoints mask it. Both are logged
 * in full with the request id.
 */
function failed(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  logger.error({ err: error, requestId: request.id }, 'credential check failed');
  const unavailable = asServiceUnavailable(error);
  if (unavailable instanceof DomainError && unavailable.code === ErrorCode.SERVICE_UNAVAILABLE) {
    return refuse(reply, 503, ErrorCode.SERVICE_UNAVAILABLE, unavailable.message, { 'retry-after': String(RETRY_AFTER_SECONDS) });
  }
  return refuse(reply, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error', {});
}

/** A browser asking for the GraphiQL page: GET for HTML, no operation in the query string. */
function isExplorerPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET') return false;
  const query = request.query as Record<string, unknown> | undefined;
  return !query?.query && String(request.headers.accept ?? '').includes('text/html');
}

/** Whether `source` is one operation, a mutation, whose only field is `login`. */
export function isSignIn(source: unknown): boolean {
  if (typeof source !== 'string') return false;
  try {
    const document = parse(source, { maxTokens: SIGN_IN_MAX_TOKENS, noLocation: true });
    if (document.definitions.length !== 1) return false;
    const [operation] = document.definitions;
    if (operation.kind !== Kind.OPERATION_DEFINITION || operation.operation !== 'mutation') return false;
    const fields = operation.selectionSet.selections;
    return fields.length === 1 && fields[0].kind === Kind.FIELD && fields[0].name.value === 'login';
  } catch {
    return false;
  }
}

function refuse(reply: FastifyReply, status: number, code: ErrorCode, message: string, headers: Record<string, string>): FastifyReply {
  return reply
    .code(status)
    .headers({ ...headers, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
    .send(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}
