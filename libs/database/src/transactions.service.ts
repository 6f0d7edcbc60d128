import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

const MYSQL_RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const MAX_ATTEMPTS = 3;

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
 */
@Injectable()
export class Transactions implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(Transactions.name);
  private tail: Promise<unknown> = Promise.resolve();
  private writer: DataSource | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get isMysql(): boolean {
    return this.dataSource.options.type === 'mysql';
  }

  /** Every connection this instance uses (instrumentation: tests count statements on all). */
  get dataSources(): DataSource[] {
    return this.writer ? [this.dataSource, this.writer] : [this.dataSource];
  }

  async onModuleInit(): Promise<void> {
    const options = this.dataSource.options;
    if (options.type !== 'better-sqlite3' || options.database === ':memory:') return;
    this.writer = new DataSource({ ...options, entities: this.dataSource.entityMetadatas.map((m) => m.target), migrations: [] });
    await this.writer.initialize();
  }

  async onModuleDestroy(): Promise<void> {
    await this.tail;
    await this.writer?.destroy();
  }

  /** Runs `work` in a transaction; everything it writes commits together or not at all. */
  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.isMysql) {
      const result = this.tail.then(() => (this.writer ?? this.dataSource).transaction(work));
      this.tail = result.catch(() => undefined);
      return result;
    }
    return this.withRetry(work);
  }

  private async withRetry<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction('READ COMMITTED', work);
      } catch (error) {
        const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (error as { code?: string }).code;
        if (!code || !MYSQL_RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw error;
        this.logger.warn(`transaction retried after ${code} (attempt ${attempt})`);
      }
    }
  }
}
