import fastifyStatic from '@fastify/static';
import type { ApolloServerPlugin } from '@apollo/server';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { answerWithHeaders, securityHeaders } from '../http/security-headers';

/** The built explorer (`npm run build:graphiql`, apps/graphiql), relative to the working directory like the console. */
export const GRAPHIQL_DIR = path.resolve('apps/graphiql/dist');

/** Where its files are served; the page at GET /graphql loads them from here. */
const ASSETS_PREFIX = '/graphiql/';

/**
 * What the explorer's page may load: its own scripts and workers (Monaco's editors run in
 * workers), its styles (Monaco injects <style> tags, hence 'unsafe-inline' for styles only),
 * its font, and requests to our own origin. Nothing from anywhere else: it runs offline.
 */
const SECURITY_HEADERS = securityHeaders([
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
]);

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
}

/** The page: the entry script and every stylesheet it needs up front, from Vite's manifest. */
export function graphiqlPage(dir: string = GRAPHIQL_DIR): string {
  const manifestFile = path.join(dir, '.vite', 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    return page('<p>GraphiQL is not built yet: run <code>npm run build:graphiql</code> (<code>npm start</code> and <code>npm run dev</code> build it for you), then reload.</p>', []);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk>;
  const entry = manifest['src/main.tsx'];
  const css = new Set<string>();
  const visit = (chunk: ManifestChunk | undefined) => {
    for (const file of chunk?.css ?? []) css.add(file);
    for (const name of chunk?.imports ?? []) visit(manifest[name]);
  };
  visit(entry);
  const head = [...[...css].map((file) => `<link rel="stylesheet" href="${ASSETS_PREFIX}${file}">`), `<script type="module" src="${ASSETS_PREFIX}${entry.file}"></script>`];
  return page('<div id="graphiql"></div>', head);
}

function page(body: string, head: string[]): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Paysession · GraphiQL</title>',
    ...head,
    '</head>',
    `<body>${body}</body>`,
    '</html>',
  ].join('\n');
}

/**
 * Apollo's landing-page hook: a browser's GET /graphql (Accept: text/html) gets our GraphiQL page
 * instead of Apollo's own, which would load from a CDN. Rendered per request, so a build made
 * while the server runs is picked up on reload.
 */
export function graphiqlLandingPage(dir: string = GRAPHIQL_DIR): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html: async () => graphiqlPage(dir) };
        },
      };
    },
  };
}

/**
 * Serves the explorer's files under /graphiql/ and puts the security headers on GET /graphql
 * (the page). Only outside production, where the landing page is on.
 */
export async function mountGraphiql(app: NestFastifyApplication, dir: string = GRAPHIQL_DIR): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  // On the GraphQL route alone (registered later, at init), not as a hook on every request.
  fastify.addHook('onRoute', (route) => {
    if (route.url !== '/graphql' || ![route.method].flat().includes('GET')) return;
    const pageHeaders: onRequestHookHandler = (request, reply, done) => {
      if (request.method === 'GET') reply.headers(SECURITY_HEADERS);
      done();
    };
    route.onRequest = [...[route.onRequest ?? []].flat(), pageHeaders];
  });
  await app.register(
    async (scope: FastifyInstance) => {
      answerWithHeaders(scope, SECURITY_HEADERS);
      await scope.register(fastifyStatic, {
        root: dir,
        prefix: '/',
        index: false,
        // It may be built after the server started (npm run build:graphiql).
        suppressWarning: true,
        // Only the hashed bundle files: they never change, so browsers may keep them.
        allowedPath: (pathname) => pathname.startsWith('/assets/'),
        setHeaders: (reply) => reply.header('Cache-Control', 'public, max-age=31536000, immutable'),
      });
    },
    { prefix: ASSETS_PREFIX.slice(0, -1) },
  );
}
