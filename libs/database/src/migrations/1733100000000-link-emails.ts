import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columns } from './columns';

/**
 * Link emails: one row per `sendPaymentSessionLink` that got past its checks, reserved before
 * the mail server is called so that the per-session limit holds under concurrent calls.
 */
export class LinkEmails1733100000000 implements MigrationInterface {
  name = 'LinkEmails1733100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'link_emails',
        columns: [
          c.id(),
          c.ref('org_id'),
          c.ref('session_id'),
          c.string('recipient', 320),
          // sending → sent | failed; a row left `sending` by a crash still counts to the limit.
          c.exact('status', 16),
          c.string('message_id', 255, true),
          c.string('error', 500, true),
          c.bigint('created_at'),
          c.bigint('updated_at'),
        ],
        indices: [{ name: 'ix_link_emails_session', columnNames: ['session_id', 'created_at'] }],
        foreignKeys: [{ columnNames: ['org_id'], referencedTableName: 'organizations', referencedColumnNames: ['id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('link_emails');
  }
}
