import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppConfig, ConfigError } from '@paysession/config';
import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

/**
 * TypeORM options for the configured database. Never `synchronize`: the schema is the
 * migrations, on SQLite and MariaDB alike.
 */
export function databaseOptions(config: AppConfig): DataSourceOptions {
  const common = { migrations: MIGRATIONS, synchronize: false, migrationsRun: false, logging: false } as const;
  if (config.database.type === 'sqlite') {
    const file = config.database.path;
    if (file !== ':memory:') {
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
      } catch (error) {
        throw new ConfigError('DATABASE_URL', `names a SQLite file whose directory cannot be created (${path.dirname(file)}): ${(error as Error).message}`);
      }
    }
    return {
      ...common,
      type: 'better-sqlite3',
      database: file,
      // WAL lets readers proceed beside the writer; busy_timeout rides out a CLI writing at once.
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('busy_timeout = 5000');
        db.pragma('foreign_keys = ON');
        db.pragma('synchronous = NORMAL');
      },
    };
  }
  return {
    ...common,
    type: 'mysql',
    url: config.database.url,
    charset: 'utf8mb4',
    timezone: 'Z',
    poolSize: config.dbPoolSize,
    // trace: false spares mysql2 capturing a stack trace for every query (it only improves the
    // stack of a failed query's error; TypeORM's QueryFailedError names the query anyway).
    // connectTimeout bounds opening a connection (a frozen server accepts the TCP connection but
    // never greets); the other waits are bounded in bounds.ts.
    // multipleStatements: a transaction's deferred inserts and its COMMIT go to the server as one
    // query, one round trip (Transactions.defer). Its risk is what an injection could do: with it,
    // SQL smuggled into a statement's text could append statements of its own. Every statement
    // here is built with placeholders (TypeORM's query builder; mysql2 escapes each value into its
    // `?`), and the only values written into SQL text are constants and integers the code
    // computes, so there is no text to smuggle through; keep it that way (README, Security).
    extra: {
      connectionLimit: config.dbPoolSize,
      waitForConnections: true,
      enableKeepAlive: true,
      trace: false,
      connectTimeout: config.dbTimeouts.acquireMs,
      multipleStatements: true,
    },
  };
}
