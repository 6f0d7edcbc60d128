import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { createConnection } from 'mysql2';
import { DataSource } from 'typeorm';

/**
 * Whether the database answers, for GET /health. On MariaDB the probe opens a connection of its
 * own, bounded by DB_ACQUIRE_TIMEOUT_MS from connecting to the answer of `SELECT 1`, and always
 * closes it: a stalled database never keeps a pool connection (or anything else) hostage, and a
 * busy pool does not make a reachable database look down. SQLite is a file in this process:
 * `SELECT 1` on the data source answers at once.
 */
@Injectable()
export class DatabaseProbe {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** True when the database answered within the bound; never throws. */
  async ping(): Promise<boolean> {
    if (!this.dataSource.isInitialized) return false;
    const database = this.config.database;
    if (database.type === 'sqlite') {
      return this.dataSource.query('SELECT 1').then(
        () => true,
        () => false,
      );
    }
    const ms = this.config.dbTimeouts.acquireMs;
    const connection = createConnection({ uri: database.url, connectTimeout: ms });
    // Errors arrive through the query's callback; the connection's own event must not go unhandled.
    connection.on('error', () => undefined);
    let timer: NodeJS.Timeout | undefined;
    try {
      return await new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), ms);
        connection.query({ sql: 'SELECT 1', timeout: ms }, (error) => resolve(!error));
      });
    } finally {
      clearTimeout(timer);
      connection.destroy();
    }
  }
}
