import { badInput } from './errors/domain.error';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** Position of a row in a keyset ordered by (created, id). */
export interface Keyset {
  at: number;
  id: string;
}

/** Opaque cursor: base64url of `<epoch ms>:<id>`. */
export function encodeCursor(key: Keyset): string {
  return Buffer.from(`${key.at}:${key.id}`).toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): Keyset {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^(\d{1,15}):([a-z]{1,4}_[0-9A-Z]{26})$/.exec(text);
  if (!m) throw badInput(field, 'is not a valid cursor');
  return { at: Number(m[1]), id: m[2] };
}

/** `first` bounded to 1..100, defaulting to 20. */
export function pageSize(first: number | null | undefined, field = 'first'): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw badInput(field, `must be between 1 and ${MAX_PAGE_SIZE}`);
  return first;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Builds a connection from one page fetched with `limit + 1` rows. */
export function toConnection<T>(rows: T[], limit: number, cursorOf: (row: T) => string): Connection<T> {
  const nodes = rows.slice(0, limit);
  const edges = nodes.map((node) => ({ cursor: cursorOf(node), node }));
  return { edges, nodes, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
}

/** The same page with each node mapped (entity → GraphQL model). */
export function mapConnection<A, B>(page: Connection<A>, map: (node: A) => B): Connection<B> {
  return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: map(e.node) })), nodes: page.nodes.map(map) };
}
