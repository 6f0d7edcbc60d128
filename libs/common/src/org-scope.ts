import type { RequestContext } from './auth/request-context';
import { notFound } from './errors/domain.error';

/**
 * The org an operation may touch: the caller's own. Any other `orgId` is answered exactly like
 * an id that does not exist, so the API never confirms that another org's object exists.
 */
export function orgScope(ctx: Pick<RequestContext, 'orgId'>, orgId: string, what: string): string {
  if (orgId !== ctx.orgId) throw notFound(what, 'orgId');
  return ctx.orgId;
}

/** Escapes `%`, `_` and `\` for a LIKE pattern. */
export function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The form in which case-insensitive text (email addresses, names) is stored beside the text and
 * compared, identically on SQLite and MariaDB: Unicode lower case (README, "Text matching").
 * Accents and spaces are kept; null stays null.
 */
export function matchKey<T extends string | null | undefined>(text: T): T extends string ? string : null {
  return (typeof text === 'string' ? text.toLowerCase() : null) as T extends string ? string : null;
}
