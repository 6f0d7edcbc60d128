import { Logger } from '@nestjs/common';
import { DomainError, serviceUnavailable } from '@paysession/common';
import { AppConfig } from '@paysession/config';

/**
 * Driver error codes that say the database cannot be reached or did not answer in time: the
 * request may succeed later, so the client is told SERVICE_UNAVAILABLE rather than a masked fault.
 * PROTOCOL_SEQUENCE_TIMEOUT is mysql2's statement timeout, ETIMEDOUT its connect timeout;
 * SQLITE_BUSY is another process holding the SQLite file's write lock past busy_timeout.
 */
const UNAVAILABLE = new Set([
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_CONNECTION_LOST',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'SQLITE_BUSY',
]);

/**
 * Whether a database error means "not reachable or not answering" (retryable) rather than a
 * fault of the statement: a known code, or mysql2's `fatal` error on a connection that was closed
 * (a statement sent on a connection ended after a timeout).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; fatal?: unknown; driverError?: { code?: unknown; fatal?: unknown } } | undefined;
  const code = e?.driverError?.code ?? e?.code;
  if (typeof code === 'string' && UNAVAILABLE.has(code)) return true;
  return (e?.driverError?.fatal ?? e?.fatal) === true && code === undefined;
}

/** `error` as SERVICE_UNAVAILABLE when it means the database is unavailable; otherwise `error` itself. */
export function asServiceUnavailable(error: unknown, message?: string): unknown {
  if (error instanceof DomainError || !isDatabaseUnavailable(error)) return error;
  return Object.assign(serviceUnavailable(message), { cause: error });
}

/** Bounds in milliseconds (DB_ACQUIRE_TIMEOUT_MS, DB_STATEMENT_TIMEOUT_MS). */
export type Bounds = AppConfig['dbTimeouts'];

type Callback = (error: unknown, ...results: unknown[]) => void;

/** The parts of mysql2's callback API (the one TypeORM drives) that the bounds wrap. */
interface MysqlConnection {
  query(sql: unknown, values?: unknown, callback?: unknown): unknown;
  release(): void;
  destroy(): void;
}
interface MysqlPool {
  getConnection(callback: (error: unknown, connection: MysqlConnection) => void): void;
}

const BOUNDED = Symbol('paysession.bounded');
const logger = new Logger('Database');

/**
 * Puts a bound on every wait for MariaDB on `pool` (mysql2's, as TypeORM's driver holds it):
 *
 * - getting a connection: past `acquireMs` the caller gets SERVICE_UNAVAILABLE, and a connection
 *   that turns up later goes straight back to the pool (opening a connection is bounded by the
 *   pool's `connectTimeout`, set to the same value);
 * - each statement: past `statementMs` the caller gets SERVICE_UNAVAILABLE and the connection is
 *   ended — mysql2 would otherwise leave the statement pending on it and queue the next user's
 *   behind it. Ending it sends nothing more, so the server rolls back a transaction left open on it.
 *
 * Network failures of a statement become SERVICE_UNAVAILABLE too. Applied once per pool.
 */
export function boundMysqlPool(pool: MysqlPool, bounds: Bounds): void {
  const marked = pool as MysqlPool & { [BOUNDED]?: true };
  if (marked[BOUNDED]) return;
  marked[BOUNDED] = true;
  const getConnection = pool.getConnection.bind(pool);
  pool.getConnection = (callback) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      logger.warn(`no database connection within DB_ACQUIRE_TIMEOUT_MS (${bounds.acquireMs} ms)`);
      callback(serviceUnavailable(), undefined as unknown as MysqlConnection);
    }, bounds.acquireMs);
    getConnection((error, connection) => {
      if (settled) {
        if (!error) connection.release();
        return;
      }
      settled = true;
      clearTimeout(timer);
      if (error) return callback(asServiceUnavailable(error), connection);
      callback(null, boundConnection(connection, bounds.statementMs));
    });
  };
}

function boundConnection(connection: MysqlConnection, statementMs: number): MysqlConnection {
  const marked = connection as MysqlConnection & { [BOUNDED]?: true };
  if (marked[BOUNDED]) return connection;
  marked[BOUNDED] = true;
  const query = connection.query;
  // Every transaction runs at READ COMMITTED (see Transactions): set once for the connection's
  // session, queued ahead of anything its first user sends, instead of a SET TRANSACTION round
  // trip before each START TRANSACTION. A failure here surfaces on the connection's next statement.
  query.call(connection, { sql: 'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED', timeout: statementMs }, undefined, (() => undefined) as Callback);
  connection.query = function (this: MysqlConnection, sql: unknown, values?: unknown, callback?: unknown) {
    if (typeof values === 'function') [callback, values] = [values, undefined];
    const plain = typeof sql === 'object' && sql !== null && (sql as object).constructor === Object;
    const options = typeof sql === 'string' ? { sql, timeout: statementMs } : plain && (sql as { timeout?: number }).timeout === undefined ? { ...(sql as object), timeout: statementMs } : sql;
    if (typeof callback !== 'function') return query.call(this, options, values);
    return query.call(this, options, values, ((error: unknown, ...results: unknown[]) => {
      if ((error as { code?: string } | null)?.code === 'PROTOCOL_SEQUENCE_TIMEOUT') {
        logger.warn(`a statement took longer than DB_STATEMENT_TIMEOUT_MS (${statementMs} ms); its connection is closed`);
        connection.destroy();
      }
      (callback as Callback)(error ? asServiceUnavailable(error) : error, ...results);
    }) as Callback);
  };
  return connection;
}
