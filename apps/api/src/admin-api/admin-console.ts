import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/**
 * What the console's pages may load: only their own files and the admin API. Styles allow inline
 * because MUI (emotion) injects <style> tags; images allow https for merchants' logos.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/**
 * Serves the built staff console (apps/admin/dist) at /admin: its files, and index.html for any
 * other /admin/* path so that the browser router's deep links survive a reload. Until the console
 * is built, /admin says how to build it.
 */
export function mountAdminConsole(app: NestExpressApplication, dir: string): void {
  const index = path.join(dir, 'index.html');
  app.use('/admin', (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });
  app.useStaticAssets(dir, {
    prefix: '/admin',
    index: false,
    // File names under assets/ carry a content hash: they never change, so browsers may keep them.
    setHeaders: (res: Response, file: string) =>
      res.setHeader('Cache-Control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  app.use('/admin', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path.startsWith('/assets/')) return next();
    if (!fs.existsSync(index)) {
      res.status(503).type('text/plain').send('The staff console is not built yet: run `npm run build:admin` (npm start does it for you).\n');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
