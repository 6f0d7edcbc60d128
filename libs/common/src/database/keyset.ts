import { Brackets, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Connection, decodeCursor, encodeCursor, pageSize, toConnection } from '../pagination';

/**
 * Fetches one page of `qb` newest first, keyset-paginated on (created_at, id) — an index range
 * scan however deep the page, unlike OFFSET. `first` is 1..100 (default 20); `after` is a
 * cursor from an earlier page.
 */
export async function newestFirst<T extends ObjectLiteral & { id: string; createdAt: Date }>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  page: { first?: number | null; after?: string | null },
): Promise<Connection<T>> {
  const limit = pageSize(page.first);
  qb.orderBy(`${alias}.created_at`, 'DESC').addOrderBy(`${alias}.id`, 'DESC').take(limit + 1);
  if (page.after) {
    const key = decodeCursor(page.after);
    qb.andWhere(
      new Brackets((w) =>
        w.where(`${alias}.created_at < :cursorAt`, { cursorAt: key.at }).orWhere(`${alias}.created_at = :cursorAt AND ${alias}.id < :cursorId`, { cursorId: key.id }),
      ),
    );
  }
  const rows = await qb.getMany();
  return toConnection(rows, limit, (row) => encodeCursor({ at: row.createdAt.getTime(), id: row.id }));
}
