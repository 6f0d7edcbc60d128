import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { columns } from './columns';

/**
 * The customer side (issue 12): payments partners as principals, the partner a session was
 * handed to, and per checkout configuration the partner of each payment method and the origins
 * that may embed the hosted checkout page.
 */
export class Checkout1733300000000 implements MigrationInterface {
  name = 'Checkout1733300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'partners',
        columns: [
          c.id(),
          c.string('name', 200),
          c.exact('payment_session_url', 2048),
          // HMAC-SHA256 (API_KEY_PEPPER) of the partner's key, hex: the key itself is never stored.
          c.exact('key_hash', 64),
          c.exact('key_prefix', 24),
          // The Standard Webhooks secret, sealed (SecretBox): it must be read back to sign.
          c.exact('signing_secret', 500),
          c.bigint('created_at'),
          c.bigint('disabled_at', true),
        ],
        indices: [{ name: 'uq_partners_key_hash', columnNames: ['key_hash'], isUnique: true }],
      }),
    );
    await queryRunner.addColumn('payment_sessions', new TableColumn(c.ref('partner_id', true)));
    await queryRunner.createIndex('payment_sessions', new TableIndex({ name: 'ix_payment_sessions_partner', columnNames: ['partner_id'] }));
    // { "Card": "ptn_…", … }: read with the configuration, so the checkout page costs one query.
    await queryRunner.addColumn('checkout_configurations', new TableColumn(c.json('payment_partners')));
    await queryRunner.addColumn('checkout_configurations', new TableColumn(c.json('allowed_embed_origins')));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('checkout_configurations', 'allowed_embed_origins');
    await queryRunner.dropColumn('checkout_configurations', 'payment_partners');
    await queryRunner.dropIndex('payment_sessions', 'ix_payment_sessions_partner');
    await queryRunner.dropColumn('payment_sessions', 'partner_id');
    await queryRunner.dropTable('partners');
  }
}
