import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import * as ipaddr from 'ipaddr.js';
import { newId } from '@paysession/common';
import { WebhookDeliveryEntity, WebhookDeliveryStatus, WebhookDeliveryWorker } from '@paysession/webhooks';
import { register } from 'prom-client';
import { Webhook } from 'standardwebhooks';
import { eventually } from './support/eventually';
import { onMysql } from './support/test-database';
import { codeOf, Tenant, TestApp } from './support/test-app';
import { databaseUrlOf, freePort, ServerProcess } from './support/server-process';
import { WebhookReceiver } from './support/webhook-receiver';

const FAST = { CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_POLL_MS: '100', WEBHOOK_RETRY_DELAYS: '1,1,1,1,1', WEBHOOK_TIMEOUT_MS: '1500', EXPIRY_ENABLED: 'false' };
const CREATE = `mutation($i: CreatePaymentSessionInput!) { createPaymentSession(input: $i) { id } }`;
const UPDATE = `mutation($i: UpdatePaymentSessionInput!) { updatePaymentSession(input: $i) { id status } }`;
const ROTATE = `mutation($o: ID!) { rotateWebhookSecret(orgId: $o) { secret } }`;
const DELIVERIES = `query($o: ID!, $f: WebhookDeliveryFilter) { webhookDeliveries(orgId: $o, filter: $f, first: 100) { nodes { id eventId status attemptCount lastStatusCode lastError attempts { statusCode error durationMs } } } }`;
const REDELIVER = `mutation($o: ID!, $d: ID!) { redeliverWebhook(orgId: $o, deliveryId: $d) { id status } }`;
const SEND_TEST = `mutation($o: ID!, $u: URL!) { sendTestWebhook(orgId: $o, url: $u) { webhookId url delivered statusCode error durationMs responseExcerpt } }`;

async function createSession(t: TestApp, tenant: Tenant, callbackUrl: string): Promise<string> {
  const res = await t.gql(CREATE, { i: { orgId: tenant.orgId, amount: '12.50', currency: 'EUR', callbackUrl } }, { key: tenant.key });
  assert.equal(res.errors, undefined, JSON.stringify(res.errors));
  return res.data.createPaymentSession.id;
}

async function deliveries(t: TestApp, tenant: Tenant, filter: Record<string, unknown> = {}) {
  return (await t.gql(DELIVERIES, { o: tenant.orgId, f: filter }, { key: tenant.key })).data.webhookDeliveries.nodes as {
    id: string;
    eventId: string;
    status: string;
    attemptCount: number;
    lastStatusCode: number | null;
    lastError: string | null;
    attempts: { statusCode: number | null; error: string | null }[];
  }[];
}

