import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from '@paysession/config';
import { createApp } from './bootstrap';
import { shutDown } from './shutdown';

async function main() {
  const config = loadConfig(process.env);
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const logger = new Logger('Paysession');
  // The bound port, which PORT=0 leaves to the system.
  const port = (app.getHttpServer().address() as { port: number }).port;
  logger.log(`listening on http://localhost:${port} (${config.database.type})`);
  // Phased shutdown (shutdown.ts); Nest's own signal hooks would re-raise the signal instead.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      shutDown(app, config, signal).then(
        () => process.exit(0),
        (error) => {
          logger.error(error, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error) => {
  // A bad setting (or a DATABASE_URL the database refuses) is one line naming the variable.
  if (error instanceof ConfigError) process.stderr.write(`Configuration error: ${error.message}\n`);
  else process.stderr.write(`Failed to start: ${error?.stack ?? error}\n`);
  process.exit(1);
});
