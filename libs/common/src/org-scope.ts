import type { RequestContext } from './auth/request-context';
import { notFound } from './errors/domain.error';

/**
 * The org an operation may touch: a merchant's own (any other `orgId` is answered exactly like
 * an id that does not exist, so the API never confirms that another org's object exists); for a
 * staff member, any org (staff see every organization; their role decides what they change).
 * A partner has no org of its own and gets NOT_FOUND.
 *
 * @throws DomainError NOT_FOUND at `orgId` (`what` not found).
 */
export function orgScope(ctx: Pick<RequestContext, 'orgId' | 'staff'>, orgId: string, what: string): string {
  if (ctx.staff) return orgId;
  if (!ctx.orgId || orgId !== ctx.orgId) throw notFound(what, 'orgId');
  return ctx.orgId;
}

/**
 * The org a read is limited to: a merchant's own (see {@link orgScope}); for a staff member
 * `orgId` when given, else null: every organization.
 *
 * @throws DomainError NOT_FOUND at `orgId` for a merchant naming another org, or naming none.
 */
export function orgFilter(ctx: Pick<RequestContext, 'orgId' | 'staff'>, orgId: string | null | undefined, what: string): string | null {
  if (ctx.staff) return orgId ?? null;
  return orgScope(ctx, orgId ?? '', what);
}

/**
 * The escape character of {@link likePrefix}, to bind as a parameter (`ESCAPE :escape`): written
 * as the SQL literal `'\'` it is one backslash to one database and an unterminated string to the
 * other, where a backslash escapes the quote.
 */
export const LIKE_ESCAPE = '\\';

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
