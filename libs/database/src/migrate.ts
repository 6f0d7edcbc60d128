import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '@paysession/config';
import { DataSource } from 'typeorm';
import { databaseOptions } from './database-options';
import { fatalConnectionError, isTransientConnectionError } from './errors';

const LOCK = 'paysession_migrations';

/** How a start waits for a database that is not up yet: 10 attempts, 3 s apart (about 30 s). */
export interface ConnectOptions {
  attempts?: number;
  delayMs?: number;
  /** Told about each failed attempt that will be repeated (one log line, not a stack trace). */
  onRetry?: (reason: string, attempt: number, attempts: number) => void;
}

/**
 * Opens a DataSource on the configured database. A failure that may pass (refused connection,
 * unknown host, too many connections) is retried; one that cannot (credentials, unknown
 * database, unusable SQLite file) throws at once a ConfigError naming DATABASE_URL.
 */
export async function openDataSource(config: AppConfig, options: ConnectOptions = {}): Promise<DataSource> {
  const attempts = options.attempts ?? 10;
  for (let attempt = 1; ; attempt++) {
    const dataSource = new DataSource(databaseOptions(config));
    try {
      return await dataSource.initialize();
    } catch (error) {
      const fatal = fatalConnectionError(error, config.database);
      if (fatal) throw fatal;
      if (!isTransientConnectionError(error) || attempt >= attempts) throw error;
      options.onRetry?.(String((error as Error).message ?? error), attempt, attempts);
      await sleep(options.delayMs ?? 3000);
    }
  }
}

/** Checks that the database answers (see openDataSource), so a bad DATABASE_URL stops a start before anything else. */
export async function checkDatabase(config: AppConfig, options: ConnectOptions = {}): Promise<void> {
  await (await openDataSource(config, options)).destroy();
}

/**
 * Applies pending migrations and returns their names. On MariaDB a named lock keeps two
 * instances starting at once from running the same migration twice.
 */
export async function runMigrations(config: AppConfig, options: ConnectOptions = {}): Promise<string[]> {
  const dataSource = await openDataSource(config, options);
  const mysql = dataSource.options.type === 'mysql';
  const runner = dataSource.createQueryRunner();
  try {
    if (mysql) {
      const [row] = await runner.query('SELECT GET_LOCK(?, 120) AS got', [LOCK]);
      if (Number(row.got) !== 1) throw new Error('could not take the migration lock within 120 s');
    }
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    if (mysql) await runner.query('SELECT RELEASE_LOCK(?)', [LOCK]).catch(() => undefined);
    await runner.release();
    await dataSource.destroy();
  }
}
