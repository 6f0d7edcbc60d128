import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { InputValidationPipe } from '@paysession/common';
import { AppConfig } from '@paysession/config';
import { checkDatabase, runMigrations } from '@paysession/database';
import { mountAdminConsole } from './admin-api/admin-console';
import { AppModule } from './app.module';
import { authenticateFirst } from './graphql/authenticate-first';
import { mountGraphiql } from './graphql/graphiql';
import { HttpDrain } from './http/http-drain';
import { createPino, PinoNestLogger } from './logging/pino-logger';
import { logRequests, requestIdOf } from './logging/request-logging';

/** Room for a session with many invoices and line items; anything larger is refused with 413. */
const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/**
 * The example request of the ClientLoop seed (docs/seeds/clientloop-update-payment-session.txt)
 * POSTs to the root: serve it from the GraphQL endpoint. Fastify rewrites the URL before routing,
 * so the request is /graphql from then on (logs included).
 */
function rootPostToGraphql(req: { method?: string; url?: string }): string {
  const url = req.url ?? '/';
  return req.method === 'POST' && (url === '/' || url.startsWith('/?')) ? `/graphql${url.slice(1)}` : url;
}

/**
 * TRUST_PROXY for Fastify. A hop count trusts that many proxies in front of us, as Express did
 * (Fastify itself refuses a bare number); addresses, subnets and booleans pass as they are.
 */
function trustProxy(value: AppConfig['trustProxy']): boolean | string | ((address: string, hop: number) => boolean) {
  if (typeof value !== 'number') return value;
  return (_address, hop) => hop < value;
}

/**
 * Builds the whole application for `config`, as `npm start` runs it and as the e2e tests boot
 * it: migrations (when enabled), the HTTP platform (Fastify), the validation pipe. The caller
 * listens.
 */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const pino = createPino(config.logLevel);
  // A DATABASE_URL that cannot work stops here with one line; a database still starting is waited for.
  const connect = { onRetry: (reason: string, attempt: number, attempts: number) => pino.warn(`database not reachable (${reason}); attempt ${attempt} of ${attempts}, retrying in 3 s`) };
  if (config.migrateOnStart) {
    const applied = await runMigrations(config, connect);
    if (applied.length) pino.info({ applied }, 'migrations applied');
  } else {
    await checkDatabase(config, connect);
  }
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // Behind a load balancer: the client address (login rate limits) and https (Secure cookies).
    trustProxy: trustProxy(config.trustProxy),
    genReqId: requestIdOf,
    rewriteUrl: rootPostToGraphql,
    // Fastify's logger stays off: our own hook writes one line per request (request-logging.ts).
    logger: false,
    // No Express-style middleware here (hooks and plugins do that work), so Nest need not run
    // @fastify/middie's matcher on every request.
    skipMiddie: true,
  });
  logRequests(adapter.getInstance(), pino);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(pino),
    bodyParser: true,
    rawBody: false,
    // Connections are drained before the application closes (HttpDrain, main.ts).
    forceCloseConnections: false,
    // Throw instead of exiting the process, so callers (main, tests) decide what a failure means.
    abortOnError: false,
  });
  // Before the GraphQL routes exist (they are registered at init): the hook attaches to them.
  authenticateFirst(app, config);
  // Connections and the requests on each, for a shutdown that drains (main.ts).
  HttpDrain.attach(app.getHttpServer());
  await mountAdminConsole(app, config.staff.consoleDir);
  // GraphiQL at GET /graphql, for developers; production serves neither page nor files.
  if (config.nodeEnv !== 'production') await mountGraphiql(app);
  app.useGlobalPipes(new InputValidationPipe());
  return app;
}
