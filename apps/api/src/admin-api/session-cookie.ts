import { AppConfig } from '@paysession/config';
import { STAFF_SESSION_COOKIE, STAFF_SESSION_COOKIE_PATH } from '@paysession/staff';
import type { CookieOptions, Request, Response } from 'express';

/**
 * The console session cookie: httpOnly (no script can read it), SameSite=Strict (never sent on a
 * request another site starts), Secure whenever the console is reached over https, and scoped
 * to /admin-api, the only place that reads it.
 */
function options(req: Request, config: AppConfig): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure || config.publicBaseUrl.startsWith('https://'),
    path: STAFF_SESSION_COOKIE_PATH,
  };
}

export function setSessionCookie(req: Request, res: Response, config: AppConfig, token: string, expiresAt: Date): void {
  res.cookie(STAFF_SESSION_COOKIE, token, { ...options(req, config), expires: expiresAt });
}

export function clearSessionCookie(req: Request, res: Response, config: AppConfig): void {
  res.clearCookie(STAFF_SESSION_COOKIE, options(req, config));
}
