import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

const SAFE_REQUEST_ID = /^[\w.-]{1,64}$/;

/** Routes scrapers and load balancers poll: logging them would drown the requests that matter. */
const QUIET_ROUTES = new Set(['/health', '/metrics']);

/**
 * The request id: the caller's `X-Request-Id` when it is sane (1–64 word characters, dots or
 * dashes), otherwise a fresh UUID. Fastify calls it once per request (`genReqId`).
 */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Echoes the request id in `X-Request-Id` (so merchants can quote it to support) and writes one
 * JSON line per finished request — `{ req: { id, method, url }, res: { statusCode }, responseTime }`
 * in milliseconds — at error level for 5xx. /health and /metrics are not logged.
 */
export function logRequests(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('X-Request-Id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    if (!QUIET_ROUTES.has(request.routeOptions.url ?? '')) {
      const line = { req: { id: request.id, method: request.method, url: request.url }, res: { statusCode: reply.statusCode }, responseTime: Math.round(reply.elapsedTime) };
      if (reply.statusCode >= 500) logger.error(line, 'request errored');
      else logger.info(line, 'request completed');
    }
    done();
  });
}
