import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Scope } from '@paysession/common';
import { ApiKeysService } from '@paysession/organizations';
import { StaffRole } from '@paysession/staff';
import { WebhookDeliveriesService } from '@paysession/webhooks';
import { Webhook } from 'standardwebhooks';
import { StaffClient } from './support/admin-api';
import { codeOf, ok, QUIET, Tenant, TestApp } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';

const ROOT = path.resolve(__dirname, '..');
const CREATE = `mutation($input: CreatePaymentSessionInput!) { createPaymentSession(input: $input) { id } }`;
const UPDATE = `mutation($input: UpdatePaymentSessionInput!) { updatePaymentSession(input: $input) { id status } }`;
const ROTATE = `mutation($o: ID!) { rotateWebhookSecret(orgId: $o) { secret } }`;
const DELIVERIES = `query($id: ID!) { paymentSession(id: $id) {
  webhookDeliveries { id eventId status canRedeliver payload attempts { id attemptedAt durationMs statusCode error responseExcerpt } }
} }`;

const RESOLVE = `mutation($id: ID!) { paymentSessionResolve(id: $id, paymentId: "pay_words_1") { paymentSession { id status } userErrors { code } } }`;
const CANCEL = `mutation($id: ID!, $reason: String!) { cancelPaymentSession(id: $id, reason: $reason) { id status } }`;
const TIMELINE = `query($id: ID!) { paymentSession(id: $id) { events { type actor by { kind id name keyPrefix } } } }`;

/**
 * What /admin-api answers for issue 19's "answers in words": the timeline names who made each
 * change, and a webhook delivery opens to its attempts and the signed body, on admin-only types
 * the merchant API does not have.
 */
describe('the staff API names who made each change (issue 19)', () => {
  let t: TestApp;
  let acme: Tenant;
  let operator: StaffClient & { staffId: string };
  let viewer: StaffClient & { staffId: string };

  before(async () => {
    t = await TestApp.start(QUIET);
    acme = await t.tenant('Acme');
    operator = await StaffClient.signedIn(t, StaffRole.operator);
    viewer = await StaffClient.signedIn(t, StaffRole.viewer);
  });
  after(() => t?.close());

  const newKey = (label?: string) => t.app.get(ApiKeysService).create(acme.orgId, Object.values(Scope), label);
  const create = async (key: string) => ok(await t.gql(CREATE, { input: { orgId: acme.orgId, amount: '10.00', currency: 'USD' } }, { key })).createPaymentSession.id as string;
  const update = async (key: string, id: string, amount: string) => ok(await t.gql(UPDATE, { input: { orgId: acme.orgId, id, amount } }, { key }));

  it('names the staff member by email, the partner by name, the API key by its label or else its public prefix', async () => {
    const shop = await newKey('Shop backend');
    const plain = await newKey();
    const partner = await t.partner('Acme Payments');
    const paid = await create(shop.apiKey);
    await update(plain.apiKey, paid, '12.00');
    await t.handOver(acme.orgId, partner, paid);
    assert.equal(ok(await t.gql(RESOLVE, { id: paid }, { key: partner.key })).paymentSessionResolve.paymentSession.status, 'Completed');
    const canceled = await create(shop.apiKey);
    await operator.ok(CANCEL, { id: canceled, reason: 'Customer asked' });

    const byType = async (id: string) => Object.fromEntries((await viewer.ok(TIMELINE, { id })).paymentSession.events.map((e: { type: string; by: unknown }) => [e.type.replace('payment_session.', ''), e.by]));
    const paidBy = await byType(paid);
    assert.deepEqual(paidBy.created, { kind: 'merchant', id: shop.id, name: 'Shop backend', keyPrefix: null });
    assert.deepEqual(paidBy.updated, { kind: 'merchant', id: plain.id, name: null, keyPrefix: plain.apiKey.slice(0, 12) });
    assert.match(paidBy.updated.keyPrefix, /^psk_.{8}$/, 'the public prefix only, never the key');
    assert.deepEqual(paidBy.completed, { kind: 'partner', id: partner.partnerId, name: 'Acme Payments', keyPrefix: null });
    const operatorEmail = (await operator.ok('{ me { email } }')).me.email;
    assert.deepEqual((await byType(canceled)).canceled, { kind: 'staff', id: operator.staffId, name: operatorEmail, keyPrefix: null });
  });

  it('names a key only in the timeline of its own organization, and says nothing of an id it cannot find', async () => {
    const globex = await t.tenant('Globex');
    const id = await create((await newKey('Shop backend')).apiKey);
    // A change recorded as made with another org's key (it cannot happen through the API) is not named by it.
    await t.dataSource.query('UPDATE payment_session_events SET actor = ? WHERE session_id = ?', [`merchant:${globex.keyId}`, id]);
    const [created] = (await viewer.ok(TIMELINE, { id })).paymentSession.events;
    assert.deepEqual(created.by, { kind: 'merchant', id: globex.keyId, name: null, keyPrefix: null });
    await t.dataSource.query('UPDATE payment_session_events SET actor = ? WHERE session_id = ?', ['staff:stf_01JD3Y0000000000000000000X', id]);
    assert.deepEqual((await viewer.ok(TIMELINE, { id })).paymentSession.events[0].by, { kind: 'staff', id: 'stf_01JD3Y0000000000000000000X', name: null, keyPrefix: null });
  });

  it('reads the names of a timeline in one query per kind of actor, however many changes and keys', async () => {
    const first = await newKey('Key 0');
    const short = await create(first.apiKey);
    await update(first.apiKey, short, '11.00');
    const long = await create(first.apiKey);
    for (let i = 1; i <= 6; i++) await update((await newKey(`Key ${i}`)).apiKey, long, `1${i}.00`);
    const few = await t.countQueries(() => viewer.ok(TIMELINE, { id: short }));
    let names: string[] = [];
    const more = await t.countQueries(async () => {
      names = (await viewer.ok(TIMELINE, { id: long })).paymentSession.events.map((e: { by: { name: string } }) => e.by.name);
    });
    assert.deepEqual(names, ['Key 0', 'Key 1', 'Key 2', 'Key 3', 'Key 4', 'Key 5', 'Key 6']);
    assert.equal(more, few, `one query for the keys (${few} statements for 2 events, ${more} for 7)`);
  });

  it('keeps a label to 1 to 100 characters, and the names to the console: the merchant API has no `by`', async () => {
    for (const label of ['', '   ', 'x'.repeat(101)]) await assert.rejects(newKey(label), (error: { code?: string }) => error.code === 'BAD_USER_INPUT', JSON.stringify(label));
    const schema = fs.readFileSync(path.join(ROOT, 'schema.gql'), 'utf8');
    assert.doesNotMatch(schema, /AdminEventActor|keyPrefix/);
    const id = await create(acme.key);
    const res = await t.gql(TIMELINE, { id }, { key: acme.key, path: '/admin-api' });
    assert.equal(codeOf(res), 'UNAUTHENTICATED');
  });
});

