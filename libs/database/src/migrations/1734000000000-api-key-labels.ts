import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columns } from './columns';

/**
 * A label for each API key (issue 19: the console's timeline names the key a change was made
 * with, "Shop backend", rather than `key_…`). Optional: keys issued before it have none and are
 * named by their public prefix. Human text, in the text collation on MariaDB.
 */
export class ApiKeyLabels1734000000000 implements MigrationInterface {
  name = 'ApiKeyLabels1734000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('api_keys', new TableColumn(columns(queryRunner).string('label', 100, true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('api_keys', 'label');
  }
}
