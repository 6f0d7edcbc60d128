import type { FastifyInstance } from 'fastify';

/**
 * The headers every page we serve carries (the staff console, GraphiQL): its
 * Content-Security-Policy (directives joined), no framing by other sites, no content sniffing,
 * no Referer to elsewhere.
 */
export function securityHeaders(contentSecurityPolicy: string[]): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy.join('; '),
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

/** Puts `headers` on every answer of a Fastify scope (the routes a plugin registers). */
export function answerWithHeaders(scope: FastifyInstance, headers: Record<string, string>): void {
  scope.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
