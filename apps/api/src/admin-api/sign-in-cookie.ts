import { AppConfig } from '@paysession/config';
import { STAFF_SIGN_IN_COOKIE, STAFF_SIGN_IN_COOKIE_PATH } from '@paysession/staff';
import { SerializeOptions, stringifySetCookie } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The console's sign-in cookie: httpOnly (no script can read it), SameSite=Strict (never sent on a
 * request another site starts), Secure whenever the console is reached over https (directly, or
 * through a proxy trusted by TRUST_PROXY), and scoped to /admin-api, the only place that reads it.
 */
function options(req: FastifyRequest, config: AppConfig): SerializeOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.protocol === 'https' || config.publicBaseUrl.startsWith('https://'),
    path: STAFF_SIGN_IN_COOKIE_PATH,
  };
}

export function setSignInCookie(req: FastifyRequest, reply: FastifyReply, config: AppConfig, token: string, expiresAt: Date): void {
  reply.header('set-cookie', stringifySetCookie(STAFF_SIGN_IN_COOKIE, token, { ...options(req, config), expires: expiresAt }));
}

/** Tells the browser to drop the cookie: empty, and expired since 1970. */
export function clearSignInCookie(req: FastifyRequest, reply: FastifyReply, config: AppConfig): void {
  reply.header('set-cookie', stringifySetCookie(STAFF_SIGN_IN_COOKIE, '', { ...options(req, config), expires: new Date(0) }));
}
