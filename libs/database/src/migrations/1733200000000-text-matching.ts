import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { columns } from './columns';

/**
 * One text-matching semantics on MariaDB/MySQL and SQLite (README, "Text matching"; issue 14):
 *
 * - ids and references compare exactly, byte for byte: case, accents and trailing spaces matter.
 *   SQLite's `=` already does; on MariaDB every id/code column (utf8mb4_bin, which is PAD SPACE
 *   there, so `'ps_1 ' = 'ps_1'`) and the merchant's references (`transaction_ref`, `payment_id`,
 *   `network_transaction_id`, utf8mb4_unicode_ci until now) move to a NO PAD binary collation;
 * - email addresses and names are searched through lower-cased copies the application writes
 *   (`contacts.email_lower`, `contacts.name_lower`, `organizations.name_lower`) in exact columns,
 *   so that "any case" means the same thing on both (SQLite's LOWER and LIKE fold ASCII only;
 *   MariaDB's unicode_ci also ignores accents and trailing spaces). `staff_session_emails`
 *   already holds lower-cased addresses and becomes exact too.
 */
const REFERENCES: [table: string, column: string][] = [
  ['payment_sessions', 'transaction_ref'],
  ['payment_sessions', 'payment_id'],
  ['payment_sessions', 'network_transaction_id'],
  ['staff_session_emails', 'email'],
];

const BACKFILL_BATCH = 1000;

export class TextMatching1733200000000 implements MigrationInterface {
  name = 'TextMatching1733200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.addColumns('contacts', [new TableColumn(c.exact('email_lower', 254, true)), new TableColumn(c.exact('name_lower', 200, true))]);
    await queryRunner.addColumn('organizations', new TableColumn(c.exact('name_lower', 200, true)));
    await backfill(queryRunner, 'contacts', ['name', 'email']);
    await backfill(queryRunner, 'organizations', ['name']);
    await queryRunner.createIndices('contacts', [
      new TableIndex({ name: 'ix_contacts_org_email_lower', columnNames: ['org_id', 'email_lower'] }),
      new TableIndex({ name: 'ix_contacts_org_name_lower', columnNames: ['org_id', 'name_lower'] }),
      new TableIndex({ name: 'ix_contacts_email_lower', columnNames: ['email_lower'] }),
    ]);
    await queryRunner.createIndex('organizations', new TableIndex({ name: 'ix_organizations_name_lower', columnNames: ['name_lower'] }));
    if (queryRunner.connection.driver.options.type === 'mysql') await setCollations(queryRunner, 'up');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'mysql') await setCollations(queryRunner, 'down');
    await queryRunner.dropIndex('organizations', 'ix_organizations_name_lower');
    for (const index of ['ix_contacts_email_lower', 'ix_contacts_org_name_lower', 'ix_contacts_org_email_lower']) await queryRunner.dropIndex('contacts', index);
    await queryRunner.dropColumn('organizations', 'name_lower');
    await queryRunner.dropColumns('contacts', ['name_lower', 'email_lower']);
  }
}

/** Lower-cases `source` columns into `<column>_lower`, in JavaScript (full Unicode, as the application does). */
async function backfill(queryRunner: QueryRunner, table: string, source: ('name' | 'email')[]): Promise<void> {
  let after = '';
  for (;;) {
    const rows: Record<string, string | null>[] = await queryRunner.query(`SELECT id, ${source.join(', ')} FROM ${table} WHERE id > ? ORDER BY id LIMIT ?`, [after, BACKFILL_BATCH]);
    if (!rows.length) return;
    for (const row of rows) {
      const sets = source.map((column) => `${column}_lower = ?`).join(', ');
      await queryRunner.query(`UPDATE ${table} SET ${sets} WHERE id = ?`, [...source.map((column) => row[column]?.toLowerCase() ?? null), row.id]);
    }
    after = rows[rows.length - 1].id as string;
  }
}

/**
 * Moves every exact column to the server's NO PAD binary collation (`utf8mb4_nopad_bin` on
 * MariaDB, `utf8mb4_0900_bin` on MySQL 8), and the references with them; `down` puts back
 * utf8mb4_bin and utf8mb4_unicode_ci. `only` limits it to the columns it accepts (for a later
 * migration that created exact columns with `columns().exact`, which makes utf8mb4_bin).
 * MariaDB/MySQL only.
 */
export async function setCollations(queryRunner: QueryRunner, direction: 'up' | 'down', only?: (table: string, column: string) => boolean): Promise<void> {
  const [{ version }] = await queryRunner.query('SELECT VERSION() AS version');
  const nopad = /mariadb/i.test(version) ? 'utf8mb4_nopad_bin' : 'utf8mb4_0900_bin';
  const exactFrom = direction === 'up' ? 'utf8mb4_bin' : nopad;
  const exactTo = direction === 'up' ? nopad : 'utf8mb4_bin';
  const rows: { table: string; column: string; type: string; nullable: string; collation: string }[] = await queryRunner.query(
    `SELECT TABLE_NAME AS \`table\`, COLUMN_NAME AS \`column\`, COLUMN_TYPE AS type, IS_NULLABLE AS nullable, COLLATION_NAME AS collation
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND COLLATION_NAME IS NOT NULL AND TABLE_NAME <> 'migrations'`,
  );
  const changes = new Map<string, string[]>();
  for (const row of rows) {
    if (only && !only(row.table, row.column)) continue;
    const isReference = REFERENCES.some(([t, c]) => t === row.table && c === row.column);
    let to: string | null = null;
    if (isReference) to = direction === 'up' ? nopad : 'utf8mb4_unicode_ci';
    else if (row.collation === exactFrom) to = exactTo;
    if (!to || to === row.collation) continue;
    const list = changes.get(row.table) ?? [];
    list.push(`MODIFY \`${row.column}\` ${row.type} CHARACTER SET utf8mb4 COLLATE ${to} ${row.nullable === 'YES' ? 'NULL' : 'NOT NULL'}`);
    changes.set(row.table, list);
  }
  // MariaDB will not change the collation of a column a foreign key uses, even with the checks
  // off: the keys are dropped, the columns changed on both sides, and the keys put back as they were.
  const tables = (await queryRunner.getTables([...changes.keys()].concat(await referencingTables(queryRunner)))).filter((t) => t.foreignKeys.length);
  const keys = tables.map((t) => ({ table: t.name, foreignKeys: t.foreignKeys.map((fk) => fk.clone()) }));
  for (const { table, foreignKeys } of keys) await queryRunner.dropForeignKeys(table, foreignKeys);
  for (const [table, modifications] of changes) await queryRunner.query(`ALTER TABLE \`${table}\` ${modifications.join(', ')}`);
  for (const { table, foreignKeys } of keys) await queryRunner.createForeignKeys(table, foreignKeys);
}

/** Every table of this database that has a foreign key. */
async function referencingTables(queryRunner: QueryRunner): Promise<string[]> {
  const rows: { name: string }[] = await queryRunner.query(
    "SELECT DISTINCT TABLE_NAME AS name FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_TYPE = 'FOREIGN KEY'",
  );
  return rows.map((row) => row.name);
}
