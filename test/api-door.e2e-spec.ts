import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiKeysService } from '@paysession/organizations';
import { StaffRole } from '@paysession/staff';
import { Webhook } from 'standardwebhooks';
import { createStaff, StaffClient } from './support/admin-api';
import { ServerProcess } from './support/server-process';
import { createTestDatabase } from './support/test-database';
import { codeOf, QUIET, Tenant, TestApp } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';

/**
 * Issue 15's reproductions, each over a real socket: the API door (authenticate first, price
 * every list, count work, scope every field, lock out guessers, bound secrets, say little).
 */

const CREATE = (n: number) =>
  `mutation($i: CreatePaymentSessionInput!) { ${Array.from({ length: n }, (_, i) => `a${i}: createPaymentSession(input: $i) { id }`).join(' ')} }`;

/** The anonymous request of the issue: 4,999 aliased fields, about 84 KB. */
export const ALIASES_84KB = `{ ${Array.from({ length: 4999 }, (_, i) => `a${i}: __typename`).join(' ')} ${'#'.repeat(10_000)} }`;

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, headers: res.headers, json: (await res.json().catch(() => null)) as any };
}

async function sessionCount(t: TestApp): Promise<number> {
  const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM payment_sessions');
  return Number(n);
}

describe('the API door (issue 15)', () => {
  let t: TestApp;
  let acme: Tenant;

  before(async () => {
    t = await TestApp.start({ ...QUIET, ANONYMOUS_RATE_LIMIT_PER_MINUTE: '1000' });
    acme = await t.tenant();
  });
  after(() => t.close());

  it('answers an operation name the document does not define as graphql-js does, not as a cost it cannot compute', async () => {
    // GraphiQL sent this when Run followed typing closely: its last parse still named `WhoAmI`.
    const res = await post(`${t.url}/graphql`, JSON.stringify({ query: '{ apiKey { orgId } }', operationName: 'WhoAmI' }), { authorization: `Bearer ${acme.key}` });
    assert.equal(res.json.errors?.length, 1, JSON.stringify(res.json));
    assert.match(res.json.errors[0].message, /Unknown operation named "WhoAmI"/);
    assert.doesNotMatch(res.json.errors[0].message, /cost/);
  });

  describe('authenticates before any work', () => {
    it('refuses an anonymous 84 KB document of 4,999 aliases with 401 before reading it', async () => {
      const body = JSON.stringify({ query: ALIASES_84KB });
      assert.ok(body.length > 80_000);
      const res = await post(`${t.url}/graphql`, body);
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer');
      assert.deepEqual(res.json, { errors: [{ message: 'Missing API key: send the header Authorization: Bearer <api key>', extensions: { code: 'UNAUTHENTICATED' } }] });
    });

    it('answers `{ __typename }` with 401 for a bad, malformed or revoked key', async () => {
      const { id, apiKey } = await t.app.get(ApiKeysService).create(acme.orgId, ['read_payment_sessions']);
      await t.app.get(ApiKeysService).revoke(id);
      for (const authorization of ['Bearer psk_not-a-real-key', 'Bearer', `Basic ${acme.key}`, `Bearer ${apiKey}`, 'Bearer ppk_unknown']) {
        const res = await post(`${t.url}/graphql`, JSON.stringify({ query: '{ __typename }' }), { authorization });
        assert.equal(res.status, 401, authorization);
        assert.match(res.headers.get('www-authenticate')!, /^Bearer/);
        assert.equal(res.json.errors[0].extensions.code, 'UNAUTHENTICATED');
        assert.equal(res.json.data, undefined);
      }
      const ok = await post(`${t.url}/graphql`, JSON.stringify({ query: '{ __typename }' }), { authorization: `Bearer ${acme.key}` });
      assert.deepEqual([ok.status, ok.json], [200, { data: { __typename: 'Query' } }]);
    });

    it('still serves the GraphiQL page to a browser without a key, outside production', async () => {
      const page = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
      assert.equal(page.status, 200);
      assert.match(await page.text(), /GraphiQL/);
      const operation = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'text/html', 'apollo-require-preflight': 'true' } });
      assert.equal(operation.status, 401);
    });

    it('lets a caller without a session run only the sign-in on /admin-api, in a small body', async () => {
      for (const query of ['{ __typename }', '{ me { id } }', 'mutation { logout }', 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } logout }']) {
        const res = await post(`${t.url}/admin-api`, JSON.stringify({ query, variables: { e: 'x@y.z', p: 'x' } }));
        assert.equal(res.status, 401, query);
        assert.equal(res.json.errors[0].extensions.code, 'UNAUTHENTICATED');
      }
      const big = await post(`${t.url}/admin-api`, JSON.stringify({ query: ALIASES_84KB }));
      assert.equal(big.status, 413);
      const staff = await createStaff(t, StaffRole.viewer);
      const wrong = await new StaffClient(t).login(staff.email, 'not the password');
      assert.equal(codeOf(wrong), 'UNAUTHENTICATED');
      const client = new StaffClient(t);
      assert.equal((await client.login(staff.email, staff.password)).errors, undefined);
      assert.equal((await client.gql('{ me { email } }')).data.me.email, staff.email);
    });

    it('rate limits callers without credentials per client address', async () => {
      const strict = await TestApp.start({ ...QUIET, ANONYMOUS_RATE_LIMIT_PER_MINUTE: '3' });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) statuses.push((await post(`${strict.url}/graphql`, JSON.stringify({ query: '{ __typename }' }))).status);
        assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
        const limited = await post(`${strict.url}/admin-api`, JSON.stringify({ query: '{ me { id } }' }));
        assert.equal(limited.status, 429);
        assert.equal(limited.json.errors[0].extensions.code, 'RATE_LIMITED');
        // A caller with a key is not counted against the address.
        const tenant = await strict.tenant();
        assert.equal((await strict.gql('{ __typename }', {}, { key: tenant.key })).status, 200);
      } finally {
        await strict.close();
      }
    });
  });

  describe('never answers 500 to a document', () => {
    it('answers a cyclic fragment with a 400 validation error on both endpoints', async () => {
      const cyclic = 'query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }';
      const merchant = await t.gql(cyclic, {}, { key: acme.key });
      assert.equal(merchant.status, 400);
      assert.equal(codeOf(merchant), 'GRAPHQL_VALIDATION_FAILED');
      const staff = await StaffClient.signedIn(t, StaffRole.viewer);
      const admin = await staff.gql(cyclic);
      assert.equal(admin.status, 400);
      assert.equal(codeOf(admin), 'GRAPHQL_VALIDATION_FAILED');
    });
  });

  describe('prices every list', () => {
    it('refuses a document too large to price instead of running it unpriced', async () => {
      const query = `query($o: ID!) { ${Array.from({ length: 10 }, (_, i) => `p${i}: paymentSessions(orgId: $o, first: 100) { nodes { id } }`).join(' ')} ${'__typename '.repeat(10_000)} }`;
      const res = await t.gql(query, { o: acme.orgId }, { key: acme.key });
      assert.equal(res.status, 400);
      assert.equal(res.data, undefined);
    });

    it('prices the event log, contacts, checkout configurations and deliveries by page size × selection', async () => {
      const lists = [
        `paymentSessionEvents(orgId: $o, first: 100) { nodes { id type data occurredAt } }`,
        `contacts(orgId: $o, first: 100) { nodes { id name email } }`,
        `checkoutConfigurations(orgId: $o, first: 100) { nodes { id createdAt updatedAt } }`,
        `webhookDeliveries(orgId: $o, first: 100) { nodes { id attempts { statusCode } } }`,
      ];
      // The request: 1,000 aliases of the event log's largest page (97 KiB; it returned 185 MiB).
      const thousand = `query($o: ID!) { ${Array.from({ length: 1000 }, (_, i) => `e${i}: paymentSessionEvents(orgId: $o, first: 100) { nodes { data } }`).join(' ')} }`;
      const refused = await t.gql(thousand, { o: acme.orgId }, { key: acme.key });
      assert.equal(refused.status, 400);
      assert.equal(refused.data, undefined);
      for (const list of lists) {
        const many = `query($o: ID!) { ${Array.from({ length: 30 }, (_, i) => `x${i}: ${list}`).join(' ')} }`;
        const res = await t.gql(many, { o: acme.orgId }, { key: acme.key });
        assert.equal(res.status, 400, list);
        assert.match(res.errors![0].message, /too complex/, list);
        const one = await t.gql(`query($o: ID!) { ${list} }`, { o: acme.orgId }, { key: acme.key });
        assert.equal(one.errors, undefined, `${list}: ${JSON.stringify(one.errors)}`);
      }
    });

    it('caps aliases per document and root fields per mutation', async () => {
      const aliases = await t.gql(`{ ${Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ')} }`, {}, { key: acme.key });
      assert.equal(aliases.status, 400);
      assert.match(aliases.errors![0].message, /more than 30 aliases/);
      const before = await sessionCount(t);
      const eleven = await t.gql(CREATE(11), { i: { orgId: acme.orgId, amount: '1.00', currency: 'USD' } }, { key: acme.key });
      assert.equal(eleven.status, 400);
      assert.match(eleven.errors![0].message, /at most 10 fields/);
      const rotations = await t.gql(`mutation($o: ID!) { ${Array.from({ length: 30 }, (_, i) => `r${i}: rotateWebhookSecret(orgId: $o) { secret }`).join(' ')} }`, { o: acme.orgId }, { key: acme.key });
      assert.equal(rotations.status, 400);
      assert.equal(await sessionCount(t), before);
    });
  });

  describe('scopes every field', () => {
    it("refuses `paymentSession { contact }` to a key without read_contacts, and serves the session's own fields", async () => {
      const contact = await t.gql(`mutation($i: CreateContactInput!) { createContact(input: $i) { id } }`, { i: { orgId: acme.orgId, name: 'Ada', email: 'ada@example.com' } }, { key: acme.key });
      assert.equal(contact.errors, undefined, JSON.stringify(contact.errors));
      const created = await t.gql(`mutation($i: CreatePaymentSessionInput!) { createPaymentSession(input: $i) { id } }`, { i: { orgId: acme.orgId, amount: '5.00', currency: 'USD', contactId: contact.data.createContact.id } }, { key: acme.key });
      assert.equal(created.errors, undefined, JSON.stringify(created.errors));
      const id = created.data.createPaymentSession.id;
      const writer = await t.apiKey(acme.orgId, ['write_payment_sessions']);
      const read = await t.gql(`query($o: ID!, $id: ID!) { paymentSession(orgId: $o, id: $id) { id events { type } contact { name email phone } } }`, { o: acme.orgId, id }, { key: writer });
      assert.equal(read.data.paymentSession.id, id);
      assert.equal(read.data.paymentSession.contact, null);
      assert.ok(read.data.paymentSession.events.length >= 1);
      assert.deepEqual(read.errors!.map((e) => [e.extensions!.code, e.path!.join('.')]), [['FORBIDDEN', 'paymentSession.contact']]);
      const both = await t.apiKey(acme.orgId, ['read_payment_sessions', 'read_contacts']);
      const full = await t.gql(`query($o: ID!, $id: ID!) { paymentSession(orgId: $o, id: $id) { contact { name } } }`, { o: acme.orgId, id }, { key: both });
      assert.deepEqual([full.errors, full.data.paymentSession.contact.name], [undefined, 'Ada']);
    });
  });

  describe('bounds webhook secrets', () => {
    it('signs with at most the current secret and one in grace, however often it is rotated', async () => {
      const receiver = await WebhookReceiver.start();
      const app = await TestApp.start({ WEBHOOK_POLL_MS: '50', CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true', EXPIRY_ENABLED: 'false' });
      try {
        const tenant = await app.tenant();
        const secrets: string[] = [];
        for (let i = 0; i < 5; i++) secrets.push((await app.gql(`mutation($o: ID!) { rotateWebhookSecret(orgId: $o) { secret } }`, { o: tenant.orgId }, { key: tenant.key })).data.rotateWebhookSecret.secret);
        const res = await app.gql(`mutation($i: CreatePaymentSessionInput!) { createPaymentSession(input: $i) { id } }`, { i: { orgId: tenant.orgId, amount: '1.00', currency: 'USD', callbackUrl: receiver.url('/hook') } }, { key: tenant.key });
        assert.equal(res.errors, undefined, JSON.stringify(res.errors));
        await receiver.waitFor(() => receiver.received.length > 0);
        const got = receiver.received[0];
        assert.equal(got.headers['webhook-signature'].split(' ').length, 2);
        assert.doesNotThrow(() => new Webhook(secrets[4]).verify(got.body, got.headers));
        assert.doesNotThrow(() => new Webhook(secrets[3]).verify(got.body, got.headers));
        assert.throws(() => new Webhook(secrets[2]).verify(got.body, got.headers));
      } finally {
        await app.close();
        await receiver.close();
      }
    });
  });

  describe('says little, and logs client errors as such', () => {
    it('keeps automatic persisted queries off, and in production suggests no field names', async () => {
      const hash = await t.gql('{ __typename }', {}, { key: acme.key });
      assert.equal(hash.status, 200);
      const apq = await post(`${t.url}/graphql`, JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38' } } }), { authorization: `Bearer ${acme.key}` });
      assert.equal(apq.json.errors[0].extensions.code, 'PERSISTED_QUERY_NOT_SUPPORTED');
      const typo = `query($o: ID!) { paymentSessions(orgId: $o) { nodes { amout } } }`;
      assert.match((await t.gql(typo, { o: acme.orgId }, { key: acme.key })).errors![0].message, /Did you mean "amount"/);
      const prod = await TestApp.start({ ...QUIET, NODE_ENV: 'production', API_KEY_PEPPER: 'a production pepper of at least 32 characters', SECRETS_ENCRYPTION_KEY: 'a production key of at least thirty-two chars' });
      try {
        const tenant = await prod.tenant();
        const refused = await prod.gql(typo, { o: tenant.orgId }, { key: tenant.key });
        assert.equal(refused.status, 400);
        assert.doesNotMatch(refused.errors![0].message, /Did you mean|amount/);
      } finally {
        await prod.close();
      }
    });

    it('writes one line for a refused anonymous request, and one info line without a stack for a client error', async () => {
      const db = await createTestDatabase();
      const server = await ServerProcess.start({ DATABASE_URL: db.url, DB_MIGRATE_ON_START: 'true', ...QUIET, LOG_LEVEL: 'info' });
      try {
        const refused = await post(`${server.url}/graphql`, JSON.stringify({ query: ALIASES_84KB }), { 'x-request-id': 'anonymous-84kb' });
        assert.equal(refused.status, 401);
        const cyclic = await post(`${server.url}/graphql`, JSON.stringify({ query: 'query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }' }), { 'x-request-id': 'cyclic-fragment' });
        assert.equal(cyclic.status, 401, 'anonymous: refused before parsing');
        await server.waitForLog((line) => line.req?.id === 'cyclic-fragment');
        assert.equal(server.logs.filter((line) => JSON.stringify(line).includes('anonymous-84kb')).length, 1);
        assert.deepEqual(server.logs.filter((line) => line.level >= 50), []);
      } finally {
        await server.stop();
        await db.drop();
      }
    });
  });
});