describe('webhooks: signed delivery from the event log', () => {
  let t: TestApp;
  let acme: Tenant;
  let receiver: WebhookReceiver;

  before(async () => {
    t = await TestApp.start(FAST);
    acme = await t.tenant();
    receiver = await WebhookReceiver.start();
  });
  after(async () => {
    await t.close();
    await receiver.close();
  });

  it('delivers each event, signed with the rotated secret, with the documented body', async () => {
    const { secret } = (await t.gql(ROTATE, { o: acme.orgId }, { key: acme.key })).data.rotateWebhookSecret;
    assert.match(secret, /^whsec_/);
    const stored = await t.dataSource.query('SELECT secret FROM webhook_secrets WHERE org_id = ?', [acme.orgId]);
    assert.ok(stored.length >= 2);
    for (const row of stored) assert.match(row.secret, /^v1:/, 'sealed, never the secret itself');
    assert.ok(!JSON.stringify(stored).includes(secret.slice('whsec_'.length, 20)));
    const id = await createSession(t, acme, receiver.url());
    await receiver.waitFor(() => receiver.received.some((r) => r.json?.data?.paymentSession?.id === id));
    const got = receiver.received.find((r) => r.json.data.paymentSession.id === id)!;
    assert.doesNotThrow(() => new Webhook(secret).verify(got.body, got.headers));
    assert.equal(got.headers['webhook-id'], got.json.id);
    assert.match(got.json.id, /^evt_/);
    assert.equal(got.json.type, 'payment_session.created');
    assert.equal(got.json.orgId, acme.orgId);
    assert.ok(!Number.isNaN(Date.parse(got.json.occurredAt)));
    assert.equal(got.json.data.paymentSession.amount, '12.50');
    assert.equal(got.json.data.paymentSession.status, 'Active');
    assert.equal(got.headers['content-type'], 'application/json');
  });

  it('keeps signing with the previous secret during the grace period after a rotation', async () => {
    const first = (await t.gql(ROTATE, { o: acme.orgId }, { key: acme.key })).data.rotateWebhookSecret.secret;
    const second = (await t.gql(ROTATE, { o: acme.orgId }, { key: acme.key })).data.rotateWebhookSecret.secret;
    const id = await createSession(t, acme, receiver.url('/rotated'));
    await receiver.waitFor(() => receiver.received.some((r) => r.json?.data?.paymentSession?.id === id));
    const got = receiver.received.find((r) => r.json.data.paymentSession.id === id)!;
    assert.equal(got.headers['webhook-signature'].split(' ').length >= 2, true);
    assert.doesNotThrow(() => new Webhook(second).verify(got.body, got.headers));
    assert.doesNotThrow(() => new Webhook(first).verify(got.body, got.headers));
    assert.throws(() => new Webhook(`whsec_${Buffer.from('not the secret at all, not at all').toString('base64')}`).verify(got.body, got.headers));
  });

  it('sendTestWebhook sends a signed webhook.test event at once and reports what the endpoint answered', async () => {
    const { secret } = (await t.gql(ROTATE, { o: acme.orgId }, { key: acme.key })).data.rotateWebhookSecret;
    const sent = await t.gql(SEND_TEST, { o: acme.orgId, u: receiver.url('/test-hook') }, { key: acme.key });
    assert.equal(sent.errors, undefined, JSON.stringify(sent.errors));
    const result = sent.data.sendTestWebhook;
    assert.equal(result.delivered, true);
    assert.equal(result.statusCode, 200);
    assert.equal(result.error, null);
    assert.equal(result.responseExcerpt, 'ok');
    const got = receiver.received.find((r) => r.headers['webhook-id'] === result.webhookId)!;
    assert.ok(got, 'the receiver got it before the mutation answered');
    assert.doesNotThrow(() => new Webhook(secret).verify(got.body, got.headers));
    assert.equal(got.json.type, 'webhook.test');
    assert.equal(got.json.orgId, acme.orgId);
    assert.equal(got.json.id, result.webhookId);
    assert.match(got.json.id, /^evt_/);
    const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM webhook_deliveries WHERE event_id = ?', [result.webhookId]);
    assert.equal(Number(n), 0, 'a test event is neither stored nor retried');

    const refusing = await WebhookReceiver.start(() => ({ status: 500 }));
    try {
      const failed = (await t.gql(SEND_TEST, { o: acme.orgId, u: refusing.url() }, { key: acme.key })).data.sendTestWebhook;
      assert.deepEqual([failed.delivered, failed.statusCode, failed.error], [false, 500, 'HTTP 500']);
      assert.equal(refusing.received.length, 1);
    } finally {
      await refusing.close();
    }
    const closed = (await t.gql(SEND_TEST, { o: acme.orgId, u: `http://127.0.0.1:${await freePort()}/` }, { key: acme.key })).data.sendTestWebhook;
    assert.equal(closed.delivered, false);
    assert.equal(closed.statusCode, null);
    assert.equal(closed.error, 'The endpoint refused the connection');

    const other = await t.tenant('Other');
    assert.equal(codeOf(await t.gql(SEND_TEST, { o: other.orgId, u: receiver.url() }, { key: acme.key })), 'NOT_FOUND');
    const readOnly = await t.apiKey(acme.orgId, ['read_payment_sessions']);
    assert.equal(codeOf(await t.gql(SEND_TEST, { o: acme.orgId, u: receiver.url() }, { key: readOnly })), 'FORBIDDEN');
  });

  it('rides out an outage of a few seconds with the same webhook-id on every attempt', async () => {
    const outage = await WebhookReceiver.start((n) => ({ status: n < 2 ? 503 : 200 }));
    try {
      const id = await createSession(t, acme, outage.url());
      await outage.waitFor(() => outage.received.some((r) => r.headers && r.json?.data?.paymentSession?.id === id && outage.received.length >= 3));
      const ids = new Set(outage.received.map((r) => r.headers['webhook-id']));
      assert.equal(ids.size, 1);
      await eventually(async () => (await deliveries(t, acme, { sessionId: id }))[0]?.status === 'Succeeded', 'the delivery is Succeeded');
      const [delivery] = await deliveries(t, acme, { sessionId: id });
      assert.equal(delivery.attemptCount, 3);
      assert.deepEqual(delivery.attempts.map((a) => a.statusCode), [503, 503, 200]);
    } finally {
      await outage.close();
    }
  });

  it("delivers a session's events in order even when an early one needs retries", async () => {
    let firstSeen = false;
    const flaky = await WebhookReceiver.start((_n, body) => {
      if (!firstSeen && body.includes('payment_session.created')) {
        firstSeen = true;
        return { status: 500 };
      }
      return { status: 200 };
    });
    try {
      const id = await createSession(t, acme, flaky.url());
      await t.gql(UPDATE, { i: { orgId: acme.orgId, id, transactionRef: 'tx-1' } }, { key: acme.key });
      await t.gql(UPDATE, { i: { orgId: acme.orgId, id, status: 'Canceled' } }, { key: acme.key });
      await flaky.waitFor(() => flaky.received.filter((r) => r.json?.type === 'payment_session.canceled').length === 1);
      const okTypes = flaky.received.filter((r) => (r as unknown as { status: number }).status === 200).map((r) => r.json.type);
      assert.deepEqual(okTypes, ['payment_session.created', 'payment_session.updated', 'payment_session.canceled']);
      const firstCreated = flaky.received.findIndex((r) => r.json.type === 'payment_session.created');
      const firstUpdated = flaky.received.findIndex((r) => r.json.type === 'payment_session.updated');
      assert.ok(firstCreated < firstUpdated, 'nothing later was sent before the first event succeeded');
    } finally {
      await flaky.close();
    }
  });

  it('fails a delivery after its last attempt, treats redirects as failures, and redelivers by hand', async () => {
    const strict = await TestApp.start({ ...FAST, WEBHOOK_RETRY_DELAYS: '1' });
    const acme = await strict.tenant();
    const redirecting = await WebhookReceiver.start((n) => (n < 2 ? { status: 302, headers: { location: 'http://127.0.0.1:9/elsewhere' } } : { status: 200 }));
    try {
      const id = await createSession(strict, acme, redirecting.url());
      await eventually(async () => (await deliveries(strict, acme, { sessionId: id }))[0]?.status === 'Failed', 'the delivery is Failed');
      const [failed] = await deliveries(strict, acme, { sessionId: id });
      assert.equal(failed.attemptCount, 2);
      assert.match(failed.lastError!, /redirects are not followed/);
      assert.equal(redirecting.received.length, 2);

      const again = await strict.gql(REDELIVER, { o: acme.orgId, d: failed.id }, { key: acme.key });
      assert.equal(again.data.redeliverWebhook.status, 'Pending');
      await eventually(async () => (await deliveries(strict, acme, { sessionId: id }))[0]?.status === 'Succeeded', 'the delivery is Succeeded');
      assert.equal(codeOf(await strict.gql(REDELIVER, { o: acme.orgId, d: failed.id }, { key: acme.key })), 'INVALID_STATE');
    } finally {
      await strict.close();
      await redirecting.close();
    }
  });

  it('stops delivering to an endpoint that answers 410 Gone, until a redelivery', async () => {
    const gone = await WebhookReceiver.start((n) => ({ status: n === 0 ? 410 : 200 }));
    try {
      const first = await createSession(t, acme, gone.url());
      await eventually(async () => (await deliveries(t, acme, { sessionId: first }))[0]?.status === 'Failed', 'the delivery is Failed');
      const second = await createSession(t, acme, gone.url());
      await sleep(500);
      const [blocked] = await deliveries(t, acme, { sessionId: second });
      assert.equal(blocked.status, 'Failed');
      assert.match(blocked.lastError!, /410 Gone/);
      assert.equal(gone.received.length, 1);
      await t.gql(REDELIVER, { o: acme.orgId, d: blocked.id }, { key: acme.key });
      await eventually(async () => (await deliveries(t, acme, { sessionId: second }))[0]?.status === 'Succeeded', 'the delivery is Succeeded');
    } finally {
      await gone.close();
    }
  });

  it('does not report a delivery held back behind an earlier open one of its session as late (paysession_webhook_oldest_due_seconds)', async () => {
    const tenant = await t.tenant();
    const sessionId = await createSession(t, tenant, receiver.url());
    const repo = t.dataSource.getRepository(WebhookDeliveryEntity);
    const row = (eventSeq: number, nextAttemptAt: Date) => ({
      id: newId('whd'), orgId: tenant.orgId, eventId: newId('evt'), eventSeq, sessionId, url: receiver.url(), status: WebhookDeliveryStatus.Pending, attemptCount: eventSeq === 100 ? 1 : 0,
      nextAttemptAt, leaseUntil: null, claimToken: null, lastStatusCode: null, lastError: null, deliveredAt: null, createdAt: new Date(), updatedAt: new Date(),
    });
    // The session's delivery 100 failed and retries in an hour; its delivery 101, due 30 minutes
    // ago, waits behind it by design: the worker is not 30 minutes behind.
    const blocker = row(100, new Date(Date.now() + 3600_000));
    const held = row(101, new Date(Date.now() - 30 * 60_000));
    await repo.insert([blocker, held]);
    try {
      await t.app.get(WebhookDeliveryWorker).runOnce();
      const [gauge] = (await register.getSingleMetric('paysession_webhook_oldest_due_seconds')!.get()).values;
      assert.ok(gauge.value < 600, `oldest due ${gauge.value} s: the held-back delivery counted as late`);
    } finally {
      await repo.delete([blocker.id, held.id]);
    }
  });

  it("refuses another org's delivery as NOT_FOUND", async () => {
    const other = await t.tenant('Other');
    const [mine] = await deliveries(t, acme);
    assert.equal(codeOf(await t.gql(REDELIVER, { o: other.orgId, d: mine.id }, { key: other.key })), 'NOT_FOUND');
    assert.equal(codeOf(await t.gql(REDELIVER, { o: acme.orgId, d: mine.id }, { key: other.key })), 'NOT_FOUND');
    assert.deepEqual(await deliveries(t, other), []);
  });
});

