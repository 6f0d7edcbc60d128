import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { serviceUnavailable } from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { DataSource, EntityManager, QueryResult, QueryRunner } from 'typeorm';
import { asServiceUnavailable, boundMysqlPool } from './bounds';

const MYSQL_RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const MAX_ATTEMPTS = 3;

/** Work to do once a transaction has committed (see {@link Transactions.afterCommit}). */
export type AfterCommit = () => Promise<void>;

/**
 * A statement to run at the end of its transaction (see {@link Transactions.defer}): one built by
 * TypeORM's query builder (an insert, …) or by multiRowInsert.
 */
export interface DeferrableStatement {
  getQueryAndParameters(): [string, unknown[]];
}

/**
 * A MariaDB transaction whose START TRANSACTION goes with its first statement (see
 * Transactions.deferStart): `sent` once anything of it went to the server; `send` is the runner's
 * own `query`, which sends what it is given and nothing more.
 */
interface LazyStart {
  sent: boolean;
  send: (sql: string, parameters?: unknown[], structured?: boolean) => Promise<unknown>;
}

/** A deferred statement as built when it was deferred: SQL with `?` placeholders and their values. */
interface PendingStatement {
  sql: string;
  parameters: unknown[];
}

/**
 * Runs units of work in one explicit database transaction. Every write goes through here.
 *
 * SQLite: TypeORM's better-sqlite3 driver has one connection, and anything run on it while a
 * transaction is open joins that transaction — readers would see writes that may still roll
 * back. So writes get a connection of their own (WAL lets the read connection keep seeing only
 * what has committed), and units of work are queued one at a time (SQLite has a single writer
 * anyway, and the driver is synchronous, so two writers in one process would block the event
 * loop on each other). MariaDB: each unit gets its own pooled connection at READ COMMITTED —
 * a compare-and-set that lost must re-read the winner's committed row, which REPEATABLE READ's
 * snapshot would hide — and is retried when InnoDB picks it as a deadlock victim, since nothing
 * of it committed.
 *
 * Waits are bounded on MariaDB (bounds.ts): a unit of work that has not committed within
 * DB_TRANSACTION_TIMEOUT_MS fails with SERVICE_UNAVAILABLE and its connection is ended, so it can
 * no longer commit. Once `close()` has been called (a shutdown past its bound) no unit of work
 * commits any more: a request whose answer can no longer be written must not leave a write behind.
 */
