import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columns } from './columns';

/** Organizations and their API keys (issue: foundation). */
export class Foundation1732200000000 implements MigrationInterface {
  name = 'Foundation1732200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'organizations',
        columns: [c.id(), c.string('name', 200), c.bigint('created_at'), c.bigint('updated_at')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'api_keys',
        columns: [
          c.id(),
          c.ref('org_id'),
          // HMAC-SHA256 of the key, hex: the only form of the key we keep.
          c.exact('key_hash', 64),
          // The first characters of the key, to recognise it in a list without revealing it.
          c.exact('key_prefix', 24),
          c.string('scopes', 500),
          c.bigint('created_at'),
          c.bigint('revoked_at', true),
        ],
        indices: [
          { name: 'uq_api_keys_key_hash', columnNames: ['key_hash'], isUnique: true },
          { name: 'ix_api_keys_org', columnNames: ['org_id'] },
        ],
        foreignKeys: [{ columnNames: ['org_id'], referencedTableName: 'organizations', referencedColumnNames: ['id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('api_keys');
    await queryRunner.dropTable('organizations');
  }
}
