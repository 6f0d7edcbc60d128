import { badInput } from './errors/domain.error';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * Counting stops here: past it the console shows "more than 10,000", and paging stops too. A full
 * COUNT(*) over a million sessions costs a scan on every list view; a count capped at 10,001 rows
 * reads at most that many index entries, and nobody pages through 400 pages of sessions instead
 * of filtering.
 */
export const TOTAL_CAP = 10_000;
export const DEFAULT_PER_PAGE = 25;
export const MAX_PER_PAGE = 100;

/** A page as react-admin asks for it: 1-based page number and page size. */
export interface OffsetPageRequest {
  page?: number | null;
  perPage?: number | null;
}

export interface OffsetPage<T> {
  nodes: T[];
  /** The number of matches, or TOTAL_CAP when there are more (then totalIsExact is false). */
  total: number;
  totalIsExact: boolean;
}

export type SortOrder = 'ASC' | 'DESC';

/**
 * One page of `qb` in `order` (which must end with a unique column, so pages never overlap),
 * with its capped total.
 */
export async function offsetPage<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, request: OffsetPageRequest, order: [string, SortOrder][]): Promise<OffsetPage<T>> {
  const page = request.page ?? 1;
  const perPage = request.perPage ?? DEFAULT_PER_PAGE;
  if (!Number.isInteger(page) || page < 1) throw badInput('page', 'page must be a whole number from 1');
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) throw badInput('perPage', `perPage must be between 1 and ${MAX_PER_PAGE}`);
  const offset = (page - 1) * perPage;
  if (offset >= TOTAL_CAP) throw badInput('page', `Only the first ${TOTAL_CAP} matches can be paged through; narrow the filter`);

  const rows = qb.clone();
  order.forEach(([column, direction], i) => (i ? rows.addOrderBy(column, direction) : rows.orderBy(column, direction)));
  const [nodes, counted] = await Promise.all([rows.offset(offset).limit(perPage).getMany(), cappedCount(qb)]);
  return { nodes, total: Math.min(counted, TOTAL_CAP), totalIsExact: counted <= TOTAL_CAP };
}

/** `SELECT COUNT(*) FROM (SELECT 1 … LIMIT TOTAL_CAP + 1)`: exact up to the cap, cheap beyond it. */
export async function cappedCount(qb: SelectQueryBuilder<ObjectLiteral>): Promise<number> {
  const [sql, parameters] = qb.clone().select('1', 'one').orderBy().offset(undefined).limit(TOTAL_CAP + 1).getQueryAndParameters();
  const [row] = await qb.connection.query(`SELECT COUNT(*) AS n FROM (${sql}) capped`, parameters);
  return Number(row.n);
}
