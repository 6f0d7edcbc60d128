import { formatMinorUnits } from '@paysession/common';
import { Brackets, SelectQueryBuilder } from 'typeorm';
import { PaymentSessionEntity } from '../payment-session.entity';
import { deadlineOf, effectiveStatus, isOverdue } from '../state-machine/deadline';

/** Rows one read of an export fetches: memory holds one batch, never the whole list. */
export const EXPORT_BATCH_SIZE = 1000;

/**
 * The columns of a payment-sessions CSV, in order. Amounts are the exact decimal strings of the
 * API (`"100.10"`, JPY `"500"`), never floats; instants are UTC ISO 8601.
 */
export const EXPORT_COLUMNS = [
  'id', 'organization_id', 'status', 'amount', 'currency', 'transaction_ref', 'contact_id', 'contact_name', 'contact_email',
  'payment_id', 'created_at', 'updated_at', 'deadline',
] as const;

export type ExportRecord = Record<(typeof EXPORT_COLUMNS)[number], string>;

/**
 * A merchant- or partner-supplied text as a spreadsheet will not run it: a value that starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel, LibreOffice and Sheets
 * (`=HYPERLINK("https://evil.example", "refund")` in a transactionRef), so it gets a leading `'`,
 * which the spreadsheet shows as text (OWASP, "CSV Injection"). Our own values (ids, amounts,
 * statuses, instants) never start so and are written as they are.
 */
export function spreadsheetText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * One session as a CSV record; `contact` is its attached contact (contactId), whose name and email
 * are the customer's, as the console's list shows them; else those of its contactRef. The status is read through the deadline rule (an overdue session
 * is Expired), as the list shows it, without writing the expiry: an export only reads.
 */
export function toExportRecord(s: PaymentSessionEntity, now: Date, contact?: { name: string; email: string | null } | null): ExportRecord {
  const overdue = isOverdue(s, now);
  const deadline = overdue ? null : deadlineOf(s);
  return {
    id: s.id,
    organization_id: s.orgId,
    status: effectiveStatus(s, now),
    amount: formatMinorUnits(s.amountMinor, s.currency),
    currency: s.currency,
    transaction_ref: spreadsheetText(s.transactionRef ?? ''),
    contact_id: spreadsheetText(s.contactId ?? s.contactRef?.contactId ?? ''),
    contact_name: spreadsheetText(contact?.name ?? s.contactRef?.contactName ?? ([s.contactRef?.contactFirstName, s.contactRef?.contactLastName].filter(Boolean).join(' ') || '')),
    contact_email: spreadsheetText(contact?.email ?? s.contactRef?.contactEmail ?? ''),
    payment_id: spreadsheetText(s.paymentId ?? ''),
    created_at: s.createdAt.toISOString(),
    updated_at: s.updatedAt.toISOString(),
    deadline: deadline ? deadline.toISOString() : '',
  };
}

/** Entity property of each sortable column (SORT_COLUMNS), for the keyset of an export. */
const PROPERTY_OF_COLUMN: Readonly<Record<string, keyof PaymentSessionEntity>> = {
  's.created_at': 'createdAt',
  's.amount_minor': 'amountMinor',
  's.status': 'status',
  's.id': 'id',
};

/**
 * The rows after `last` in the order `columns` (all `order`), as a keyset condition:
 * (c0 > v0) OR (c0 = v0 AND c1 > v1) OR … — each branch a range on the sort's index.
 */
export function afterKey(columns: readonly string[], order: 'ASC' | 'DESC', last: PaymentSessionEntity): Brackets {
  const op = order === 'DESC' ? '<' : '>';
  const values = columns.map((column) => {
    const value = last[PROPERTY_OF_COLUMN[column]];
    return value instanceof Date ? value.getTime() : value;
  });
  return new Brackets((w) => {
    columns.forEach((column, i) => {
      const branch = new Brackets((b) => {
        columns.slice(0, i).forEach((prev, j) => b.andWhere(`${prev} = :key${j}`, { [`key${j}`]: values[j] }));
        b.andWhere(`${column} ${op} :key${i}`, { [`key${i}`]: values[i] });
      });
      if (i === 0) w.where(branch);
      else w.orWhere(branch);
    });
  });
}

/** Applies `columns` in `order` to `qb` and takes one batch. */
export function orderedBatch(qb: SelectQueryBuilder<PaymentSessionEntity>, columns: readonly string[], order: 'ASC' | 'DESC', size: number): SelectQueryBuilder<PaymentSessionEntity> {
  columns.forEach((column, i) => (i ? qb.addOrderBy(column, order) : qb.orderBy(column, order)));
  return qb.limit(size);
}
