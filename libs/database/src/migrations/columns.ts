import { QueryRunner, TableColumnOptions } from 'typeorm';

/**
 * Column builders for migrations that must run on MariaDB/MySQL and SQLite alike. Instants are
 * BIGINT epoch milliseconds and money BIGINT minor units on both; JSON documents are LONGTEXT
 * on MariaDB (TEXT caps at 64 KiB) and TEXT on SQLite.
 */
export function columns(queryRunner: QueryRunner) {
  const mysql = queryRunner.connection.driver.options.type === 'mysql';
  const text = mysql ? { charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci' } : {};
  // Identifiers and codes compare byte for byte. utf8mb4 rather than ascii: MariaDB refuses to
  // compare an ascii column with a client string holding other characters ("illegal mix of
  // collations"), and an id like "ps_ü" must simply not be found.
  // utf8mb4_bin is PAD SPACE on MariaDB ('a ' = 'a'): 1733200000000-text-matching moves every
  // utf8mb4_bin column to the NO PAD binary collation. A migration after it that adds an exact
  // column must end with `setCollations(queryRunner, 'up', [its tables])` from there, as
  // 1733600000000-names-and-collations does, for trailing spaces to count (a test checks it).
  const exact = mysql ? { charset: 'utf8mb4', collation: 'utf8mb4_bin' } : {};
  return {
    /** Prefixed ULID primary key, compared byte for byte. */
    id: (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '40', isPrimary: true, ...exact }),
    ref: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '40', isNullable: nullable, ...exact }),
    exact: (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable, ...exact }),
    string: (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable, ...text }),
    json: (name: string, nullable = true): TableColumnOptions => ({ name, type: mysql ? 'longtext' : 'text', isNullable: nullable, ...text }),
    bigint: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'bigint', isNullable: nullable }),
    int: (name: string, nullable = false, defaultValue?: number): TableColumnOptions => ({ name, type: 'int', isNullable: nullable, default: defaultValue }),
    bool: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'boolean', isNullable: nullable }),
    /** Auto-increment sequence, the primary key of append-only logs. */
    serial: (name = 'seq'): TableColumnOptions => ({ name, type: mysql ? 'bigint' : 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' }),
  };
}