describe('webhooks: SSRF protection', () => {
  let t: TestApp;
  let acme: Tenant;

  before(async () => {
    t = await TestApp.start({ WEBHOOK_POLL_MS: '100', WEBHOOK_RETRY_DELAYS: '1', WEBHOOK_TIMEOUT_MS: '1500', EXPIRY_ENABLED: 'false' });
    acme = await t.tenant();
  });
  after(() => t.close());

  it('refuses callback URLs that are literal private, loopback, link-local or mapped addresses', async () => {
    for (const url of ['http://127.0.0.1:8080/x', 'http://10.0.0.5/hook', 'http://192.168.1.1/', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/x', 'http://[::ffff:127.0.0.1]/x', 'http://[fd00::1]/', 'http://0.0.0.0/', 'http://localhost:3000/']) {
      const res = await t.gql(CREATE, { i: { orgId: acme.orgId, amount: '1.00', currency: 'USD', callbackUrl: url } }, { key: acme.key });
      assert.equal(codeOf(res), 'BAD_USER_INPUT', url);
      assert.equal(res.errors![0].extensions!.field, 'input.callbackUrl');
    }
    const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM payment_sessions');
    assert.equal(Number(n), 0);
  });

  it('says how to allow a localhost callbackUrl in development, for sessions and test webhooks alike', async () => {
    const res = await t.gql(CREATE, { i: { orgId: acme.orgId, amount: '1.00', currency: 'USD', callbackUrl: 'http://localhost:4000/hooks' } }, { key: acme.key });
    assert.equal(codeOf(res), 'BAD_USER_INPUT');
    assert.match(res.errors![0].message, /^callbackUrl must not point at localhost \(in development, set CALLBACK_ALLOW_PRIVATE_NETWORKS=true/);
    const test = await t.gql(SEND_TEST, { o: acme.orgId, u: 'http://127.0.0.1:4000/hooks' }, { key: acme.key });
    assert.equal(codeOf(test), 'BAD_USER_INPUT');
    assert.equal(test.errors![0].extensions!.field, 'url');
    assert.match(test.errors![0].message, /CALLBACK_ALLOW_PRIVATE_NETWORKS=true/);
  });

  it('refuses at connect time a name that resolves to a private address', async (ctx) => {
    const name = os.hostname();
    const { address } = await lookup(name);
    if (ipaddr.process(address).range() === 'unicast') return ctx.skip(`${name} resolves to a public address here`);
    const receiver = await WebhookReceiver.start();
    try {
      const id = await createSession(t, acme, `http://${name}:${receiver.port}/hooks`);
      await eventually(async () => (await deliveries(t, acme, { sessionId: id }))[0]?.status === 'Failed', 'the delivery is Failed');
      const [delivery] = await deliveries(t, acme, { sessionId: id });
      assert.equal(delivery.attempts[0].statusCode, null);
      assert.match(delivery.attempts[0].error!, /private|not allowed|DNS lookup/i);
      assert.equal(receiver.received.length, 0);
    } finally {
      await receiver.close();
    }
  });
});

describe('webhooks: what a developer sees in the log', () => {
  it('logs a failed delivery at warn with its id, the host and the reason, and its last one as final', async () => {
    const quiet = await TestApp.start({ ...FAST, WEBHOOKS_ENABLED: 'false' });
    const tenant = await quiet.tenant();
    const receiver = await WebhookReceiver.start(() => ({ status: 503 }));
    let server: ServerProcess | undefined;
    try {
      const id = await createSession(quiet, tenant, receiver.url('/private-path?token=s3cr3t'));
      const [delivery] = await deliveries(quiet, tenant, { sessionId: id });
      server = await ServerProcess.start({ ...FAST, WEBHOOK_RETRY_DELAYS: '1', DB_MIGRATE_ON_START: 'false', DATABASE_URL: databaseUrlOf(quiet.config.database) });
      const host = `127.0.0.1:${receiver.port}`;
      const first = await server.waitForLog((l) => l.deliveryId === delivery.id && l.attempt === 1);
      assert.equal(first.level, 40, 'warn');
      assert.equal(first.host, host);
      assert.equal(first.reason, 'HTTP 503');
      assert.match(first.msg, new RegExp(`webhook delivery ${delivery.id} to ${host} failed \\(attempt 1\\): HTTP 503; retrying at `));
      const last = await server.waitForLog((l) => l.deliveryId === delivery.id && l.attempt === 2);
      assert.equal(last.nextAttemptAt, null);
      assert.match(last.msg, /no more retries: the delivery is Failed/);
      assert.ok(!server.lines.join('\n').includes('s3cr3t'), 'the URL path and query are not logged');
    } finally {
      await server?.stop();
      await quiet.close();
      await receiver.close();
    }
  });
});

describe('webhooks: crashes and several instances', () => {
  it('loses nothing when the delivering process is killed mid-delivery', async () => {
    const creator = await TestApp.start({ ...FAST, WEBHOOKS_ENABLED: 'false' });
    const tenant = await creator.tenant();
    let requests = 0;
    const receiver = await WebhookReceiver.start(() => (requests++ === 0 ? 'hang' : { status: 200 }));
    let worker: ChildProcess | undefined;
    let survivor: TestApp | undefined;
    try {
      const id = await createSession(creator, tenant, receiver.url());
      const db = creator.config.database;
      worker = spawn(process.execPath, ['-r', './scripts/register-ts.js', 'apps/api/src/main.ts'], {
        cwd: path.resolve(__dirname, '..'),
        env: { ...process.env, ...FAST, NODE_ENV: 'test', LOG_LEVEL: 'info', PORT: '0', DB_MIGRATE_ON_START: 'false', DATABASE_URL: db.type === 'sqlite' ? `sqlite:${db.path}` : db.url },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      // The worker compiles the app from its sources as it boots, which a loaded machine can take
      // more than a minute over: wait for it to be up, then give the delivery its own minute.
      await booted(worker);
      await receiver.waitFor(() => receiver.received.length === 1);
      worker.kill('SIGKILL');
      await new Promise((resolve) => worker!.once('exit', resolve));
      const [claimed] = await deliveries(creator, tenant, { sessionId: id });
      assert.equal(claimed.status, 'Delivering');

      survivor = await TestApp.start(FAST, { sameDatabaseAs: creator });
      await receiver.waitFor(() => receiver.received.length === 2);
      await eventually(async () => (await deliveries(creator, tenant, { sessionId: id }))[0]?.status === 'Succeeded', 'the delivery is Succeeded');
      assert.equal(receiver.received[0].headers['webhook-id'], receiver.received[1].headers['webhook-id']);
    } finally {
      worker?.kill('SIGKILL');
      await survivor?.close();
      await creator.close();
      await receiver.close();
    }
  });

  it('two instances deliver each event exactly once to a healthy receiver', { skip: !onMysql() && 'several instances share one database on MariaDB' }, async () => {
    const quiet = await TestApp.start({ ...FAST, WEBHOOKS_ENABLED: 'false' });
    const tenant = await quiet.tenant();
    const receiver = await WebhookReceiver.start();
    const instances: TestApp[] = [];
    try {
      for (let i = 0; i < 40; i++) await createSession(quiet, tenant, receiver.url());
      // Delivery is at least once: a claim whose lease (the attempt timeout + 5 s) lapses may be
      // taken over. A healthy receiver answers at once, so with leases far longer than any pause a
      // starved test machine can cause, each event is delivered exactly once: that is what this
      // checks, not how long a lease is.
      const LONG_LEASES = { ...FAST, WEBHOOK_TIMEOUT_MS: '30000' };
      instances.push(await TestApp.start(LONG_LEASES, { sameDatabaseAs: quiet }), await TestApp.start(LONG_LEASES, { sameDatabaseAs: quiet }));
      await receiver.waitFor(() => receiver.received.length >= 40);
      await sleep(1000);
      const ids = receiver.received.map((r) => r.headers['webhook-id']);
      assert.equal(ids.length, 40);
      assert.equal(new Set(ids).size, 40);
    } finally {
      for (const instance of instances) await instance.close();
      await quiet.close();
      await receiver.close();
    }
  });
});

/**
 * Resolves once the server process `child` logs that it listens (its stdout is drained after, so
 * that its logging never blocks on a full pipe); rejects if it exits first or takes over 5 minutes.
 */
function booted(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    let up = false;
    const timer = setTimeout(() => reject(new Error(`the worker did not boot within 5 minutes; its output: ${seen.slice(-2000)}`)), 300_000);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      if (up) return;
      seen = (seen + chunk).slice(-10_000);
      if (seen.includes('listening on')) {
        up = true;
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the worker exited (${code}) before it booted; its output: ${seen.slice(-2000)}`));
    });
  });
}
