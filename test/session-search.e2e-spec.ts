import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newId } from '@paysession/common';
import { Transactions } from '@paysession/database';
import { StaffRole } from '@paysession/staff';
import { StaffClient } from './support/admin-api';
import { defaultCheckoutConfigurationId, seedSessions } from './support/seed';
import { ok, QUIET, Tenant, TestApp } from './support/test-app';

const CREATE = `mutation($input: CreatePaymentSessionInput!) { createPaymentSession(input: $input) { id } }`;
const CREATE_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`;
const LIST = `query($filter: AdminPaymentSessionFilter) { paymentSessions(filter: $filter, perPage: 100) { total nodes { id } } }`;

/** The tables the search reads; a plan that walks one of them whole is a full scan. */
const SEARCHED = ['payment_sessions', 'contacts', 'staff_session_emails'];

/**
 * Issue 19, "search that finds": the console's session search matches the start of a
 * transactionRef (letter for letter) and of a contact email (any case), on the suite's database,
 * and every statement it runs reads the searched tables through index range scans or lookups,
 * never whole: MariaDB's EXPLAIN and SQLite's EXPLAIN QUERY PLAN of each, on thousands of rows.
 */
describe('the console finds sessions by the start of a reference or an email, through indexes', { timeout: 600_000 }, () => {
  let t: TestApp;
  let acme: Tenant;
  let globex: Tenant;
  let viewer: StaffClient;
  const sessions: Record<string, string> = {};

  const createSession = async (tenant: Tenant, input: Record<string, unknown>) =>
    ok(await t.gql(CREATE, { input: { orgId: tenant.orgId, amount: '10.00', currency: 'USD', ...input } }, { key: tenant.key })).createPaymentSession.id as string;
  const find = async (q: string, filter: Record<string, unknown> = {}) =>
    (ok(await viewer.gql(LIST, { filter: { q, ...filter } })).paymentSessions.nodes as { id: string }[]).map((n) => n.id).sort();
  const named = (...names: string[]) => names.map((n) => sessions[n]).sort();

  /** Every SQL statement (with its parameters) the app runs while `work` runs. */
  const statements = async (work: () => Promise<unknown>): Promise<{ sql: string; parameters: unknown[] }[]> => {
    const seen: { sql: string; parameters: unknown[] }[] = [];
    const restore = t.app.get(Transactions).dataSources.map((ds) => {
      const logger = ds.logger;
      const original = logger.logQuery.bind(logger);
      logger.logQuery = (sql: string, parameters?: unknown[], ...rest: unknown[]) => {
        seen.push({ sql, parameters: parameters ?? [] });
        return (original as (...args: unknown[]) => unknown)(sql, parameters, ...rest);
      };
      return () => (logger.logQuery = original);
    });
    try {
      await work();
    } finally {
      for (const undo of restore) undo();
    }
    return seen;
  };

  /**
   * The database's own plan of `sql`, and the ways it reads a searched table whole (`scans`; empty:
   * none). `strict`: an index read from end to end counts too (MariaDB's `index`, SQLite's
   * `SCAN … USING INDEX`); without it only reading the table itself does, since the page of a
   * search walks the sort order's index and stops at the page's end (LIMIT).
   */
  const plan = async (sql: string, parameters: unknown[], strict: boolean): Promise<{ scans: string[]; plan: string }> => {
    if (t.dbKind === 'mysql') {
      const rows: { table: string | null; type: string | null; key: string | null; rows: number | null }[] = await t.dataSource.query(`EXPLAIN ${sql}`, parameters);
      // ALL: every row; index: every entry of an index. Derived tables (<derived2>, <union…>) are the search's own small results.
      const lines = rows.map((r) => `${r.table}: ${r.type} ${r.key ?? ''} (${r.rows} rows)`);
      const whole = (r: (typeof rows)[number]) => r.type === 'ALL' || (strict && r.type === 'index');
      return { scans: rows.filter((r) => r.table && !r.table.startsWith('<') && whole(r)).map((r) => `${r.table}: ${r.type}`), plan: lines.join('; ') };
    }
    const rows: { detail: string }[] = await t.dataSource.query(`EXPLAIN QUERY PLAN ${sql}`, parameters);
    // SEARCH: a range or a lookup on an index; SCAN of a table (with or without an index): all of it.
    const aliases = new Set([...SEARCHED, ...[...sql.matchAll(/\b(?:payment_sessions|contacts|staff_session_emails)\s+(?:AS\s+)?[`"]?(\w+)/gi)].map((m) => m[1])]);
    const details = rows.map((r) => r.detail);
    const whole = (detail: string) => /^SCAN (\S+)/.test(detail) && aliases.has(detail.match(/^SCAN (\S+)/)![1]) && (strict || !/ USING /.test(detail));
    return { scans: details.filter(whole), plan: details.join('; ') };
  };

  before(async () => {
    t = await TestApp.start(QUIET);
    acme = await t.tenant('Acme');
    globex = await t.tenant('Globex');
    viewer = await StaffClient.signedIn(t, StaffRole.viewer);

    // Thousands of other sessions, contacts and emails, so that each database plans as it would with real data.
    const cc = await defaultCheckoutConfigurationId(t.dataSource, acme.orgId);
    const seeded = await seedSessions(t.dataSource, { orgId: acme.orgId, checkoutConfigurationId: cc, count: 3000, transactionRef: (i) => `SEED-${String(i).padStart(5, '0')}` });
    for (let start = 0; start < seeded.length; start += 500) {
      const chunk = seeded.slice(start, start + 500);
      await t.dataSource.query(`INSERT INTO staff_session_emails (email, session_id) VALUES ${chunk.map(() => '(?, ?)').join(', ')}`, chunk.flatMap((id, i) => [`seed${start + i}@example.net`, id]));
      const now = Date.now();
      await t.dataSource.query(
        `INSERT INTO contacts (id, org_id, name, email, email_lower, name_lower, created_at, updated_at) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((_, i) => [newId('ct'), acme.orgId, `Seed ${start + i}`, `Seed${start + i}@Example.org`, `seed${start + i}@example.org`, `seed ${start + i}`, now, now]),
      );
    }
    // MariaDB keeps index statistics by itself (refreshed here at once); the product never runs
    // SQLite's ANALYZE, so its planner estimates as it does in production, without them.
    if (t.dbKind === 'mysql') await t.dataSource.query('ANALYZE TABLE payment_sessions, contacts, staff_session_emails');

    const grace = ok(await t.gql(CREATE_CONTACT, { input: { orgId: acme.orgId, name: 'Grace Hopper', email: 'Grace.Hopper@Navy.example' } }, { key: acme.key })).createContact.id;
    sessions.order1 = await createSession(acme, { transactionRef: 'ORDER-2026-0001' });
    sessions.order2 = await createSession(acme, { transactionRef: 'ORDER-2026-0002', contactRef: { contactName: 'Ada Lovelace', contactEmail: 'Ada.Lovelace@Example.com' } });
    sessions.lower = await createSession(acme, { transactionRef: 'order-2026-0003' });
    sessions.grace = await createSession(acme, { transactionRef: 'GH-1', contactId: grace });
    sessions.billing = await createSession(acme, { invoiceRefs: [{ invoiceNumber: 'INV-1', amount: '10.00', billingContact: { contactEmail: 'accounts@billing.example' } }] });
    sessions.wild = await createSession(acme, { transactionRef: 'A_B%C' });
    sessions.wildLike = await createSession(acme, { transactionRef: 'AXBYC' });
    sessions.theirs = await createSession(globex, { transactionRef: 'ORDER-2026-0004' });
  });
  after(() => t?.close());

  it('matches the start of a transactionRef, letter for letter', async () => {
    assert.deepEqual(await find('ORDER-2026'), named('order1', 'order2', 'theirs'));
    assert.deepEqual(await find('ORDER-2026-0001'), named('order1'), 'a whole reference is its own start');
    assert.deepEqual(await find('order-2026'), named('lower'), 'case counts in a reference');
    assert.deepEqual(await find('ORDER-2026', { orgId: acme.orgId }), named('order1', 'order2'), 'the organization filter holds');
    assert.deepEqual(await find('RDER'), [], 'the start, not the middle');
  });

  it('matches the start of a contact email in any case: the attached contact, the inline one, an invoice contact', async () => {
    assert.deepEqual(await find('grace.h'), named('grace'));
    assert.deepEqual(await find('GRACE.HOPPER@NAVY'), named('grace'));
    assert.deepEqual(await find('ada.love'), named('order2'));
    assert.deepEqual(await find('Accounts@'), named('billing'));
    assert.deepEqual(await find('ada.lovelace@example.com'), named('order2'), 'a whole address too');
  });

  it('takes % and _ as letters, not wildcards', async () => {
    assert.deepEqual(await find('A_B%'), named('wild'));
    assert.deepEqual(await find('A_'), named('wild'));
    assert.deepEqual(await find('A%'), []);
  });

  it('finds a session by its whole id, and counts past a page', async () => {
    assert.deepEqual(await find(sessions.grace), named('grace'));
    const page = ok(await viewer.gql(LIST, { filter: { q: 'SEED-00' } })).paymentSessions;
    assert.equal(page.total, 1000, 'SEED-00000 to SEED-00999');
    assert.equal(page.nodes.length, 100);
  });

  for (const [what, q] of [
    ['a reference', 'ORDER-2026'],
    ['an email', 'grace.h'],
    ['a term matching a thousand sessions', 'SEED-00'],
    ['a term matching nothing', 'NOPE-42'],
    ['a session id', 'ps_01JD3Y0000000000000000000X'],
  ] as const) {
    it(`reads only index ranges for ${what} (EXPLAIN)`, async () => {
      const ran = await statements(() => viewer.ok(LIST, { filter: { q } }));
      const reads = ran.filter((s) => /^\s*(SELECT|WITH)\b/i.test(s.sql) && SEARCHED.some((table) => s.sql.includes(table)));
      // The search itself (its branches name the email index table): index ranges and lookups only.
      const searches = reads.filter((s) => s.sql.includes('staff_session_emails'));
      assert.ok(searches.length, 'the search statement was seen');
      for (const { sql, parameters } of reads) {
        const { scans, plan: how } = await plan(sql, parameters, searches.some((s) => s.sql === sql));
        assert.deepEqual(scans, [], `a full scan in: ${sql.slice(0, 600)}\nplan: ${how}`);
      }
    });
  }
});
