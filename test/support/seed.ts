import { randomBytes } from 'node:crypto';
import { newId } from '@paysession/common';
import { PaymentSessionEntity, PaymentSessionStatus } from '@paysession/payment-sessions';
import { DataSource } from 'typeorm';

export interface SeedOptions {
  orgId: string;
  checkoutConfigurationId: string;
  count: number;
  status?: PaymentSessionStatus;
  /** expirationDate of each row, by its index. */
  expirationDate?: (i: number) => Date | null;
  pendingExpiresAt?: (i: number) => Date | null;
  /** The payments partner the sessions were handed to. */
  partnerId?: string;
  /** transactionRef of each row, by its index (default none). */
  transactionRef?: (i: number) => string | null;
}

/**
 * Inserts sessions straight into the table, in chunks of 500 rows, for backlogs of thousands
 * (tests and benchmarks). It bypasses the API on purpose: rows already overdue cannot be created
 * through it.
 */
export async function seedSessions(ds: DataSource, o: SeedOptions): Promise<string[]> {
  const ids: string[] = [];
  const now = new Date();
  for (let start = 0; start < o.count; start += 500) {
    const rows: Partial<PaymentSessionEntity>[] = [];
    for (let i = start; i < Math.min(o.count, start + 500); i++) {
      const id = newId('ps');
      ids.push(id);
      rows.push({
        id,
        orgId: o.orgId,
        status: o.status ?? PaymentSessionStatus.Active,
        amountMinor: 1000 + (i % 5000),
        currency: 'USD',
        linkToken: randomBytes(24).toString('base64url'),
        contactRef: null,
        transactionRef: o.transactionRef?.(i) ?? null,
        invoiceIds: null,
        invoiceRefs: null,
        rejection: null,
        partnerId: o.partnerId ?? null,
        checkoutConfigurationId: o.checkoutConfigurationId,
        expirationDate: o.expirationDate?.(i) ?? null,
        pendingExpiresAt: o.pendingExpiresAt?.(i) ?? null,
        pendingReason: o.status === PaymentSessionStatus.Pending ? ('BUYER_ACTION_REQUIRED' as never) : null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
    }
    await ds.createQueryBuilder().insert().into(PaymentSessionEntity).values(rows as never).execute();
    // The seed runs inside the server's process, and better-sqlite3 answers synchronously: without
    // a turn of the event loop between chunks, thousands of rows would hold up the server's timers
    // for seconds. Its keep-alive sockets would then close only when the test's next request had
    // already been written to one (ECONNRESET). One chunk at a time, the server keeps time.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return ids;
}

/** The org's default checkout configuration id. */
export async function defaultCheckoutConfigurationId(ds: DataSource, orgId: string): Promise<string> {
  const [row] = await ds.query('SELECT id FROM checkout_configurations WHERE org_id = ? AND is_default = ?', [orgId, true]);
  return row.id;
}
