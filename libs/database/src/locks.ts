import { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

// The one place that knows how each database serializes writers, so that no domain service
// branches on the database it runs on.
//
// MariaDB runs transactions side by side (READ COMMITTED, see Transactions): a row another
// transaction will change must be locked when it is read. SQLite has a single writer, and
// Transactions queues units of work one at a time: nothing else can change a row between a
// unit's read and its write, so these helpers leave SQLite's queries as they are.

function serializesWriters(connection: DataSource): boolean {
  return connection.options.type === 'mysql';
}

/**
 * Makes `qb`, read inside a transaction of Transactions.run, hold its rows until commit
 * (`SELECT … FOR UPDATE` on MariaDB): a compare-and-set or a check-then-write on them cannot be
 * interleaved with another writer's.
 */
export function forUpdate<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  return serializesWriters(qb.connection) ? qb.setLock('pessimistic_write') : qb;
}

/**
 * Claims `qb`'s rows for this transaction and passes over rows another transaction holds
 * (`FOR UPDATE SKIP LOCKED` on MariaDB 10.6+ / MySQL 8): how background workers on several
 * instances share a queue without taking the same row or waiting on each other or on the API.
 */
export function forUpdateSkipLocked<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  return serializesWriters(qb.connection) ? qb.setLock('pessimistic_write').setOnLocked('skip_locked') : qb;
}

/**
 * Serializes, until commit, every transaction that calls this for the same organization: rare
 * admin writes of the org (its default checkout configuration, its webhook secret rotation). On
 * MariaDB it is the organization row's lock; take it as late as possible in the transaction,
 * since everything of the org after it waits. The event stream does not use it (see
 * PaymentSessionEventSequencer).
 */
export async function lockOrganization(manager: EntityManager, orgId: string): Promise<void> {
  if (serializesWriters(manager.connection)) await manager.query('SELECT id FROM organizations WHERE id = ? FOR UPDATE', [orgId]);
}
