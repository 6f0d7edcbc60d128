import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { newId } from '@paysession/common';
import { PaymentSessionOverviewService, PaymentSessionStatus } from '@paysession/payment-sessions';
import { StaffRole } from '@paysession/staff';
import { WebhookDeliveryEntity, WebhookDeliveryStatus, whereNotHeldBack } from '@paysession/webhooks';
import { StaffClient } from './support/admin-api';
import { defaultCheckoutConfigurationId, seedSessions } from './support/seed';
import { ok, QUIET, Tenant, TestApp } from './support/test-app';
import { onMysql } from './support/test-database';

const CREATE = `mutation($input: CreatePaymentSessionInput!) { createPaymentSession(input: $input) { id } }`;
const UPDATE = `mutation($input: UpdatePaymentSessionInput!) { updatePaymentSession(input: $input) { id status } }`;
const BUCKET = 'start created completed expired canceled rejected';
const ACTIVITY = `query($orgId: ID, $from: DateTime!, $until: DateTime!, $utcOffsetMinutes: Int) {
  overviewActivity(orgId: $orgId, from: $from, until: $until, utcOffsetMinutes: $utcOffsetMinutes) {
    from until completionRate rolledUpUntil hourly { ${BUCKET} } daily { ${BUCKET} } totals { ${BUCKET} }
  }
}`;
const NOW = `query($orgId: ID) {
  overviewNow(orgId: $orgId) {
    at
    pending { count oldest { id orgId createdAt pendingExpiresAt } }
    webhooks { retrying failed failedIsExact oldestDue { id sessionId dueAt attemptCount } }
    expirySweep { status overdue exact oldestDeadline behindSeconds }
  }
}`;

const HOUR = 3_600_000;
type Bucket = { start: string; created: number; completed: number; expired: number; canceled: number; rejected: number };
const KINDS = ['created', 'completed', 'expired', 'canceled', 'rejected'] as const;
const sum = (buckets: Bucket[]) => Object.fromEntries(KINDS.map((k) => [k, buckets.reduce((n, b) => n + b[k], 0)]));
const counts = (b: Bucket) => Object.fromEntries(KINDS.map((k) => [k, b[k]]));

/**
 * The console overview's queries (issue 19) on the database the suite runs on: counts per hour
 * and day, live and from the hourly roll-up alike (the roll-up run by two callers at once counts
 * each hour once), Pending now, failing webhooks, the sweep's backlog, the org filter, and the
 * staff session they need. No background work runs (QUIET): the test decides when to roll up.
 */
