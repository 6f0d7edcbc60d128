import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { serviceUnavailable } from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { asServiceUnavailable, boundMysqlPool } from './bounds';

const MYSQL_RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const MAX_ATTEMPTS = 3;

/** Work to do once a transaction has committed (see {@link Transactions.afterCommit}). */
export type AfterCommit = () => Promise<void>;

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
      const result = await work(manager);
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
    const attempt = (async () => {
      try {
        await runner.connect();
        if (expired) throw serviceUnavailable();
        // READ COMMITTED: every pooled connection's session level (bounds.ts boundConnection).
        await runner.startTransaction();
        const result = await work(runner.manager);
        if (expired) throw serviceUnavailable();
        await runner.commitTransaction();
        return result;
      } catch (error) {
        if (runner.isTransactionActive && !expired) await runner.rollbackTransaction().catch(() => undefined);
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
