import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns } from './columns';
import { setCollations } from './1733200000000-text-matching';

/**
 * The console's overview (issue 19), served by aggregate queries on indexes:
 *
 * - `payment_session_hourly_counts`: sessions created, and sessions that reached each final
 *   status, per UTC hour and organization (`org_id` '' is every organization together), written
 *   by the roll-up job for hours that are over; the hours after `payment_session_rollup.rolled_until`
 *   are counted live from `payment_sessions`.
 * - `payment_session_rollup`: one row, the end of the hours rolled up so far; an instance claims
 *   the next hours by moving it with a compare-and-set, so hours are counted once however many
 *   instances run the job.
 * - Indexes the live counts and the "now" figures read: final statuses by the time they were
 *   reached (`status, updated_at, org_id`), Pending sessions by org and deadline with their
 *   creation (`status, org_id, pending_expires_at, created_at`), webhook deliveries waiting by
 *   org (`status, org_id, next_attempt_at, attempt_count`). Each covers its query.
 */
export class Overview1733950000000 implements MigrationInterface {
  name = 'Overview1733950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'payment_session_hourly_counts',
        columns: [
          { ...c.exact('org_id', 40), isPrimary: true },
          { ...c.bigint('hour'), isPrimary: true },
          { ...c.exact('kind', 16), isPrimary: true },
          c.int('count'),
        ],
      }),
    );
    await queryRunner.createTable(new Table({ name: 'payment_session_rollup', columns: [{ name: 'id', type: 'int', isPrimary: true }, c.bigint('rolled_until')] }));
    // Nothing rolled up yet: the job starts at the oldest session's hour.
    await queryRunner.query('INSERT INTO payment_session_rollup (id, rolled_until) VALUES (1, 0)');
    await queryRunner.createIndex('payment_sessions', new TableIndex({ name: 'ix_payment_sessions_status_updated', columnNames: ['status', 'updated_at', 'org_id'] }));
    await queryRunner.createIndex('payment_sessions', new TableIndex({ name: 'ix_payment_sessions_status_org_pending', columnNames: ['status', 'org_id', 'pending_expires_at', 'created_at'] }));
    await queryRunner.createIndex('webhook_deliveries', new TableIndex({ name: 'ix_webhook_deliveries_status_org_due', columnNames: ['status', 'org_id', 'next_attempt_at', 'attempt_count'] }));
    // Trailing spaces count in the exact columns (see columns()).
    if (queryRunner.connection.driver.options.type === 'mysql') await setCollations(queryRunner, 'up', (table) => table === 'payment_session_hourly_counts');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('webhook_deliveries', 'ix_webhook_deliveries_status_org_due');
    await queryRunner.dropIndex('payment_sessions', 'ix_payment_sessions_status_org_pending');
    await queryRunner.dropIndex('payment_sessions', 'ix_payment_sessions_status_updated');
    await queryRunner.dropTable('payment_session_rollup');
    await queryRunner.dropTable('payment_session_hourly_counts');
  }
}
