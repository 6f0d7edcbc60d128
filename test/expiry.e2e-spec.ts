import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ExpirySweepService } from '@paysession/expiry';
import { PaymentSessionStatus } from '@paysession/payment-sessions';
import { eventually } from './support/eventually';
import { defaultCheckoutConfigurationId, seedSessions } from './support/seed';
import { onMysql } from './support/test-database';
import { Tenant, TestApp } from './support/test-app';

const CREATE = `mutation($i: CreatePaymentSessionInput!) { createPaymentSession(input: $i) { id status } }`;
const GET = `query($o: ID!, $id: ID!) { paymentSession(orgId: $o, id: $id) { status link events { type actor } } }`;
const PENDING = `mutation($id: ID!, $at: DateTime!) { paymentSessionPending(id: $id, pendingExpiresAt: $at, reason: BUYER_ACTION_REQUIRED) { userErrors { code } } }`;
const RESOLVE = `mutation($id: ID!) { paymentSessionResolve(id: $id) { paymentSession { status } userErrors { code } } }`;

async function countBy(t: TestApp, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await t.dataSource.query(sql, params);
  return Number(Object.values(row)[0]);
}

describe('expiry: the scheduler on a one-second cron', () => {
  let t: TestApp;
  let acme: Tenant;

  before(async () => {
    t = await TestApp.start({ EXPIRY_CRON: '* * * * * *' });
    acme = await t.tenant();
  });
  after(() => t.close());

  it('expires overdue Active and Pending sessions once, and leaves the rest alone', async () => {
    const later = new Date(Date.now() + 3600_000).toISOString();
    const make = async () =>
      (await t.gql(CREATE, { i: { orgId: acme.orgId, amount: '10.00', currency: 'USD', expirationDate: later } }, { key: acme.key })).data.createPaymentSession.id as string;
    const overdue = await make();
    const notDue = await make();
    const pending = await make();
    const partner = await t.partner();
    await t.handOver(acme.orgId, partner, pending);
    assert.deepEqual((await t.gql(PENDING, { id: pending, at: later }, { key: partner.key })).data.paymentSessionPending.userErrors, []);
    // The API takes only future deadlines; the time passes here instead of in a sleep, so the
    // test does not depend on how fast a loaded machine gets through the calls above.
    const past = Date.now() - 1000;
    await t.dataSource.query('UPDATE payment_sessions SET expiration_date = ? WHERE id = ?', [past, overdue]);
    await t.dataSource.query('UPDATE payment_sessions SET pending_expires_at = ? WHERE id = ?', [past, pending]);

    const read = async (id: string) => (await t.gql(GET, { o: acme.orgId, id }, { key: acme.key })).data.paymentSession;
    // Watched in the table, not through the API: a read would expire them itself (the deadline
    // rule holds at every read), and this test is about the sweep doing it unasked.
    const status = async (id: string) => (await t.dataSource.query('SELECT status FROM payment_sessions WHERE id = ?', [id]))[0].status;
    await eventually(async () => (await status(overdue)) === 'Expired' && (await status(pending)) === 'Expired', 'the cron expired both overdue sessions');
    const expired = await read(overdue);
    assert.equal(expired.link, null);
    assert.deepEqual(expired.events.map((e: { type: string }) => e.type), ['payment_session.created', 'payment_session.expired']);
    assert.equal(expired.events[1].actor, 'scheduler');
    assert.equal((await read(notDue)).status, 'Active');
    assert.equal(await countBy(t, "SELECT COUNT(*) AS n FROM payment_session_events WHERE type = 'payment_session.expired'"), 2);
  });

  it('reports expiry figures at /metrics', async () => {
    const text = await (await fetch(`${t.url}/metrics`)).text();
    assert.match(text, /paysession_sessions_expired_total\{from="Active"\} [1-9]/);
    assert.match(text, /paysession_expiry_sweep_duration_seconds_count [1-9]/);
    assert.match(text, /paysession_expiry_oldest_overdue_seconds \d/);
  });
});

