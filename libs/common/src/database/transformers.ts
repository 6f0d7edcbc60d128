import { ValueTransformer } from 'typeorm';

/**
 * BIGINT columns: mysql2 (through TypeORM) hands them back as strings, SQLite as numbers.
 * Every value we keep in one (minor units ≤ 99 999 999 999, epoch milliseconds) is far below
 * 2^53, so a JS number is exact.
 */
export const bigintNumber: ValueTransformer = {
  to: (value?: number | null) => value,
  from: (value?: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};

/**
 * Instants are stored as BIGINT epoch milliseconds: the same bytes and the same ordering on
 * MariaDB and SQLite, no session time zone in play, and index range scans on plain integers.
 */
export const epochMillis: ValueTransformer = {
  to: (value?: Date | null) => (value === null || value === undefined ? value : value.getTime()),
  from: (value?: string | number | null) => (value === null || value === undefined ? value : new Date(Number(value))),
};

/** JSON kept in a TEXT column (LONGTEXT on MariaDB), read back as the object. */
export const jsonText: ValueTransformer = {
  to: (value?: unknown) => (value === null || value === undefined ? value : JSON.stringify(value)),
  from: (value?: string | null) => (value === null || value === undefined ? value : JSON.parse(value)),
};
