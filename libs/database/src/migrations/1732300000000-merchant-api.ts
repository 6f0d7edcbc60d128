import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columns } from './columns';

/** Contacts, checkout configurations, payment sessions, their event log and idempotency keys. */
export class MerchantApi1732300000000 implements MigrationInterface {
  name = 'MerchantApi1732300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    const org = { columnNames: ['org_id'], referencedTableName: 'organizations', referencedColumnNames: ['id'] };

    await queryRunner.createTable(
      new Table({
        name: 'contacts',
        columns: [
          c.id(),
          c.ref('org_id'),
          c.string('name', 200),
          c.string('given_name', 100, true),
          c.string('family_name', 100, true),
          c.string('email', 254, true),
          c.exact('phone', 16, true),
          c.bigint('created_at'),
          c.bigint('updated_at'),
        ],
        indices: [
          { name: 'ix_contacts_org_created', columnNames: ['org_id', 'created_at', 'id'] },
          { name: 'ix_contacts_org_email', columnNames: ['org_id', 'email'] },
        ],
        foreignKeys: [org],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'checkout_configurations',
        columns: [
          c.id(),
          c.ref('org_id'),
          c.string('name', 200),
          // 1 for the org's default, NULL otherwise: the unique index then allows exactly one.
          c.bool('is_default', true),
          c.exact('layout_template', 20),
          c.json('line_item_fields', false),
          c.json('payment_methods', false),
          c.int('default_lifetime_seconds', true),
          c.string('brand_name', 200, true),
          c.string('brand_logo_url', 2048, true),
          c.bigint('created_at'),
          c.bigint('updated_at'),
        ],
        indices: [
          { name: 'uq_checkout_configurations_default', columnNames: ['org_id', 'is_default'], isUnique: true },
          { name: 'ix_checkout_configurations_org_created', columnNames: ['org_id', 'created_at', 'id'] },
        ],
        foreignKeys: [org],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'payment_sessions',
        columns: [
          c.id(),
          c.ref('org_id'),
          c.exact('status', 16),
          c.bigint('amount_minor'),
          c.exact('currency', 3),
          c.string('callback_url', 2048, true),
          c.string('success_url', 2048, true),
          c.exact('link_token', 64),
          c.ref('contact_id', true),
          c.json('contact_ref'),
          c.string('transaction_ref', 255, true),
          c.json('invoice_ids'),
          c.json('invoice_refs'),
          c.bigint('invoice_total_minor', true),
          c.bigint('expiration_date', true),
          c.string('payment_id', 255, true),
          c.ref('checkout_configuration_id'),
          c.string('brand_logo_url', 2048, true),
          c.string('brand_name', 200, true),
          c.bigint('pending_expires_at', true),
          c.exact('pending_reason', 40, true),
          c.string('network_transaction_id', 255, true),
          c.bigint('authorization_expires_at', true),
          c.json('rejection'),
          c.int('version', false, 1),
          c.bigint('created_at'),
          c.bigint('updated_at'),
        ],
        indices: [
          { name: 'uq_payment_sessions_link_token', columnNames: ['link_token'], isUnique: true },
          { name: 'ix_payment_sessions_org_created', columnNames: ['org_id', 'created_at', 'id'] },
          { name: 'ix_payment_sessions_org_contact', columnNames: ['org_id', 'contact_id'] },
          { name: 'ix_payment_sessions_org_transaction_ref', columnNames: ['org_id', 'transaction_ref'] },
          // The expiry sweeps: due Active sessions and due Pending sessions, in due order.
          { name: 'ix_payment_sessions_status_expiration', columnNames: ['status', 'expiration_date'] },
          { name: 'ix_payment_sessions_status_pending_expires', columnNames: ['status', 'pending_expires_at'] },
        ],
        // No foreign key to organizations here: its check would share-lock the org row, which
        // the event log locks exclusively right after (see PaymentSessionEventsService.lockStream),
        // and two creates upgrading their shared locks deadlock. org_id always comes from the
        // caller's API key.
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'payment_session_events',
        columns: [
          // Insertion order: the org's stream is read in this order.
          c.serial('seq'),
          c.exact('id', 40),
          c.ref('org_id'),
          c.ref('session_id'),
          c.exact('type', 40),
          c.string('actor', 200),
          c.json('data', false),
          c.bigint('occurred_at'),
        ],
        indices: [
          { name: 'uq_payment_session_events_id', columnNames: ['id'], isUnique: true },
          { name: 'ix_payment_session_events_org_seq', columnNames: ['org_id', 'seq'] },
          { name: 'ix_payment_session_events_session_seq', columnNames: ['session_id', 'seq'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'idempotency_keys',
        columns: [
          { ...c.ref('org_id'), isPrimary: true },
          { ...c.exact('idempotency_key', 255), isPrimary: true },
          c.exact('request_hash', 64),
          c.ref('session_id'),
          c.bigint('created_at'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['idempotency_keys', 'payment_session_events', 'payment_sessions', 'checkout_configurations', 'contacts']) {
      await queryRunner.dropTable(table);
    }
  }
}
