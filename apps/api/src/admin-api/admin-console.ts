import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { answerWithHeaders, securityHeaders } from '../http/security-headers';

/**
 * What the console's pages may load: only their own files and the admin API. Styles allow inline
 * because MUI (emotion) injects <style> tags; images allow https for merchants' logos.
 */
const SECURITY_HEADERS = securityHeaders([
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
]);

const NOT_BUILT = 'The staff console is not built yet: run `npm run build:admin` (npm start does it for you).\n';

/**
 * Serves the built staff console (apps/admin/dist) at /admin: its files, and index.html for any
 * other GET /admin/* path (but assets/) so that the browser router's deep links survive a reload.
 * Until the console is built, those pages say how to build it (503). Every answer under /admin
 * carries the security headers above.
 */
export async function mountAdminConsole(app: NestFastifyApplication, dir: string): Promise<void> {
  const root = path.resolve(dir);
  const index = path.join(root, 'index.html');
  await app.register(
    async (scope: FastifyInstance) => {
      answerWithHeaders(scope, SECURITY_HEADERS);
      await scope.register(fastifyStatic, {
        root,
        prefix: '/',
        index: false,
        cacheControl: false,
        // The console may be built after the server started (npm run build:admin).
        suppressWarning: true,
        // Directories (/admin/ itself) are pages of the app, answered below.
        allowedPath: (pathname) => !pathname.endsWith('/'),
        // File names under assets/ carry a content hash: they never change, so browsers may keep them.
        setHeaders: (reply, file) => {
          reply.header('Cache-Control', file.startsWith(path.join(root, 'assets') + path.sep) ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      });
      // Anything the files do not answer: the SPA's deep links get index.html.
      scope.setNotFoundHandler((request, reply) => {
        const below = request.url.slice('/admin'.length).split('?')[0];
        if ((request.method !== 'GET' && request.method !== 'HEAD') || below.startsWith('/assets/')) {
          return reply.code(404).type('text/plain').send('Not found\n');
        }
        if (!fs.existsSync(index)) return reply.code(503).type('text/plain').send(NOT_BUILT);
        reply.code(200).header('Cache-Control', 'no-cache');
        return reply.sendFile('index.html', root);
      });
    },
    { prefix: '/admin' },
  );
}
