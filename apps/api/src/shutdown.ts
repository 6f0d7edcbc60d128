import { INestApplication, Logger } from '@nestjs/common';
import { AppConfig } from '@paysession/config';
import { Transactions } from '@paysession/database';
import { Readiness } from './health/readiness';
import { HttpDrain } from './http/http-drain';

const logger = new Logger('Shutdown');

/**
 * The phased shutdown of a server process on SIGTERM (README, Operations):
 *
 * 1. report not-ready: GET /health answers 503;
 * 2. stop accepting connections; answer every request already read, and any that still arrives
 *    on an open connection, with `Connection: close`;
 * 3. let requests in flight finish, for at most SHUTDOWN_TIMEOUT_MS; past it, nothing commits any
 *    more (so no request commits without its answer written) and the connections are closed;
 * 4. close the application: the expiry sweep and the webhook worker stop after their current
 *    batch, then the database pool closes.
 *
 * Resolves when all of it is done; the caller exits.
 */
export async function shutDown(app: INestApplication, config: AppConfig, signal: string): Promise<void> {
  const drain = HttpDrain.of(app.getHttpServer());
  logger.log(`${signal}: shutting down; ${drain.inFlight} request(s) in flight, waiting up to ${config.shutdownTimeoutMs} ms`);
  app.get(Readiness).shutDown();
  const drained = await drain.drain(config.shutdownTimeoutMs, () => app.get(Transactions).close());
  if (!drained) logger.warn(`requests still running after SHUTDOWN_TIMEOUT_MS (${config.shutdownTimeoutMs} ms) were cut off; none of them committed after that`);
  await app.close();
  logger.log('shut down');
}