describe('expiry: the sweep against a backlog', () => {
  let t: TestApp;
  let acme: Tenant;
  let cc: string;

  before(async () => {
    t = await TestApp.start({ EXPIRY_ENABLED: 'false', EXPIRY_BATCH_SIZE: '200' });
    acme = await t.tenant();
    cc = await defaultCheckoutConfigurationId(t.dataSource, acme.orgId);
  });
  after(() => t.close());

  it('works off a backlog batch after batch within one run, oldest first', async () => {
    const past = (i: number) => new Date(Date.now() - 60_000 - i * 1000);
    await seedSessions(t.dataSource, { orgId: acme.orgId, checkoutConfigurationId: cc, count: 1000, expirationDate: past });
    await seedSessions(t.dataSource, { orgId: acme.orgId, checkoutConfigurationId: cc, count: 50, expirationDate: () => new Date(Date.now() + 3600_000) });
    const result = await t.app.get(ExpirySweepService).sweep();
    assert.equal(result.expired, 1000);
    assert.ok(result.batches >= 5, `${result.batches} batches`);
    assert.ok(result.behindSeconds >= 1000, `behind ${result.behindSeconds}s`);
    assert.equal(await countBy(t, 'SELECT COUNT(*) AS n FROM payment_sessions WHERE status = ?', ['Expired']), 1000);
    assert.equal(await countBy(t, 'SELECT COUNT(*) AS n FROM payment_sessions WHERE status = ?', ['Active']), 50);
    assert.equal(await countBy(t, "SELECT COUNT(*) AS n FROM payment_session_events WHERE type = 'payment_session.expired'"), 1000);
    assert.equal((await t.app.get(ExpirySweepService).sweep()).expired, 0);
  });

  it('races a partner resolve on the same sessions: one winner and one terminal event each', async () => {
    const partner = await t.partner();
    const ids = await seedSessions(t.dataSource, { orgId: acme.orgId, checkoutConfigurationId: cc, count: 40, expirationDate: () => new Date(Date.now() - 1000), partnerId: partner.partnerId });
    const outcomes = await Promise.all([t.app.get(ExpirySweepService).sweep(), ...ids.map((id) => t.gql(RESOLVE, { id }, { key: partner.key }))]);
    for (const res of outcomes.slice(1) as { data: { paymentSessionResolve: { userErrors: { code: string }[] } } }[]) {
      const errors = res.data.paymentSessionResolve.userErrors;
      assert.ok(errors.length === 0 || errors[0].code === 'RESOLVE_INVALID_STATE', JSON.stringify(errors));
    }
    for (const id of ids) {
      const events = await t.dataSource.query('SELECT type FROM payment_session_events WHERE session_id = ? ORDER BY seq', [id]);
      const [{ status }] = await t.dataSource.query('SELECT status FROM payment_sessions WHERE id = ?', [id]);
      assert.equal(events.length, 1, `${id}: ${JSON.stringify(events)}`);
      assert.equal(events[0].type, status === 'Expired' ? 'payment_session.expired' : 'payment_session.completed');
      assert.ok(['Expired', 'Completed'].includes(status));
    }
  });

  it('finds due sessions through the (status, due time) index on MariaDB', { skip: !onMysql() && 'EXPLAIN plans are checked on MariaDB' }, async () => {
    const plan = await t.dataSource.query(
      "EXPLAIN SELECT id FROM payment_sessions WHERE status = 'Active' AND expiration_date <= ? ORDER BY expiration_date LIMIT 500 FOR UPDATE SKIP LOCKED",
      [Date.now()],
    );
    assert.equal(plan[0].key, 'ix_payment_sessions_status_expiration', JSON.stringify(plan));
    const pendingPlan = await t.dataSource.query(
      "EXPLAIN SELECT id FROM payment_sessions WHERE status = 'Pending' AND pending_expires_at <= ? ORDER BY pending_expires_at LIMIT 500",
      [Date.now()],
    );
    // On a near-empty table MariaDB picks between the sweep's (status, pending_expires_at) and the
    // overview's (status, org_id, pending_expires_at, created_at) by a tie of costs: either reads
    // only Pending rows, through an index. Which one it takes at scale is bench:expiry's to show.
    assert.ok(['ix_payment_sessions_status_pending_expires', 'ix_payment_sessions_status_org_pending'].includes(pendingPlan[0].key), JSON.stringify(pendingPlan));
    assert.notEqual(pendingPlan[0].type, 'ALL', JSON.stringify(pendingPlan));
  });
});

describe('expiry: three instances sweep one backlog', { skip: !onMysql() && 'several instances share one database on MariaDB' }, () => {
  let instances: TestApp[] = [];

  before(async () => {
    const first = await TestApp.start({ EXPIRY_ENABLED: 'false', EXPIRY_BATCH_SIZE: '100' });
    instances = [first, await TestApp.start({ EXPIRY_ENABLED: 'false', EXPIRY_BATCH_SIZE: '100' }, { sameDatabaseAs: first }), await TestApp.start({ EXPIRY_ENABLED: 'false', EXPIRY_BATCH_SIZE: '100' }, { sameDatabaseAs: first })];
  });
  after(async () => {
    for (const instance of instances.slice().reverse()) await instance.close();
  });

  it('expires each session once, with one .expired event each', async () => {
    const [first] = instances;
    const acme = await first.tenant();
    const cc = await defaultCheckoutConfigurationId(first.dataSource, acme.orgId);
    const count = 3000;
    await seedSessions(first.dataSource, { orgId: acme.orgId, checkoutConfigurationId: cc, count: count - 500, expirationDate: (i) => new Date(Date.now() - 10_000 - i) });
    await seedSessions(first.dataSource, { orgId: acme.orgId, checkoutConfigurationId: cc, count: 500, status: PaymentSessionStatus.Pending, pendingExpiresAt: (i) => new Date(Date.now() - 10_000 - i) });

    const results = await Promise.all(instances.map((instance) => instance.app.get(ExpirySweepService).sweep()));
    assert.equal(results.reduce((sum, r) => sum + r.expired, 0), count, JSON.stringify(results));
    assert.ok(results.filter((r) => r.expired > 0).length >= 2, `the work was shared: ${JSON.stringify(results)}`);
    assert.equal(await countBy(first, 'SELECT COUNT(*) AS n FROM payment_sessions WHERE status = ?', ['Expired']), count);
    assert.equal(await countBy(first, "SELECT COUNT(*) AS n FROM payment_session_events WHERE type = 'payment_session.expired'"), count);
    assert.equal(await countBy(first, "SELECT COUNT(*) AS n FROM (SELECT session_id FROM payment_session_events WHERE type = 'payment_session.expired' GROUP BY session_id HAVING COUNT(*) > 1) d"), 0);
  });
});