describe('the console overview (issue 19)', () => {
  let t: TestApp;
  let acme: Tenant;
  let globex: Tenant;
  let viewer: StaffClient;
  const ids: Record<string, string> = {};

  const create = async (tenant: Tenant, input: Record<string, unknown> = {}) =>
    ok(await t.gql(CREATE, { input: { orgId: tenant.orgId, amount: '10.00', currency: 'USD', ...input } }, { key: tenant.key })).createPaymentSession.id as string;
  const move = async (tenant: Tenant, id: string, status: string, extra: Record<string, unknown> = {}) =>
    ok(await t.gql(UPDATE, { input: { orgId: tenant.orgId, id, status, ...extra } }, { key: tenant.key }));
  const activity = async (variables: Record<string, unknown>) => (await viewer.ok(ACTIVITY, variables)).overviewActivity;
  const lastDay = () => ({ from: new Date(Date.now() - 24 * HOUR).toISOString(), until: new Date(Date.now() + HOUR).toISOString() });

  before(async () => {
    t = await TestApp.start(QUIET);
    acme = await t.tenant('Acme');
    globex = await t.tenant('Globex');
    viewer = await StaffClient.signedIn(t, StaffRole.viewer);
    ids.paid = await create(acme);
    await move(acme, ids.paid, 'Completed', { paymentId: 'pay-1' });
    ids.canceled = await create(acme);
    await move(acme, ids.canceled, 'Canceled');
    ids.open = await create(acme);
    ids.expired = await create(globex);
    await move(globex, ids.expired, 'Expired');
  });
  after(() => t?.close());

  it('counts sessions created, completed, expired, canceled per hour and day, of every org or one', async () => {
    const all = await activity(lastDay());
    assert.deepEqual(counts(all.totals), { created: 4, completed: 1, expired: 1, canceled: 1, rejected: 0 });
    assert.deepEqual(sum(all.hourly), counts(all.totals), 'the hours add up to the totals');
    assert.deepEqual(sum(all.daily), counts(all.totals), 'so do the days');
    assert.equal(all.hourly.length, (Date.parse(all.until) - Date.parse(all.from)) / HOUR, 'every hour of the range, zeros included');
    assert.equal(Date.parse(all.from) % HOUR, 0);
    assert.equal(all.completionRate, 1 / 3, 'one of three finished sessions completed');

    const acmeOnly = await activity({ ...lastDay(), orgId: acme.orgId });
    assert.deepEqual(counts(acmeOnly.totals), { created: 3, completed: 1, expired: 0, canceled: 1, rejected: 0 });
    assert.equal(acmeOnly.completionRate, 0.5);

    // Days start at the staff member's midnight: at UTC+14 and UTC-12 the same hours, other days.
    const east = await activity({ ...lastDay(), utcOffsetMinutes: 14 * 60 });
    assert.ok(east.daily.every((d: Bucket) => (Date.parse(d.start) + 14 * HOUR) % (24 * HOUR) === 0 || d === east.daily[0]));
    assert.deepEqual(sum(east.daily), counts(all.totals));
  });

  it('answers the same from the hourly roll-up as live, and two roll-ups at once count each hour once', async () => {
    const initech = await t.tenant('Initech');
    const cc = await defaultCheckoutConfigurationId(t.dataSource, initech.orgId);
    // Older sessions, straight into the table: created 30 h and 3 h ago, some finished 2 h ago.
    const old = await seedSessions(t.dataSource, { orgId: initech.orgId, checkoutConfigurationId: cc, count: 5 });
    const recent = await seedSessions(t.dataSource, { orgId: initech.orgId, checkoutConfigurationId: cc, count: 3 });
    const now = Date.now();
    const at = (ms: number, list: string[]) => t.dataSource.query(`UPDATE payment_sessions SET created_at = ?, updated_at = ? WHERE id IN (${list.map(() => '?').join(', ')})`, [ms, ms, ...list]);
    await at(now - 30 * HOUR, old);
    await at(now - 3 * HOUR, recent);
    await t.dataSource.query(`UPDATE payment_sessions SET status = ?, updated_at = ? WHERE id IN (?, ?)`, [PaymentSessionStatus.Completed, now - 2 * HOUR, old[0], recent[0]]);
    await t.dataSource.query(`UPDATE payment_sessions SET status = ?, updated_at = ? WHERE id = ?`, [PaymentSessionStatus.Rejected, now - 2 * HOUR, old[1]]);

    const range = { from: new Date(now - 48 * HOUR).toISOString(), until: new Date(now + HOUR).toISOString() };
    const liveAll = await activity(range);
    const liveOrg = await activity({ ...range, orgId: initech.orgId });
    assert.equal(liveAll.rolledUpUntil, null);
    assert.deepEqual(counts(liveOrg.totals), { created: 8, completed: 2, expired: 0, canceled: 0, rejected: 1 });

    const service = t.app.get(PaymentSessionOverviewService);
    const [a, b] = await Promise.all([service.rollUp(new Date(now)), service.rollUp(new Date(now))]);
    assert.ok(a.hours + b.hours > 0, 'the hours that are over were rolled up');
    assert.equal(a.rolledUntil.getTime(), b.rolledUntil.getTime());
    assert.equal((await service.rollUp(new Date(now))).hours, 0, 'a third run finds nothing left');

    const rolledAll = await activity(range);
    const rolledOrg = await activity({ ...range, orgId: initech.orgId });
    assert.ok(rolledAll.rolledUpUntil && Date.parse(rolledAll.rolledUpUntil) > now - 2 * HOUR, `rolled up until ${rolledAll.rolledUpUntil}`);
    assert.deepEqual(rolledAll.hourly, liveAll.hourly, 'every hour the same, every org');
    assert.deepEqual(rolledOrg.hourly, liveOrg.hourly, 'every hour the same, one org');
    assert.deepEqual(rolledAll.daily, liveAll.daily);
    const [{ n }] = await t.dataSource.query("SELECT COUNT(*) AS n FROM payment_session_hourly_counts WHERE org_id = '' AND kind = 'created'");
    assert.ok(Number(n) >= 2, 'hours with sessions have their all-orgs row');
  });

  it('says how many sessions are Pending now and the oldest, and how far the sweep is behind', async () => {
    const umbrella = await t.tenant('Umbrella');
    const cc = await defaultCheckoutConfigurationId(t.dataSource, umbrella.orgId);
    const ahead = () => new Date(Date.now() + HOUR);
    const [older] = await seedSessions(t.dataSource, { orgId: umbrella.orgId, checkoutConfigurationId: cc, count: 1, status: PaymentSessionStatus.Pending, pendingExpiresAt: ahead });
    await t.dataSource.query('UPDATE payment_sessions SET created_at = ? WHERE id = ?', [Date.now() - 5 * HOUR, older]);
    await seedSessions(t.dataSource, { orgId: umbrella.orgId, checkoutConfigurationId: cc, count: 2, status: PaymentSessionStatus.Pending, pendingExpiresAt: ahead });
    // Past its pendingExpiresAt: Expired to every reader, and the sweep's backlog.
    await seedSessions(t.dataSource, { orgId: umbrella.orgId, checkoutConfigurationId: cc, count: 1, status: PaymentSessionStatus.Pending, pendingExpiresAt: () => new Date(Date.now() - 60_000) });
    await seedSessions(t.dataSource, { orgId: umbrella.orgId, checkoutConfigurationId: cc, count: 2, expirationDate: () => new Date(Date.now() - 10 * 60_000) });

    const mine = (await viewer.ok(NOW, { orgId: umbrella.orgId })).overviewNow;
    assert.equal(mine.pending.count, 3);
    assert.equal(mine.pending.oldest.id, older);
    assert.equal(mine.pending.oldest.orgId, umbrella.orgId);
    const sweep = Object.fromEntries(mine.expirySweep.map((s: { status: string }) => [s.status, s]));
    assert.equal(sweep.Active.overdue, 2);
    assert.ok(sweep.Active.behindSeconds >= 600, `the sweep is at least 10 minutes behind (${sweep.Active.behindSeconds} s)`);
    assert.equal(sweep.Pending.overdue, 1);
    assert.equal((await viewer.ok(NOW, { orgId: acme.orgId })).overviewNow.pending.count, 0, 'another org has none pending');
    assert.ok((await viewer.ok(NOW)).overviewNow.pending.count >= 3, 'every org');
  });

  it('counts webhook deliveries failing now and names the oldest due one, per org', async () => {
    const repo = t.dataSource.getRepository(WebhookDeliveryEntity);
    const row = (status: WebhookDeliveryStatus, attemptCount: number, nextAttemptAt: Date) => ({
      id: newId('whd'), orgId: acme.orgId, eventId: newId('evt'), eventSeq: 1, sessionId: ids.open, url: 'https://merchant.example/hooks', status, attemptCount,
      nextAttemptAt, leaseUntil: null, claimToken: null, lastStatusCode: 500, lastError: 'HTTP 500', deliveredAt: null, createdAt: new Date(), updatedAt: new Date(),
    });
    const overdue = row(WebhookDeliveryStatus.Pending, 2, new Date(Date.now() - 15 * 60_000));
    await repo.insert([overdue, row(WebhookDeliveryStatus.Pending, 1, new Date(Date.now() + HOUR)), row(WebhookDeliveryStatus.Failed, 8, new Date()), row(WebhookDeliveryStatus.Pending, 0, new Date(Date.now() + HOUR))]);
    const { webhooks } = (await viewer.ok(NOW, { orgId: acme.orgId })).overviewNow;
    assert.equal(webhooks.retrying, 2);
    assert.equal(webhooks.failed, 1);
    assert.equal(webhooks.failedIsExact, true);
    assert.equal(webhooks.oldestDue.id, overdue.id);
    assert.equal(webhooks.oldestDue.attemptCount, 2);
    const other = (await viewer.ok(NOW, { orgId: globex.orgId })).overviewNow.webhooks;
    assert.deepEqual([other.retrying, other.failed, other.oldestDue], [0, 0, null]);
  });

  it('does not call a delivery held back behind an earlier open one of its session due (the worker would not claim it)', async () => {
    const repo = t.dataSource.getRepository(WebhookDeliveryEntity);
    const row = (sessionId: string, eventSeq: number, attemptCount: number, nextAttemptAt: Date) => ({
      id: newId('whd'), orgId: globex.orgId, eventId: newId('evt'), eventSeq, sessionId, url: 'https://globex.example/hooks', status: WebhookDeliveryStatus.Pending, attemptCount,
      nextAttemptAt, leaseUntil: null, claimToken: null, lastStatusCode: attemptCount ? 500 : null, lastError: attemptCount ? 'HTTP 500' : null, deliveredAt: null, createdAt: new Date(), updatedAt: new Date(),
    });
    // The session's first delivery failed and waits an hour for its retry; its second, due 30
    // minutes ago, waits behind it by design: the worker is not behind.
    const blocker = row(ids.expired, 1, 1, new Date(Date.now() + HOUR));
    const held = row(ids.expired, 2, 0, new Date(Date.now() - 30 * 60_000));
    await repo.insert([blocker, held]);
    let webhooks = (await viewer.ok(NOW, { orgId: globex.orgId })).overviewNow.webhooks;
    assert.equal(webhooks.retrying, 1);
    assert.equal(webhooks.oldestDue, null, `the held-back delivery is not due (got ${JSON.stringify(webhooks.oldestDue)})`);
    assert.notEqual((await viewer.ok(NOW)).overviewNow.webhooks.oldestDue?.id, held.id, 'nor for every org');

    // A delivery of another session, due 5 minutes ago and claimable, is the oldest due.
    const free = row(await create(globex), 1, 0, new Date(Date.now() - 5 * 60_000));
    await repo.insert(free);
    webhooks = (await viewer.ok(NOW, { orgId: globex.orgId })).overviewNow.webhooks;
    assert.equal(webhooks.oldestDue?.id, free.id);

    // Once the blocker is delivered, the held one is claimable and the oldest due.
    await repo.update({ id: blocker.id }, { status: WebhookDeliveryStatus.Succeeded, deliveredAt: new Date() });
    webhooks = (await viewer.ok(NOW, { orgId: globex.orgId })).overviewNow.webhooks;
    assert.equal(webhooks.oldestDue?.id, held.id);
  });

  it('finds the oldest due delivery through the (status, due time) index on MariaDB', { skip: !onMysql() && 'EXPLAIN plans are checked on MariaDB' }, async () => {
    // The overview's query, held-back condition from the worker's own helper.
    const [sql, params] = whereNotHeldBack(
      t.dataSource.getRepository(WebhookDeliveryEntity).createQueryBuilder('d').select('d.id').where('d.status = :status AND d.next_attempt_at <= :now', { status: WebhookDeliveryStatus.Pending, now: Date.now() }),
    )
      .orderBy('d.next_attempt_at', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .limit(1)
      .getQueryAndParameters();
    const plan = await t.dataSource.query(`EXPLAIN ${sql}`, params);
    assert.equal(plan[0].key, 'ix_webhook_deliveries_due', JSON.stringify(plan));
    assert.equal(plan[1].key, 'ix_webhook_deliveries_session', JSON.stringify(plan));
  });

  it('refuses a bad range, a caller without a staff session, and stays out of the merchant schema', async () => {
    const backwards = await viewer.gql(ACTIVITY, { from: new Date().toISOString(), until: new Date(Date.now() - 2 * HOUR).toISOString() });
    assert.equal(backwards.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    const tooLong = await viewer.gql(ACTIVITY, { from: new Date(Date.now() - 100 * 24 * HOUR).toISOString(), until: new Date().toISOString() });
    assert.equal(tooLong.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    const halfHour = await viewer.gql(ACTIVITY, { ...lastDay(), utcOffsetMinutes: 330 });
    assert.equal(halfHour.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
    const anonymous = await t.gql(NOW, {}, { path: '/admin-api' });
    assert.equal(anonymous.status, 401);
    const merchant = await t.gql(NOW, {}, { key: acme.key });
    assert.ok(merchant.errors?.length, 'the merchant API has no overview');
    const schema = fs.readFileSync(path.resolve(__dirname, '..', 'schema.gql'), 'utf8');
    assert.doesNotMatch(schema, /overview/i);
  });
});
