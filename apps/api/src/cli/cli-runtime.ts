import type { DynamicModule, INestApplicationContext, Type } from '@nestjs/common';
import { AppConfig, ConfigError, loadConfig } from '@paysession/config';
import type { Command } from 'commander';
import { printJson } from './output';

type ModuleImport = Type<unknown> | DynamicModule;

/**
 * What every command shares: the configuration (read when a command runs, so `--help` needs
 * none), the one JSON document it prints, and a Nest context of only the modules it needs.
 *
 * Commands load their code when they run (`await import(…)` in the action), so a call pays only
 * for what it uses: `migrate` boots no Nest at all, `org create` the organization, checkout
 * configuration and webhook modules over the database, and no command builds a GraphQL schema.
 */
export class CliRuntime {
  private loaded: AppConfig | null = null;

  constructor(private readonly program: Command) {}

  /** A database that is starting is waited for, one line on stderr per attempt. */
  readonly connectOptions = {
    onRetry: (reason: string, attempt: number, attempts: number) => process.stderr.write(`database not reachable (${reason}); attempt ${attempt} of ${attempts}, retrying in 3 s\n`),
  };

  /** The configuration as the servers read it, with the background workers off: a CLI run is not an instance of the service and must not claim deliveries or sweeps. */
  config(): AppConfig {
    if (!this.loaded) {
      const config = loadConfig(process.env);
      this.loaded = { ...config, webhooks: { ...config.webhooks, enabled: false }, expiry: { ...config.expiry, enabled: false } };
    }
    return this.loaded;
  }

  /**
   * Wraps a command's work: its result is printed as one JSON document on stdout, or with
   * `--get <field>` that field alone, raw, for `VAR=$(…)`. A failure is reported by `fail`.
   */
  action<A extends unknown[]>(work: (...args: A) => Promise<unknown>): (...args: A) => Promise<void> {
    return async (...args: A) => {
      const result = await work(...args);
      if (result === undefined) return;
      const field = this.program.opts<{ get?: string }>().get;
      if (!field) return printJson(result);
      const value = (result as Record<string, unknown>)[field];
      if (value === undefined || value === null) throw new CliUsageError(`--get ${field}: the result has no such field (it has ${Object.keys(result as object).join(', ')})`);
      process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
    };
  }

  /**
   * Boots configuration, the database (migrated first when DB_MIGRATE_ON_START, as `npm start`
   * does) and `modules`, runs `work`, and closes it all again.
   */
  async withModules<T>(modules: ModuleImport[], work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
    const config = this.config();
    const { checkDatabase, runMigrations } = await import('@paysession/database');
    if (config.migrateOnStart) await runMigrations(config, this.connectOptions);
    else await checkDatabase(config, this.connectOptions);
    const [{ NestFactory }, { CliModule }, { createPino, PinoNestLogger }] = await Promise.all([import('@nestjs/core'), import('./cli.module'), import('../logging/pino-logger')]);
    const logger = new PinoNestLogger(createPino(process.env.LOG_LEVEL || 'warn', 2));
    const app = await NestFactory.createApplicationContext(CliModule.forRoot(config, modules), { logger, abortOnError: false });
    try {
      return await work(app);
    } finally {
      await app.close();
    }
  }
}

/** A mistake on the command line: reported as one line, exit code 2. */
export class CliUsageError extends Error {}

/**
 * Reports a failure on stderr and exits non-zero: a domain error as JSON (`{"error","code","field"}`),
 * a configuration error as one line naming the variable, anything else as `{"error"}`.
 */
export async function fail(error: unknown): Promise<never> {
  const { DomainError } = await import('@paysession/common');
  if (error instanceof DomainError) {
    process.stderr.write(`${JSON.stringify({ error: error.message, code: error.code, field: error.field })}\n`);
  } else if (error instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${error.message}\n`);
  } else if (error instanceof CliUsageError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(2);
  } else {
    process.stderr.write(`${JSON.stringify({ error: String((error as Error)?.message ?? error) })}\n`);
  }
  process.exit(1);
}
