import 'reflect-metadata';
import { DomainError } from '@paysession/common';
import { ConfigError, loadConfig } from '@paysession/config';
import { runMigrations } from '@paysession/database';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli/cli.module';
import { createPino, PinoNestLogger } from './logging/pino-logger';

/**
 * `npm run --silent cli -- <command>`: stdout carries only the command's JSON; logs and
 * errors go to stderr, and a failure exits non-zero.
 */
async function main() {
  const loaded = loadConfig(process.env);
  // A CLI run is not an instance of the service: it must not claim webhook deliveries.
  const config = { ...loaded, webhooks: { ...loaded.webhooks, enabled: false }, expiry: { ...loaded.expiry, enabled: false } };
  const logger = createPino(process.env.LOG_LEVEL || 'warn', 2);
  // Like `npm start`, the embedded default brings its schema up to date before use.
  if (config.migrateOnStart && process.argv[2] !== 'migrate') await runMigrations(config);
  await CommandFactory.run(CliModule.forRoot(config), {
    logger: new PinoNestLogger(logger),
    errorHandler: (error) => {
      // commander's own exits (help, version) carry exitCode 0
      const exitCode = (error as { exitCode?: number }).exitCode ?? 1;
      process.exit(exitCode);
    },
    serviceErrorHandler: (error) => fail(error),
  });
}

function fail(error: unknown): never {
  if (error instanceof DomainError) {
    process.stderr.write(`${JSON.stringify({ error: error.message, code: error.code, field: error.field })}\n`);
  } else if (error instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${error.message}\n`);
  } else {
    process.stderr.write(`${JSON.stringify({ error: String((error as Error)?.message ?? error) })}\n`);
  }
  process.exit(1);
}

main().catch(fail);
