import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { codeOf, GqlResponse, ok, Tenant, TestApp } from './support/test-app';

const CREATE_SESSION = `mutation($input: CreatePaymentSessionInput!) { createPaymentSession(input: $input) { id contactId checkoutConfigurationId } }`;
const UPDATE_SESSION = `mutation($input: UpdatePaymentSessionInput!) { updatePaymentSession(input: $input) { id status } }`;
const SESSION = `query($orgId: ID!, $id: ID!) { paymentSession(orgId: $orgId, id: $id) { id status amount updatedAt contactId events { id type } } }`;
const SESSIONS = `query($orgId: ID!, $filter: PaymentSessionFilter) { paymentSessions(orgId: $orgId, filter: $filter) { nodes { id } } }`;
const EVENTS = `query($orgId: ID!, $after: ID) { paymentSessionEvents(orgId: $orgId, after: $after) { nodes { id data } } }`;
const CONTACT = `query($orgId: ID!, $id: ID!) { contact(orgId: $orgId, id: $id) { id name updatedAt } }`;
const CONTACTS = `query($orgId: ID!, $search: String) { contacts(orgId: $orgId, search: $search) { nodes { id } } }`;
const CREATE_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`;
const UPDATE_CONTACT = `mutation($input: UpdateContactInput!) { updateContact(input: $input) { id name } }`;
const DELETE_CONTACT = `mutation($input: DeleteContactInput!) { deleteContact(input: $input) { id } }`;
const CONFIG = `query($orgId: ID!, $id: ID!) { checkoutConfiguration(orgId: $orgId, id: $id) { id name isDefault updatedAt } }`;
const CONFIGS = `query($orgId: ID!) { checkoutConfigurations(orgId: $orgId) { nodes { id isDefault } } }`;
const CREATE_CONFIG = `mutation($input: CreateCheckoutConfigurationInput!) { createCheckoutConfiguration(input: $input) { id } }`;
const UPDATE_CONFIG = `mutation($input: UpdateCheckoutConfigurationInput!) { updateCheckoutConfiguration(input: $input) { id name } }`;
const SET_DEFAULT = `mutation($input: SetDefaultCheckoutConfigurationInput!) { setDefaultCheckoutConfiguration(input: $input) { id isDefault } }`;
const PENDING = `mutation($id: ID!, $at: DateTime!) { paymentSessionPending(id: $id, pendingExpiresAt: $at, reason: BUYER_ACTION_REQUIRED) { paymentSession { id status } userErrors { field code message } } }`;
const RESOLVE = `mutation($id: ID!) { paymentSessionResolve(id: $id, paymentId: "pay_x") { paymentSession { id status } userErrors { field code message } } }`;
const REJECT = `mutation($id: ID!) { paymentSessionReject(id: $id, reason: { code: CARD_DECLINED, merchantMessage: "no" }) { paymentSession { id status } userErrors { field code message } } }`;

const MISSING = { ps: 'ps_01JD3Y0000000000000000000', ct: 'ct_01JD3Y0000000000000000000', cc: 'cc_01JD3Y0000000000000000000', evt: 'evt_01JD3Y0000000000000000000' };

/** What a refusal looks like to the client, minus what differs per request. */
const shape = (res: GqlResponse) => ({ data: res.data ?? null, errors: res.errors?.map((e) => ({ message: e.message, extensions: e.extensions })) });

describe('tenancy: one org never sees or touches another', () => {
  let t: TestApp;
  let alice: Tenant;
  let bob: Tenant;
  /** Alice's objects. */
  const a = { session: '', contact: '', config: '', defaultConfig: '', event: '' };
  let bobSession: string;

  const count = async (table: string) => Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  const snapshot = async () => ({
    session: ok(await t.gql(SESSION, { orgId: alice.orgId, id: a.session }, { key: alice.key })).paymentSession,
    contact: ok(await t.gql(CONTACT, { orgId: alice.orgId, id: a.contact }, { key: alice.key })).contact,
    config: ok(await t.gql(CONFIG, { orgId: alice.orgId, id: a.config }, { key: alice.key })).checkoutConfiguration,
    configs: ok(await t.gql(CONFIGS, { orgId: alice.orgId }, { key: alice.key })).checkoutConfigurations.nodes,
    rows: [await count('payment_sessions'), await count('payment_session_events'), await count('contacts'), await count('checkout_configurations')],
  });

  /**
   * Every merchant operation that names an object, as Bob would send it with `orgId` and ids:
   * [name, document, variables].
   */
  const operations = (orgId: string, ids: { session: string; contact: string; config: string }): [string, string, Record<string, unknown>][] => [
    ['paymentSession', SESSION, { orgId, id: ids.session }],
    ['updatePaymentSession', UPDATE_SESSION, { input: { orgId, id: ids.session, amount: '1.00' } }],
    ['updatePaymentSession (cancel)', UPDATE_SESSION, { input: { orgId, id: ids.session, status: 'Canceled' } }],
    ['contact', CONTACT, { orgId, id: ids.contact }],
    ['updateContact', UPDATE_CONTACT, { input: { orgId, id: ids.contact, name: 'Mallory' } }],
    ['deleteContact', DELETE_CONTACT, { input: { orgId, id: ids.contact } }],
    ['checkoutConfiguration', CONFIG, { orgId, id: ids.config }],
    ['updateCheckoutConfiguration', UPDATE_CONFIG, { input: { orgId, id: ids.config, name: 'Mallory' } }],
    ['setDefaultCheckoutConfiguration', SET_DEFAULT, { input: { orgId, id: ids.config } }],
  ];

  before(async () => {
    t = await TestApp.start();
    alice = await t.tenant('Alice Co');
    bob = await t.tenant('Bob Co');
    a.contact = ok(await t.gql(CREATE_CONTACT, { input: { orgId: alice.orgId, name: 'Alice Customer', email: 'customer@alice.example.com' } }, { key: alice.key })).createContact.id;
    a.config = ok(await t.gql(CREATE_CONFIG, { input: { orgId: alice.orgId, name: 'Alice Flex', paymentMethods: ['Card', 'FlexPay'] } }, { key: alice.key })).createCheckoutConfiguration.id;
    a.defaultConfig = ok(await t.gql(CONFIGS, { orgId: alice.orgId }, { key: alice.key })).checkoutConfigurations.nodes.find((c: { isDefault: boolean }) => c.isDefault).id;
    a.session = ok(await t.gql(CREATE_SESSION, { input: { orgId: alice.orgId, amount: '25.00', currency: 'USD', contactId: a.contact, checkoutConfigurationId: a.config, transactionRef: 'alice-txn' } }, { key: alice.key })).createPaymentSession.id;
    a.event = ok(await t.gql(EVENTS, { orgId: alice.orgId }, { key: alice.key })).paymentSessionEvents.nodes[0].id;
    bobSession = ok(await t.gql(CREATE_SESSION, { input: { orgId: bob.orgId, amount: '5.00', currency: 'USD' } }, { key: bob.key })).createPaymentSession.id;
  });
  after(() => t.close());

  it("answers NOT_FOUND to every operation on Alice's ids with Bob's key, changing nothing", async () => {
    const before = await snapshot();
    for (const orgId of [alice.orgId, bob.orgId]) {
      for (const [name, doc, vars] of operations(orgId, a)) {
        const res = await t.gql(doc, vars, { key: bob.key });
        assert.equal(codeOf(res), 'NOT_FOUND', `${name} with ${orgId === alice.orgId ? "Alice's" : "Bob's"} orgId: ${JSON.stringify(res.errors ?? res.data)}`);
        assert.equal(res.data ?? null, null, name);
        assert.doesNotMatch(JSON.stringify(res), /Alice/, name);
      }
    }
    assert.deepEqual(await snapshot(), before);
  });

  it("answers exactly as for an id that does not exist, so nothing reveals that Alice's objects exist", async () => {
    const missing = { session: MISSING.ps, contact: MISSING.ct, config: MISSING.cc };
    const theirs = operations(bob.orgId, a);
    const nothing = operations(bob.orgId, missing);
    for (let i = 0; i < theirs.length; i++) {
      const [name, doc, vars] = theirs[i];
      const real = await t.gql(doc, vars, { key: bob.key });
      const fake = await t.gql(nothing[i][1], nothing[i][2], { key: bob.key });
      assert.deepEqual(shape(real), shape(fake), name);
      assert.equal(real.status, fake.status, name);
    }
    // And Alice's orgId with Bob's key answers like an org that does not exist.
    for (const [name, doc, vars] of operations(alice.orgId, a)) {
      const real = await t.gql(doc, vars, { key: bob.key });
      const fake = await t.gql(doc, { ...vars, ...('input' in vars ? { input: { ...(vars.input as object), orgId: 'org_01JD3Y0000000000000000000' } } : { orgId: 'org_01JD3Y0000000000000000000' }) }, { key: bob.key });
      assert.deepEqual(shape(real), shape(fake), name);
    }
  });

  it("answers NOT_FOUND to lists and creates with Alice's orgId, storing nothing", async () => {
    const before = await snapshot();
    const calls: [string, string, Record<string, unknown>][] = [
      ['paymentSessions', SESSIONS, { orgId: alice.orgId }],
      ['contacts', CONTACTS, { orgId: alice.orgId }],
      ['checkoutConfigurations', CONFIGS, { orgId: alice.orgId }],
      ['paymentSessionEvents', EVENTS, { orgId: alice.orgId }],
      ['paymentSessionEvents (after)', EVENTS, { orgId: alice.orgId, after: a.event }],
      ['createPaymentSession', CREATE_SESSION, { input: { orgId: alice.orgId, amount: '1.00', currency: 'USD' } }],
      ['createContact', CREATE_CONTACT, { input: { orgId: alice.orgId, name: 'Mallory' } }],
      ['createCheckoutConfiguration', CREATE_CONFIG, { input: { orgId: alice.orgId, name: 'Mallory', isDefault: true } }],
    ];
    for (const [name, doc, vars] of calls) {
      const res = await t.gql(doc, vars, { key: bob.key });
      assert.equal(codeOf(res), 'NOT_FOUND', `${name}: ${JSON.stringify(res.errors ?? res.data)}`);
      assert.equal(res.data ?? null, null, name);
    }
    assert.deepEqual(await snapshot(), before);
  });

  it("shows Bob none of Alice's objects in his own lists", async () => {
    const sessions = ok(await t.gql(SESSIONS, { orgId: bob.orgId }, { key: bob.key })).paymentSessions.nodes.map((n: { id: string }) => n.id);
    assert.deepEqual(sessions, [bobSession]);
    assert.deepEqual(ok(await t.gql(SESSIONS, { orgId: bob.orgId, filter: { contactId: a.contact } }, { key: bob.key })).paymentSessions.nodes, []);
    assert.deepEqual(ok(await t.gql(SESSIONS, { orgId: bob.orgId, filter: { transactionRef: 'alice-txn' } }, { key: bob.key })).paymentSessions.nodes, []);
    assert.deepEqual(ok(await t.gql(CONTACTS, { orgId: bob.orgId }, { key: bob.key })).contacts.nodes, []);
    assert.deepEqual(ok(await t.gql(CONTACTS, { orgId: bob.orgId, search: 'Alice' }, { key: bob.key })).contacts.nodes, []);
    const configs = ok(await t.gql(CONFIGS, { orgId: bob.orgId }, { key: bob.key })).checkoutConfigurations.nodes;
    assert.equal(configs.length, 1);
    assert.ok(![a.config, a.defaultConfig].includes(configs[0].id));
    const events = ok(await t.gql(EVENTS, { orgId: bob.orgId }, { key: bob.key })).paymentSessionEvents.nodes;
    assert.deepEqual(events.map((e: { data: { paymentSession: { id: string } } }) => e.data.paymentSession.id), [bobSession]);
  });

  it("refuses Alice's event id as Bob's stream cursor exactly like an unknown one", async () => {
    const real = await t.gql(EVENTS, { orgId: bob.orgId, after: a.event }, { key: bob.key });
    const fake = await t.gql(EVENTS, { orgId: bob.orgId, after: MISSING.evt }, { key: bob.key });
    assert.ok(real.errors?.length, 'an error, not an empty page after an event Bob cannot see');
    assert.ok(['NOT_FOUND', 'BAD_USER_INPUT'].includes(String(codeOf(real))));
    assert.deepEqual(shape(real), shape(fake));
  });

  it("answers Bob's payments partner with a NOT_FOUND user error for Alice's session (handed to her partner), changing nothing", async () => {
    await t.handOver(alice.orgId, await t.partner("Alice's Payments"), a.session);
    const bobsPartner = await t.partner("Bob's Payments");
    const before = await snapshot();
    const at = new Date(Date.now() + 24 * 3600_000).toISOString();
    const calls: [string, string, Record<string, unknown>][] = [
      ['paymentSessionPending', PENDING, { id: a.session, at }],
      ['paymentSessionResolve', RESOLVE, { id: a.session }],
      ['paymentSessionReject', REJECT, { id: a.session }],
    ];
    for (const [name, doc, vars] of calls) {
      const res = await t.gql(doc, vars, { key: bobsPartner.key });
      const payload = ok(res)[name];
      assert.equal(payload.paymentSession, null, name);
      assert.deepEqual(payload.userErrors.map((e: { code: string }) => e.code), ['NOT_FOUND'], name);
      const fake = ok(await t.gql(doc, { ...vars, id: MISSING.ps }, { key: bobsPartner.key }))[name];
      assert.deepEqual(payload, fake, `${name} answers as for a session that does not exist`);
    }
    assert.deepEqual(await snapshot(), before);
    assert.equal(before.session.status, 'Active');
  });

  it("refuses Alice's contactId or checkoutConfigurationId in Bob's create and update as NOT_FOUND", async () => {
    const before = await snapshot();
    const create = (input: Record<string, unknown>) => t.gql(CREATE_SESSION, { input: { orgId: bob.orgId, amount: '3.00', currency: 'USD', ...input } }, { key: bob.key });
    const c1 = await create({ contactId: a.contact });
    assert.equal(codeOf(c1), 'NOT_FOUND');
    assert.equal(c1.errors![0].extensions!.field, 'input.contactId');
    const c2 = await create({ checkoutConfigurationId: a.config });
    assert.equal(codeOf(c2), 'NOT_FOUND');
    assert.equal(c2.errors![0].extensions!.field, 'input.checkoutConfigurationId');
    assert.equal(codeOf(await create({ checkoutConfigurationId: a.defaultConfig })), 'NOT_FOUND');

    const u1 = await t.gql(UPDATE_SESSION, { input: { orgId: bob.orgId, id: bobSession, contactId: a.contact } }, { key: bob.key });
    assert.equal(codeOf(u1), 'NOT_FOUND');
    assert.equal(u1.errors![0].extensions!.field, 'input.contactId');
    // The service names the org by its domain name; the edge places it under the mutation's argument.
    const foreign = await t.gql(CREATE_SESSION, { input: { orgId: alice.orgId, amount: '3.00', currency: 'USD' } }, { key: bob.key });
    assert.deepEqual([codeOf(foreign), foreign.errors![0].extensions!.field], ['NOT_FOUND', 'input.orgId']);
    const u2 = await t.gql(UPDATE_SESSION, { input: { orgId: bob.orgId, id: bobSession, checkoutConfigurationId: a.config } }, { key: bob.key });
    assert.equal(codeOf(u2), 'NOT_FOUND');
    // Alice's key cannot reach Bob's session either.
    assert.equal(codeOf(await t.gql(UPDATE_SESSION, { input: { orgId: alice.orgId, id: bobSession, status: 'Canceled' } }, { key: alice.key })), 'NOT_FOUND');

    assert.deepEqual(await snapshot(), before);
    const mine = ok(await t.gql(SESSION, { orgId: bob.orgId, id: bobSession }, { key: bob.key })).paymentSession;
    assert.deepEqual([mine.status, mine.contactId, mine.events.length], ['Active', null, 1]);
  });

  it('keeps Idempotency-Keys apart per org', async () => {
    const headers = { 'idempotency-key': 'shared-order-77' };
    const input = (orgId: string) => ({ input: { orgId, amount: '7.00', currency: 'USD' } });
    const fromAlice = ok(await t.gql(CREATE_SESSION, input(alice.orgId), { key: alice.key, headers })).createPaymentSession.id;
    const fromBob = ok(await t.gql(CREATE_SESSION, input(bob.orgId), { key: bob.key, headers })).createPaymentSession.id;
    assert.notEqual(fromBob, fromAlice);
    assert.equal(codeOf(await t.gql(SESSION, { orgId: bob.orgId, id: fromAlice }, { key: bob.key })), 'NOT_FOUND');
    assert.equal(ok(await t.gql(SESSION, { orgId: bob.orgId, id: fromBob }, { key: bob.key })).paymentSession.id, fromBob);
  });
});
