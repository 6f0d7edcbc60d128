import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * The counters rate limits share between instances on MariaDB (libs/database rate-limiters.ts),
 * in the layout rate-limiter-flexible's MySQL store reads and writes: a key, the points spent in
 * its window, the window's end in epoch milliseconds. SQLite keeps its counters in memory, but
 * gets the table too, so that both schemas stay the same.
 */
export class RateLimits1733500000000 implements MigrationInterface {
  name = 'RateLimits1733500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.driver.options.type === 'mysql';
    await queryRunner.createTable(
      new Table({
        name: 'rate_limits',
        columns: [
          { name: 'key', type: 'varchar', length: '255', isPrimary: true, ...(mysql ? { charset: 'utf8mb4', collation: 'utf8mb4_bin' } : {}) },
          { name: 'points', type: 'int', default: 0 },
          { name: 'expire', type: 'bigint', isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rate_limits');
  }
}
