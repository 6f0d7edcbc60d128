import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { InputValidationPipe } from '@paysession/common';
import { AppConfig } from '@paysession/config';
import { runMigrations } from '@paysession/database';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import { mountAdminConsole } from './admin-api/admin-console';
import { AppModule } from './app.module';
import { createPino, PinoNestLogger } from './logging/pino-logger';
import { requestLogging } from './logging/request-logging';

/**
 * Builds the whole application for `config`, as `npm start` runs it and as the e2e tests boot
 * it: migrations (when enabled), middleware, the validation pipe. The caller listens.
 */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const pino = createPino(config.logLevel);
  if (config.migrateOnStart) {
    const applied = await runMigrations(config);
    if (applied.length) pino.info({ applied }, 'migrations applied');
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: new PinoNestLogger(pino),
    bodyParser: true,
    rawBody: false,
    // Keep-alive sockets are closed on shutdown once their in-flight request has finished.
    forceCloseConnections: false,
    // Throw instead of exiting the process, so callers (main, tests) decide what a failure means.
    abortOnError: false,
  });
  app.disable('x-powered-by');
  // Behind a load balancer: the client address (login rate limits) and https (Secure cookies).
  app.set('trust proxy', config.trustProxy);
  // Room for a session with many invoices and line items; anything larger is refused with 413.
  app.useBodyParser('json', { limit: '2mb' });
  app.use(requestLogging(pino));
  // The staff console's session cookie (read by the staff guard on /admin-api only).
  app.use(cookieParser());
  mountAdminConsole(app, config.staff.consoleDir);
  // The example request of the ClientLoop seed (docs/seeds/clientloop-update-payment-session.txt) POSTs to the root;
  // serve it from the GraphQL endpoint.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    if (req.method === 'POST' && (req.url === '/' || req.url.startsWith('/?'))) req.url = `/graphql${req.url.slice(1)}`;
    next();
  });
  app.useGlobalPipes(new InputValidationPipe());
  return app;
}
