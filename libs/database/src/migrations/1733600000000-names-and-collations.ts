import { MigrationInterface, QueryRunner } from 'typeorm';
import { setCollations } from './1733200000000-text-matching';

/** Exact columns made after 1733200000000-text-matching as utf8mb4_bin (PAD SPACE on MariaDB). */
const laterExactColumns = (table: string, column: string) => table === 'partners' || table === 'rate_limits' || (table === 'payment_sessions' && column === 'partner_id');

/**
 * Column names that say what the API says (issue 13, item 5), and trailing spaces that count in
 * every exact column on MariaDB (issue 14):
 *
 * - `checkout_configurations.default_lifetime_seconds` becomes `default_session_lifetime_seconds`
 *   (the API's `defaultSessionLifetimeSeconds`), `webhook_deliveries.attempts` becomes
 *   `attempt_count` (the API's `attemptCount`; the attempts themselves are rows of `webhook_attempts`);
 * - the partners' keys and ids (also `payment_sessions.partner_id`) and the rate-limit keys move to the NO PAD binary collation, as
 *   every exact column before them did, so that `'ppk_1 '` is not `'ppk_1'`.
 */
export class NamesAndCollations1733600000000 implements MigrationInterface {
  name = 'NamesAndCollations1733600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await rename(queryRunner, 'checkout_configurations', 'default_lifetime_seconds', 'default_session_lifetime_seconds');
    await rename(queryRunner, 'webhook_deliveries', 'attempts', 'attempt_count');
    if (queryRunner.connection.driver.options.type === 'mysql') await setCollations(queryRunner, 'up', laterExactColumns);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'mysql') await setCollations(queryRunner, 'down', laterExactColumns);
    await rename(queryRunner, 'webhook_deliveries', 'attempt_count', 'attempts');
    await rename(queryRunner, 'checkout_configurations', 'default_session_lifetime_seconds', 'default_lifetime_seconds');
  }
}

/**
 * `RENAME COLUMN`, which MariaDB 10.5+, MySQL 8 and SQLite 3.25+ all have. TypeORM's renameColumn
 * re-declares the column on MariaDB and turns a NULL default into the string 'NULL' (refused).
 */
async function rename(queryRunner: QueryRunner, table: string, from: string, to: string): Promise<void> {
  await queryRunner.query(`ALTER TABLE ${table} RENAME COLUMN ${from} TO ${to}`);
}