@Injectable()
export class Transactions implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(Transactions.name);
  private tail: Promise<unknown> = Promise.resolve();
  private writer: DataSource | null = null;
  private closed = false;
  private readonly afterCommitHooks = new WeakMap<EntityManager, Map<string, AfterCommit>>();
  /** The deferred statements of each open unit of work, by its manager (see {@link defer}). */
  private readonly pending = new WeakMap<EntityManager, PendingStatement[]>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get isMysql(): boolean {
    return this.dataSource.options.type === 'mysql';
  }

  /** Every connection this instance uses (instrumentation: tests count statements on all). */
  get dataSources(): DataSource[] {
    return this.writer ? [this.dataSource, this.writer] : [this.dataSource];
  }

  async onModuleInit(): Promise<void> {
    const options = this.dataSource.options;
    if (this.isMysql) boundMysqlPool((this.dataSource.driver as unknown as { pool: Parameters<typeof boundMysqlPool>[0] }).pool, this.config.dbTimeouts);
    if (options.type !== 'better-sqlite3' || options.database === ':memory:') return;
    this.writer = new DataSource({ ...options, entities: this.dataSource.entityMetadatas.map((m) => m.target), migrations: [] });
    await this.writer.initialize();
  }

  async onModuleDestroy(): Promise<void> {
    await this.tail;
    await this.writer?.destroy();
  }

  /**
   * Runs `work` in a transaction; everything it writes commits together or not at all.
   * Throws SERVICE_UNAVAILABLE (a DomainError) when the database does not answer within its
   * bounds or after `close()`; `work`'s own errors pass through after a rollback.
   */
  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(serviceUnavailable('The server is shutting down; retry'));
    // The hooks of the attempt that commits (a retried attempt's manager is a new one).
    let hooks: Map<string, AfterCommit> | undefined;
    const gated = async (manager: EntityManager) => {
      this.pending.set(manager, []);
      const result = await work(manager);
      // SQLite: the deferred statements one after the other (a call is no round trip there);
      // MariaDB sends them together with its COMMIT (commit()).
      if (!this.isMysql) for (const { sql, parameters } of this.takePending(manager)) await manager.query(sql, parameters);
      if (this.closed) throw serviceUnavailable('The server is shutting down; retry');
      hooks = this.afterCommitHooks.get(manager);
      return result;
    };
    let committed: Promise<T>;
    if (!this.isMysql) {
      committed = this.tail.then(() => (this.writer ?? this.dataSource).transaction(gated)).catch((error) => Promise.reject(asServiceUnavailable(error)));
      // The hooks run outside the queue: they may queue units of work of their own.
      this.tail = committed.catch(() => undefined);
    } else {
      committed = this.withRetry(gated);
    }
    return committed.then(async (result) => {
      for (const hook of hooks?.values() ?? []) await hook().catch((error) => this.logger.error(error, 'an after-commit step failed'));
      return result;
    });
  }

  /**
   * Runs `hook` once the transaction of `manager` (a unit of work of {@link run}) has committed,
   * before `run` returns; never when it rolls back. Registering the same `key` twice in one
   * transaction runs the hook once. A hook's failure is logged, not thrown: the write stands.
   */
  afterCommit(manager: EntityManager, key: string, hook: AfterCommit): void {
    let hooks = this.afterCommitHooks.get(manager);
    if (!hooks) this.afterCommitHooks.set(manager, (hooks = new Map()));
    if (!hooks.has(key)) hooks.set(key, hook);
  }

  /**
   * Runs `statement` (a query builder or multiRowInsert: its SQL and parameters are built now,
   * from the values as they are now) at the end of the transaction of `manager` (a unit of work
   * of {@link run}), after the work and before COMMIT, in the order deferred. On MariaDB every deferred statement
   * of the transaction and the COMMIT go to the server in one round trip (a multi-statement
   * query), with START TRANSACTION too when the work itself sent no statement; on SQLite they
   * run one by one. The work must not read back what it deferred: nothing
   * of it is written before the work returns. A deferred statement that fails (a unique
   * violation, a deadlock) fails the unit of work as a statement run at once would, only later:
   * nothing after it runs, the transaction rolls back, and `run` rejects with that error.
   *
   * @throws Error when `manager` is not that of an open unit of work of {@link run} (the
   *   statement would never be sent).
   */
  defer(manager: EntityManager, statement: DeferrableStatement): void {
    const queue = this.pending.get(manager);
    if (!queue) throw new Error('Transactions.defer needs the manager of an open unit of work of Transactions.run');
    const [sql, parameters] = statement.getQueryAndParameters();
    queue.push({ sql, parameters });
  }

  /** Ends `manager`'s deferral: its statements, in order; later calls to {@link defer} with it throw. */
  private takePending(manager: EntityManager): PendingStatement[] {
    const queue = this.pending.get(manager) ?? [];
    this.pending.delete(manager);
    return queue;
  }

  /**
   * COMMIT on MariaDB, with the unit of work's deferred statements in front of it in one
   * multi-statement query (the pool's `multipleStatements`, database-options.ts): one round trip
   * for all of them, and START TRANSACTION at its head when the work sent nothing (`send` is the
   * runner's own `query`, see {@link deferStart}). The server runs them in order and stops at the first that fails, so COMMIT
   * is only reached when every one succeeded; otherwise the query rejects with that statement's
   * error and the transaction is still open, to be rolled back by the caller.
   */
  private async commit(runner: QueryRunner, start: LazyStart): Promise<void> {
    const pending = this.takePending(runner.manager);
    const sent = start.sent;
    if (!pending.length) return sent ? runner.commitTransaction() : this.ended(runner);
    // Nothing sent yet: the transaction starts in this same query (and is rolled back if it fails part-way).
    start.sent = true;
    const sql = [...(sent ? [] : ['START TRANSACTION']), ...pending.map((statement) => statement.sql), 'COMMIT'].join(';\n');
    await start.send(sql, pending.flatMap((statement) => statement.parameters));
    // The COMMIT went to the server inside that query, not through commitTransaction().
    this.ended(runner);
  }

  /** ROLLBACK, when anything of the transaction reached the server. */
  private async rollback(runner: QueryRunner, start: LazyStart | undefined): Promise<void> {
    if (start && !start.sent) return this.ended(runner);
    await runner.rollbackTransaction().catch(() => undefined);
  }

  /**
   * Tells TypeORM's runner its transaction is over, as commitTransaction() would have, where the
   * COMMIT was sent in a query of ours or nothing was sent at all (this app registers no TypeORM
   * subscribers, so there are no transaction events to broadcast).
   */
  private ended(runner: QueryRunner): void {
    Object.assign(runner, { isTransactionActive: false, transactionDepth: 0 });
  }

  /**
   * Opens `runner`'s transaction without a round trip of its own: START TRANSACTION goes to the
   * server in one multi-statement query with the unit of work's first statement, or, when the
   * work only defers ({@link defer}), with its deferred statements and COMMIT ({@link commit}):
   * a unit of work that only defers is one round trip in all. TypeORM's runner has no lazy start
   * of its own. Every statement of a unit of work goes through the runner's `query` (the query
   * builders, the manager and the repositories call it), so that is where START is put in front
   * of the first one, and that statement's own result is handed back in the shape TypeORM's
   * `query` gives (a multi-statement query answers with one result per statement). The runner is
   * marked as in a transaction from the start, since TypeORM's `save()` and the like open a
   * transaction of their own on a runner that is not.
   */
  private deferStart(runner: QueryRunner): LazyStart {
    const start: LazyStart = { sent: false, send: runner.query.bind(runner) as LazyStart['send'] };
    Object.assign(runner, { isTransactionActive: true, transactionDepth: 1 });
    const query = async (sql: string, parameters?: unknown[], structured = false): Promise<unknown> => {
      if (start.sent) return start.send(sql, parameters, structured);
      start.sent = true;
      const both = (await start.send(`START TRANSACTION;\n${sql}`, parameters, true)) as QueryResult;
      const raw = (both.raw as unknown[])[1] as { affectedRows?: number } | unknown[];
      if (!structured) return raw;
      // The result as TypeORM's MysqlQueryRunner.query builds it for a single statement.
      const result = new QueryResult();
      result.raw = raw;
      if (Array.isArray(raw)) result.records = raw;
      if (!Array.isArray(raw) && typeof raw?.affectedRows === 'number') result.affected = raw.affectedRows;
      return result;
    };
    Object.assign(runner, { query });
    return start;
  }

  /** From now on no unit of work commits (those in flight roll back): the last step of a shutdown past its bound. */
  close(): void {
    this.closed = true;
  }

  private async withRetry<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.bounded(work);
      } catch (error) {
        const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (error as { code?: string }).code;
        if (!code || !MYSQL_RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw error;
        this.logger.warn(`transaction retried after ${code} (attempt ${attempt})`);
      }
    }
  }

  /**
   * One MariaDB transaction that commits within DB_TRANSACTION_TIMEOUT_MS or not at all: at the
   * deadline the caller gets SERVICE_UNAVAILABLE and the connection is ended, so COMMIT can no
   * longer be sent and the server rolls the transaction back. (A COMMIT already on its way at
   * that instant may still land: the client retries a create with its Idempotency-Key.)
   */
  private async bounded<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const ms = this.config.dbTimeouts.transactionMs;
    const runner = this.dataSource.createQueryRunner();
    const end = (r: QueryRunner) => (r as unknown as { databaseConnection?: { destroy(): void } }).databaseConnection?.destroy();
    let expired = false;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        expired = true;
        end(runner);
        this.logger.warn(`a transaction took longer than DB_TRANSACTION_TIMEOUT_MS (${ms} ms); it is rolled back`);
        reject(serviceUnavailable());
      }, ms);
    });
    let start: LazyStart | undefined;
    const attempt = (async () => {
      try {
        await runner.connect();
        if (expired) throw serviceUnavailable();
        // READ COMMITTED: every pooled connection's session level (bounds.ts boundConnection).
        // START TRANSACTION goes with the work's first statement, or with its deferred statements
        // and COMMIT when it sends none of its own (deferStart).
        start = this.deferStart(runner);
        const result = await work(runner.manager);
        if (expired) throw serviceUnavailable();
        await this.commit(runner, start);
        return result;
      } catch (error) {
        if (runner.isTransactionActive && !expired) await this.rollback(runner, start);
        throw error;
      } finally {
        if (expired) end(runner);
        await runner.release();
      }
    })();
    try {
      return await Promise.race([attempt, deadline]);
    } finally {
      clearTimeout(timer);
      // After the deadline its outcome no longer matters (it can only fail).
      attempt.catch(() => undefined);
    }
  }
}
