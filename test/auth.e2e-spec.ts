import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiKeysService } from '@paysession/organizations';
import { codeOf, Tenant, TestApp } from './support/test-app';

const SESSIONS = `query($orgId: ID!) { paymentSessions(orgId: $orgId) { nodes { id } } }`;

describe('API keys and the merchant endpoint', () => {
  let t: TestApp;
  let acme: Tenant;

  before(async () => {
    t = await TestApp.start();
    acme = await t.tenant();
  });
  after(() => t.close());

  it('refuses a request without a key as UNAUTHENTICATED, with 401 and before it runs', async () => {
    const res = await t.gql(SESSIONS, { orgId: acme.orgId });
    assert.equal(res.status, 401);
    assert.equal(codeOf(res), 'UNAUTHENTICATED');
    assert.equal(res.data, undefined);
  });

  it('refuses an unknown key, a tampered key and a non-Bearer header', async () => {
    assert.equal(codeOf(await t.gql(SESSIONS, { orgId: acme.orgId }, { key: 'psk_not-a-real-key' })), 'UNAUTHENTICATED');
    const tampered = acme.key.slice(0, -1) + (acme.key.endsWith('A') ? 'B' : 'A');
    assert.equal(codeOf(await t.gql(SESSIONS, { orgId: acme.orgId }, { key: tampered })), 'UNAUTHENTICATED');
    assert.equal(codeOf(await t.gql(SESSIONS, { orgId: acme.orgId }, { headers: { authorization: `Basic ${acme.key}` } })), 'UNAUTHENTICATED');
  });

  it('serves a valid key', async () => {
    const res = await t.gql(SESSIONS, { orgId: acme.orgId }, { key: acme.key });
    assert.equal(res.errors, undefined);
    assert.deepEqual(res.data.paymentSessions.nodes, []);
  });

  it('tells any valid key who it is, whatever its scopes', async () => {
    const narrow = await t.apiKey(acme.orgId, ['write_contacts']);
    const res = await t.gql(`{ apiKey { orgId scopes } }`, {}, { key: narrow });
    assert.deepEqual(res.data.apiKey, { orgId: acme.orgId, scopes: ['read_contacts', 'write_contacts'] });
    assert.equal(codeOf(await t.gql(`{ apiKey { id } }`)), 'UNAUTHENTICATED');
  });

  it('refuses a key once it is revoked', async () => {
    const { id, apiKey } = await t.app.get(ApiKeysService).create(acme.orgId, ['read_payment_sessions']);
    assert.equal((await t.gql(SESSIONS, { orgId: acme.orgId }, { key: apiKey })).errors, undefined);
    await t.app.get(ApiKeysService).revoke(id);
    assert.equal(codeOf(await t.gql(SESSIONS, { orgId: acme.orgId }, { key: apiKey })), 'UNAUTHENTICATED');
  });

  it('refuses a key without the scope as FORBIDDEN; a write scope implies its read', async () => {
    const contactsOnly = await t.apiKey(acme.orgId, ['read_contacts']);
    assert.equal(codeOf(await t.gql(SESSIONS, { orgId: acme.orgId }, { key: contactsOnly })), 'FORBIDDEN');
    const writer = await t.apiKey(acme.orgId, ['write_payment_sessions']);
    assert.equal((await t.gql(SESSIONS, { orgId: acme.orgId }, { key: writer })).errors, undefined);
    const reader = await t.apiKey(acme.orgId, ['read_payment_sessions']);
    const create = await t.gql(`mutation($i: CreatePaymentSessionInput!) { createPaymentSession(input: $i) { id } }`, { i: { orgId: acme.orgId, amount: '1.00', currency: 'USD' } }, { key: reader });
    assert.equal(codeOf(create), 'FORBIDDEN');
    const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM payment_sessions');
    assert.equal(Number(n), 0);
  });

  it('stores only a keyed hash of each key', async () => {
    const rows = await t.dataSource.query('SELECT key_hash, key_prefix FROM api_keys');
    assert.ok(rows.length > 0);
    for (const row of rows) assert.match(row.key_hash, /^[0-9a-f]{64}$/);
    assert.ok(!JSON.stringify(rows).includes(acme.key));
  });

  it('answers POST / like /graphql, as the ClientLoop seed example posts there', async () => {
    const res = await t.gql(SESSIONS, { orgId: acme.orgId }, { key: acme.key, path: '/' });
    assert.equal(res.errors, undefined);
    assert.deepEqual(res.data.paymentSessions.nodes, []);
  });

  it('refuses batched requests', async () => {
    const batch = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${acme.key}` },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    assert.equal(batch.status, 400);
  });

  it('refuses over-deep and over-costly documents before running them', async () => {
    const strict = await TestApp.start({ GRAPHQL_MAX_DEPTH: '3' });
    try {
      const tenant = await strict.tenant();
      const deep = await strict.gql(`query($o: ID!) { paymentSessions(orgId: $o) { nodes { contactRef { address { lines } } } } }`, { o: tenant.orgId }, { key: tenant.key });
      assert.equal(deep.status, 400);
      assert.match(deep.errors![0].message, /exceeds maximum operation depth/);
      const [{ n }] = await strict.dataSource.query('SELECT COUNT(*) AS n FROM payment_sessions');
      assert.equal(Number(n), 0);
    } finally {
      await strict.close();
    }
    const page = `nodes { id invoiceRefs { lines { num price productName } billingContact { contactName } } events { id data } contact { id name } }`;
    const aliases = 'abcdefghij'.split('').map((a) => `${a}: paymentSessions(orgId: $o, first: 100) { ${page} }`).join(' ');
    const costly = await t.gql(`query($o: ID!) { ${aliases} }`, { o: acme.orgId }, { key: acme.key });
    assert.equal(costly.status, 400, JSON.stringify(costly).slice(0, 300));
    assert.match(costly.errors![0].message, /too complex/);
    // The same document again is refused again (its cost is remembered, not its first answer).
    assert.match((await t.gql(`query($o: ID!) { ${aliases} }`, { o: acme.orgId }, { key: acme.key })).errors![0].message, /too complex/);
    // A cost that variables decide is measured for every request's variables.
    const sized = `query($o: ID!, $n: Int) { ${'abcdefghij'.split('').map((a) => `${a}: paymentSessions(orgId: $o, first: $n) { ${page} }`).join(' ')} }`;
    assert.equal((await t.gql(sized, { o: acme.orgId, n: 1 }, { key: acme.key })).errors, undefined);
    assert.match((await t.gql(sized, { o: acme.orgId, n: 100 }, { key: acme.key })).errors![0].message, /too complex/);
    assert.equal((await t.gql(sized, { o: acme.orgId, n: 1 }, { key: acme.key })).errors, undefined);
  });

  it('answers bad input with BAD_USER_INPUT and never a stack trace', async () => {
    const res = await t.gql(`query($o: ID!, $a: String) { paymentSessions(orgId: $o, after: $a) { nodes { id } } }`, { o: acme.orgId, a: 'not a cursor' }, { key: acme.key });
    assert.equal(codeOf(res), 'BAD_USER_INPUT');
    assert.doesNotMatch(JSON.stringify(res), /stacktrace|\.ts:\d+/);
  });

  it('answers ids that cannot exist as NOT_FOUND, whatever their characters', async () => {
    for (const id of ['ps_ü', 'ps_日本', "ps_'; DROP TABLE x; --", 'x'.repeat(300)]) {
      const res = await t.gql(`query($o: ID!, $id: ID!) { paymentSession(orgId: $o, id: $id) { id } }`, { o: acme.orgId, id }, { key: acme.key });
      assert.equal(codeOf(res), 'NOT_FOUND', `${id}: ${JSON.stringify(res.errors)}`);
      const contact = await t.gql(`query($o: ID!, $id: ID!) { contact(orgId: $o, id: $id) { id } }`, { o: acme.orgId, id }, { key: acme.key });
      assert.equal(codeOf(contact), 'NOT_FOUND');
    }
    const deliveries = await t.gql(`query($o: ID!) { webhookDeliveries(orgId: $o, filter: { eventId: "evt_ü" }) { nodes { id } } }`, { o: acme.orgId }, { key: acme.key });
    assert.deepEqual(deliveries.data.webhookDeliveries.nodes, []);
  });

  it('limits each API key to API_RATE_LIMIT_PER_MINUTE requests, without touching other keys', async () => {
    const limited = await TestApp.start({ API_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const tenant = await limited.tenant();
      const other = await limited.apiKey(tenant.orgId, ['read_payment_sessions']);
      for (let i = 0; i < 3; i++) assert.equal((await limited.gql(`{ apiKey { id } }`, {}, { key: tenant.key })).errors, undefined);
      const refused = await limited.gql(`{ apiKey { id } }`, {}, { key: tenant.key });
      assert.equal(codeOf(refused), 'RATE_LIMITED');
      assert.match(refused.errors![0].message, /retry in \d+ s/);
      assert.equal((await limited.gql(`{ apiKey { id } }`, {}, { key: other })).errors, undefined);
    } finally {
      await limited.close();
    }
  });

  it('reports health 503 when the database does not answer', async () => {
    const down = await TestApp.start();
    try {
      await down.dataSource.destroy();
      const res = await fetch(`${down.url}/health`);
      assert.equal(res.status, 503);
      assert.equal(((await res.json()) as { status: string }).status, 'error');
      // A fault is masked: the client learns nothing of it but that it happened.
      const failed = await down.gql(`{ apiKey { id } }`, {}, { key: 'psk_' + 'x'.repeat(43) });
      assert.equal(codeOf(failed), 'INTERNAL_SERVER_ERROR');
      assert.equal(failed.errors![0].message, 'Internal server error');
      assert.doesNotMatch(JSON.stringify(failed), /typeorm|DataSource|stacktrace|\.ts:\d+/i);
    } finally {
      await down.close().catch(() => undefined);
    }
  });

  it('reports health 200 while the database answers, with a request id', async () => {
    const res = await fetch(`${t.url}/health`);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { status: string }).status, 'ok');
    assert.ok(res.headers.get('x-request-id'));
  });
});
