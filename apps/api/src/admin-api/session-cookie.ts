import type { CookieSerializeOptions } from '@fastify/cookie';
import { AppConfig } from '@paysession/config';
import { STAFF_SESSION_COOKIE, STAFF_SESSION_COOKIE_PATH } from '@paysession/staff';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The console session cookie: httpOnly (no script can read it), SameSite=Strict (never sent on a
 * request another site starts), Secure whenever the console is reached over https (directly, or
 * through a proxy trusted by TRUST_PROXY), and scoped to /admin-api, the only place that reads it.
 */
function options(req: FastifyRequest, config: AppConfig): CookieSerializeOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.protocol === 'https' || config.publicBaseUrl.startsWith('https://'),
    path: STAFF_SESSION_COOKIE_PATH,
  };
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, config: AppConfig, token: string, expiresAt: Date): void {
  reply.setCookie(STAFF_SESSION_COOKIE, token, { ...options(req, config), expires: expiresAt });
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply, config: AppConfig): void {
  reply.clearCookie(STAFF_SESSION_COOKIE, options(req, config));
}
