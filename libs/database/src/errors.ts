import { ConfigError, DatabaseConfig } from '@paysession/config';

/** True when a write failed on a unique or primary key, on MariaDB/MySQL or SQLite. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const code = e.driverError?.code ?? e.code;
  const errno = e.driverError?.errno ?? e.errno;
  return code === 'ER_DUP_ENTRY' || errno === 1062 || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** MariaDB/MySQL refusals that no amount of waiting will change: credentials, grants, the database name. */
const MYSQL_FATAL: Record<string, (message: string, database: string) => string> = {
  ER_ACCESS_DENIED_ERROR: (m) => `was refused by the server: ${m} (check the user and password in mysql://user:pass@host:3306/db)`,
  ER_ACCESS_DENIED_NO_PASSWORD_ERROR: (m) => `was refused by the server: ${m} (check the user and password in mysql://user:pass@host:3306/db)`,
  ER_DBACCESS_DENIED_ERROR: (m) => `was refused by the server: ${m} (grant the user access to the database)`,
  ER_NOT_SUPPORTED_AUTH_MODE: (m) => `was refused by the server: ${m}`,
  ER_BAD_DB_ERROR: (m, db) => `names a database that does not exist: ${m} (create it: CREATE DATABASE \`${db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci)`,
};

/** Failures to reach the database that may pass: it is starting, restarting, or busy. */
const TRANSIENT = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'PROTOCOL_CONNECTION_LOST', 'ER_CON_COUNT_ERROR', 'ER_SERVER_SHUTDOWN', 'SQLITE_BUSY']);

function codeOf(error: unknown): string | undefined {
  const e = error as { code?: string; driverError?: { code?: string } };
  return e?.driverError?.code ?? e?.code;
}

/**
 * A connection failure that waiting cannot fix (wrong credentials, an unknown database, a
 * SQLite file that cannot be opened) as a ConfigError naming DATABASE_URL, so the start stops
 * at once with one line; null for anything else.
 */
export function fatalConnectionError(error: unknown, database: DatabaseConfig): ConfigError | null {
  const code = codeOf(error);
  const message = String((error as Error)?.message ?? error);
  if (code && MYSQL_FATAL[code]) {
    const name = database.type === 'mysql' ? decodeURIComponent(new URL(database.url).pathname.slice(1)) : '';
    return new ConfigError('DATABASE_URL', MYSQL_FATAL[code](message, name));
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_NOTADB') {
    return new ConfigError('DATABASE_URL', `names a SQLite file that cannot be used (${database.type === 'sqlite' ? database.path : ''}): ${message}`);
  }
  return null;
}

/** Whether a failed connection attempt is worth repeating (the database may come up). */
export function isTransientConnectionError(error: unknown): boolean {
  const code = codeOf(error);
  return !!code && TRANSIENT.has(code);
}
