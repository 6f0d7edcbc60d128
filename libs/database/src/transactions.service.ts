import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

const MYSQL_RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);
const MAX_ATTEMPTS = 3;

/**
 * Runs units of work in one explicit database transaction.
 *
 * SQLite: TypeORM's better-sqlite3 driver shares one connection, so two overlapping
 * transactions would silently merge into one. Work is therefore queued and runs one unit at a
 * time (SQLite has a single writer anyway). MariaDB: each unit gets its own pooled connection
 * and is retried when InnoDB picks it as a deadlock victim, since nothing of it committed.
 * READ COMMITTED: a compare-and-set that lost must re-read the winner's committed row, which
 * REPEATABLE READ's snapshot would hide.
 */
@Injectable()
export class Transactions {
  private readonly logger = new Logger(Transactions.name);
  private tail: Promise<unknown> = Promise.resolve();

  constructor(@InjectDataSource() readonly dataSource: DataSource) {}

  get isMysql(): boolean {
    return this.dataSource.options.type === 'mysql';
  }

  /** Runs `work` in a transaction; everything it writes commits together or not at all. */
  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.isMysql) {
      const result = this.tail.then(() => this.dataSource.transaction(work));
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
