import { matchKey, OffsetPageRequest, prefixRange, SortOrder, TOTAL_CAP } from '@paysession/common';
import { SelectQueryBuilder } from 'typeorm';
import { PaymentSessionEntity } from '../payment-session.entity';
import { PaymentSessionStatus } from '../payment-session.types';
import { effectiveStatusIn } from '../state-machine/deadline';

export enum PaymentSessionSortField {
  createdAt = 'createdAt',
  amount = 'amount',
  status = 'status',
}

/** Every column ends with the id, so that equal values still page in a stable order. */
export const SORT_COLUMNS: Readonly<Record<PaymentSessionSortField, string[]>> = {
  [PaymentSessionSortField.createdAt]: ['s.created_at', 's.id'],
  [PaymentSessionSortField.amount]: ['s.amount_minor', 's.id'],
  [PaymentSessionSortField.status]: ['s.status', 's.created_at', 's.id'],
};

/** What a page of sessions across organizations may be narrowed to (the console's list). */
export interface PaymentSessionPageFilter {
  /** One organization; a merchant's own whatever it names (see orgFilter). */
  orgId?: string | null;
  /** Any of these statuses, read through the deadline rule. */
  status?: PaymentSessionStatus[] | null;
  /** Created at or after. */
  createdFrom?: Date | null;
  /** Created before. */
  createdTo?: Date | null;
  /**
   * A whole session id, or the start of a transactionRef (letter for letter) or of a contact
   * email (any case) (README, "Finding sessions").
   */
  q?: string | null;
  ids?: string[] | null;
  contactId?: string | null;
  checkoutConfigurationId?: string | null;
}

/** A page request of sessions: 1-based page, page size, filter, sort (default createdAt DESC). */
export interface PaymentSessionPageQuery extends OffsetPageRequest {
  filter?: PaymentSessionPageFilter | null;
  sort?: { field: PaymentSessionSortField; order: SortOrder } | null;
}

const SESSION_ID = /^[a-z]{1,4}_[0-9A-Z]{26}$/;

/** Narrows `qb` (alias `s`) to `f`, the org aside (the service scopes it). */
export async function filterSessions(qb: SelectQueryBuilder<PaymentSessionEntity>, f: PaymentSessionPageFilter, now: Date): Promise<void> {
  if (f.status?.length) qb.andWhere(effectiveStatusIn('s', f.status, now));
  if (f.createdFrom) qb.andWhere('s.created_at >= :createdFrom', { createdFrom: f.createdFrom.getTime() });
  if (f.createdTo) qb.andWhere('s.created_at < :createdTo', { createdTo: f.createdTo.getTime() });
  if (f.ids?.length) qb.andWhere('s.id IN (:...ids)', { ids: f.ids });
  if (f.contactId) qb.andWhere('s.contact_id = :contactId', { contactId: f.contactId });
  if (f.checkoutConfigurationId) qb.andWhere('s.checkout_configuration_id = :checkoutConfigurationId', { checkoutConfigurationId: f.checkoutConfigurationId });
  const q = f.q?.trim();
  if (q) await search(qb, q);
}

/**
 * A session id (whole), the start of a transactionRef (byte for byte: case counts), or the start
 * of a contact email in any case (the attached contact's, or one the merchant sent inline; both
 * stored lower-cased). Each branch is one index range scan, `col >= :from AND col < :to`
 * (prefixRange): on ix_payment_sessions_transaction_ref, ix_contacts_email_lower (then
 * ix_payment_sessions_contact) and the primary key of staff_session_emails, all compared byte
 * for byte on both databases, so that `%` and `_` are letters like any other. Their union gives
 * the candidate ids, which then meet the other filters and the sort.
 *
 * The candidates are fetched first (each branch reading at most TOTAL_CAP + 1 rows) and bound as
 * a list rather than joined as a derived table: MariaDB misjudges the union's size (contact_id is
 * mostly NULL, so its index statistics promise thousands of rows per contact) and would scan
 * every session to probe it. Only when a term matches more sessions than the console counts is
 * the union joined instead; matches are then dense, and walking the sessions in sort order finds
 * a page quickly.
 */
async function search(qb: SelectQueryBuilder<PaymentSessionEntity>, q: string): Promise<void> {
  const params: Record<string, string> = { q };
  const startsWith = (column: string, name: string, prefix: string) => {
    const { from, to } = prefixRange(prefix);
    params[`${name}From`] = from;
    if (to === null) return `${column} >= :${name}From`;
    params[`${name}To`] = to;
    return `${column} >= :${name}From AND ${column} < :${name}To`;
  };
  const branches = [
    `SELECT id FROM payment_sessions WHERE ${startsWith('transaction_ref', 'ref', q)}`,
    `SELECT ps.id FROM contacts c INNER JOIN payment_sessions ps ON ps.contact_id = c.id WHERE ${startsWith('c.email_lower', 'email', matchKey(q))}`,
    `SELECT session_id AS id FROM staff_session_emails WHERE ${startsWith('email', 'email', matchKey(q))}`,
  ];
  // Only a well-formed id can match one; anything else skips that lookup.
  if (SESSION_ID.test(q)) branches.push('SELECT id FROM payment_sessions WHERE id = :q');
  const capped = branches.map((branch) => `SELECT id FROM (${branch} LIMIT ${TOTAL_CAP + 1}) b`).join(' UNION ');
  const [sql, values] = qb.connection.driver.escapeQueryWithParameters(`SELECT id FROM (${capped}) m LIMIT ${TOTAL_CAP + 1}`, params);
  const ids = ((await qb.connection.query(sql, values)) as { id: string }[]).map((row) => row.id);
  if (!ids.length) qb.andWhere('1 = 0');
  else if (ids.length <= TOTAL_CAP) qb.andWhere('s.id IN (:...searchIds)', { searchIds: ids });
  else qb.innerJoin(`(${branches.join(' UNION ')})`, 'm', 'm.id = s.id').setParameters(params);
}
