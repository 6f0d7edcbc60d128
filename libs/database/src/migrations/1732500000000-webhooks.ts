import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columns } from './columns';

/** Webhook signing secrets, the delivery outbox, its attempts, and endpoints that said 410 Gone. */
export class Webhooks1732500000000 implements MigrationInterface {
  name = 'Webhooks1732500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    const org = { columnNames: ['org_id'], referencedTableName: 'organizations', referencedColumnNames: ['id'] };

    await queryRunner.createTable(
      new Table({
        name: 'webhook_secrets',
        columns: [
          c.id(),
          c.ref('org_id'),
          // AES-256-GCM sealed (`v1:<iv>:<ciphertext>:<tag>`), never the secret itself.
          c.exact('secret', 255),
          c.bigint('created_at'),
          // NULL while current; after a rotation, the end of the grace period during which
          // deliveries are signed with this secret too.
          c.bigint('retired_at', true),
        ],
        indices: [{ name: 'ix_webhook_secrets_org', columnNames: ['org_id', 'created_at'] }],
        foreignKeys: [org],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'webhook_deliveries',
        columns: [
          c.id(),
          c.ref('org_id'),
          c.exact('event_id', 40),
          // The event's position in the log: a session's deliveries go out in this order.
          c.bigint('event_seq'),
          c.ref('session_id'),
          c.string('url', 2048),
          c.exact('status', 16),
          c.int('attempts', false, 0),
          c.bigint('next_attempt_at'),
          c.bigint('lease_until', true),
          c.exact('claim_token', 32, true),
          c.int('last_status_code', true),
          c.string('last_error', 500, true),
          c.bigint('delivered_at', true),
          c.bigint('created_at'),
          c.bigint('updated_at'),
        ],
        indices: [
          { name: 'ix_webhook_deliveries_due', columnNames: ['status', 'next_attempt_at'] },
          { name: 'ix_webhook_deliveries_session', columnNames: ['session_id', 'event_seq'] },
          { name: 'ix_webhook_deliveries_org_created', columnNames: ['org_id', 'created_at', 'id'] },
          { name: 'ix_webhook_deliveries_event', columnNames: ['event_id'] },
        ],
        foreignKeys: [org],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'webhook_attempts',
        columns: [
          c.id(),
          c.ref('delivery_id'),
          c.bigint('attempted_at'),
          c.int('duration_ms'),
          c.int('status_code', true),
          c.string('error', 500, true),
          c.string('response_excerpt', 1000, true),
        ],
        indices: [{ name: 'ix_webhook_attempts_delivery', columnNames: ['delivery_id', 'attempted_at'] }],
        foreignKeys: [{ columnNames: ['delivery_id'], referencedTableName: 'webhook_deliveries', referencedColumnNames: ['id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'webhook_gone_urls',
        columns: [{ ...c.ref('org_id'), isPrimary: true }, { ...c.exact('url_hash', 64), isPrimary: true }, c.string('url', 2048), c.bigint('created_at')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['webhook_gone_urls', 'webhook_attempts', 'webhook_deliveries', 'webhook_secrets']) await queryRunner.dropTable(table);
  }
}