/**
 * A webhook delivery opens to its attempts and the signed body, on admin-only types the merchant
 * API does not have.
 */
describe('the staff API opens a webhook delivery to its attempts and its body (issue 19)', () => {
  let t: TestApp;
  let acme: Tenant;
  let globex: Tenant;
  let viewer: StaffClient & { staffId: string };

  const createSession = async (tenant: Tenant, input: Record<string, unknown> = {}) =>
    ok(await t.gql(CREATE, { input: { orgId: tenant.orgId, amount: '10.00', currency: 'USD', ...input } }, { key: tenant.key })).createPaymentSession.id as string;

  before(async () => {
    t = await TestApp.start(QUIET);
    acme = await t.tenant('Acme');
    globex = await t.tenant('Globex');
    viewer = await StaffClient.signedIn(t, StaffRole.viewer);
  });
  after(() => t?.close());

  it('gives each attempt (time, duration, status, error, a bounded excerpt of the response) and the body that was signed and sent', async () => {
    const app = await TestApp.start({ CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_POLL_MS: '100', WEBHOOK_RETRY_DELAYS: '1', WEBHOOK_TIMEOUT_MS: '5000', EXPIRY_ENABLED: 'false' });
    const long = `busy: ${'x'.repeat(3000)}`;
    const receiver = await WebhookReceiver.start((n) => (n === 0 ? { status: 503, body: long } : { status: 200, body: 'thanks' }));
    try {
      const tenant = await app.tenant('Initech');
      const secret = ok(await app.gql(ROTATE, { o: tenant.orgId }, { key: tenant.key })).rotateWebhookSecret.secret;
      const id = ok(await app.gql(CREATE, { input: { orgId: tenant.orgId, amount: '10.00', currency: 'USD', callbackUrl: receiver.url() } }, { key: tenant.key })).createPaymentSession.id;
      await receiver.waitFor(() => receiver.accepted.length === 1);
      const staff = await StaffClient.signedIn(app, StaffRole.viewer);
      let delivery: any;
      for (const until = Date.now() + 60_000; ; ) {
        [delivery] = (await staff.ok(DELIVERIES, { id })).paymentSession.webhookDeliveries;
        if (delivery.status === 'Succeeded' || Date.now() > until) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(delivery.status, 'Succeeded');
      assert.equal(delivery.attempts.length, 2);
      const [failed, succeeded] = delivery.attempts;
      assert.equal(failed.statusCode, 503);
      assert.equal(failed.error, 'HTTP 503');
      assert.equal(failed.responseExcerpt, long.slice(0, 1000), 'the first 1000 characters of the response');
      assert.ok(Number.isInteger(failed.durationMs) && failed.durationMs >= 0);
      assert.ok(Date.parse(failed.attemptedAt) <= Date.parse(succeeded.attemptedAt));
      assert.deepEqual([succeeded.statusCode, succeeded.error, succeeded.responseExcerpt], [200, null, 'thanks']);

      // The body as the endpoint received it, byte for byte, and its signature verifies over it.
      const [first, second] = receiver.received;
      assert.equal(delivery.payload, first.body);
      assert.equal(delivery.payload, second.body);
      assert.equal(JSON.parse(delivery.payload).id, delivery.eventId);
      assert.doesNotThrow(() => new Webhook(secret).verify(delivery.payload, { 'webhook-id': second.headers['webhook-id'], 'webhook-timestamp': second.headers['webhook-timestamp'], 'webhook-signature': second.headers['webhook-signature'] }));
    } finally {
      await app.close();
      await receiver.close();
    }
  });

  it("reads the bodies of a session's deliveries in one query, however many there are", async () => {
    const one = await createSession(acme, { callbackUrl: 'https://merchant.example.com/hooks' });
    const many = await createSession(acme, { callbackUrl: 'https://merchant.example.com/hooks' });
    for (const amount of ['11.00', '12.00', '13.00', '14.00']) ok(await t.gql(UPDATE, { input: { orgId: acme.orgId, id: many, amount } }, { key: acme.key }));
    const QUERY = `query($id: ID!) { paymentSession(id: $id) { webhookDeliveries { id payload } } }`;
    const few = await t.countQueries(() => viewer.ok(QUERY, { id: one }));
    let payloads: (string | null)[] = [];
    const more = await t.countQueries(async () => {
      payloads = (await viewer.ok(QUERY, { id: many })).paymentSession.webhookDeliveries.map((d: { payload: string | null }) => d.payload);
    });
    assert.equal(payloads.length, 5);
    assert.deepEqual(payloads.map((p) => JSON.parse(p!).type), ['created', 'updated', 'updated', 'updated', 'updated'].map((x) => `payment_session.${x}`));
    assert.equal(more, few, `one query for the bodies (${few} statements for one delivery, ${more} for five)`);
  });

  it("keeps each body to its own organization's events", async () => {
    const theirs = await createSession(globex, { callbackUrl: 'https://globex.example.com/hooks' });
    const [delivery] = (await viewer.ok(DELIVERIES, { id: theirs })).paymentSession.webhookDeliveries;
    assert.equal(JSON.parse(delivery.payload).orgId, globex.orgId);
    // The domain service asked on a merchant's behalf: another org's deliveries are not found.
    const service = t.app.get(WebhookDeliveriesService);
    const merchant = { requestId: 'test', orgId: acme.orgId, apiKeyId: acme.keyId, scopes: new Set<never>() };
    assert.throws(() => service.payloads(merchant, {}, globex.orgId), (error: { code?: string }) => error.code === 'NOT_FOUND');
    assert.equal(await service.payloads(merchant, {}, acme.orgId).load(delivery.eventId), null, "an acme key does not read globex's event");
  });

  it("is the console's alone: the merchant API has no canRedeliver, payload or admin delivery type", async () => {
    const schema = fs.readFileSync(path.join(ROOT, 'schema.gql'), 'utf8');
    for (const word of ['canRedeliver', 'payload', 'AdminWebhook']) assert.doesNotMatch(schema, new RegExp(`\\b${word}\\b`), `schema.gql has no ${word}`);
    for (const field of ['canRedeliver', 'payload']) {
      const res = await t.gql(`query($o: ID!) { webhookDeliveries(orgId: $o) { nodes { id ${field} } } }`, { o: acme.orgId }, { key: acme.key });
      assert.equal(codeOf(res), 'GRAPHQL_VALIDATION_FAILED', `a merchant key cannot ask for ${field}`);
    }
    const theirs = await createSession(acme, { callbackUrl: 'https://merchant.example.com/hooks' });
    const res = await t.gql(DELIVERIES, { id: theirs }, { key: acme.key, path: '/admin-api' });
    assert.equal(codeOf(res), 'UNAUTHENTICATED', `a merchant key does not open /admin-api: ${JSON.stringify(res.errors)}`);
    assert.equal(res.data?.paymentSession ?? null, null);
  });
});
