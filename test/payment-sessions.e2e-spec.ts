import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { codeOf, GqlResponse, ok, QUIET, Tenant, TestApp } from './support/test-app';

/**
 * The example request of the ClientLoop seed (docs/seeds/clientloop-update-payment-session.txt), byte for byte: a
 * ClientLoop client must work by changing only the host.
 */
const SEED = readFileSync(path.join(__dirname, 'fixtures/seed-update-payment-session.graphql'), 'utf8');
/** The seed's selection set on PaymentSession, reused so that create is checked field for field too. */
const SELECTION = SEED.slice(SEED.indexOf('updatePaymentSession(input: $input)') + 'updatePaymentSession(input: $input)'.length, SEED.lastIndexOf('}')).trim();

const CREATE = `mutation($input: CreatePaymentSessionInput!) { createPaymentSession(input: $input) ${SELECTION} }`;
const UPDATE = `mutation($input: UpdatePaymentSessionInput!) { updatePaymentSession(input: $input) { id status amount currency link paymentId transactionRef brandName callbackUrl successUrl expirationDate contactId updatedAt } }`;
const EVENTS = `query($orgId: ID!, $id: ID!) { paymentSession(orgId: $orgId, id: $id) { status events { id type actor occurredAt data } } }`;
const LIST = `query($orgId: ID!, $filter: PaymentSessionFilter, $first: Int, $after: String) {
  paymentSessions(orgId: $orgId, filter: $filter, first: $first, after: $after) { nodes { id createdAt status } edges { cursor node { id } } pageInfo { hasNextPage endCursor } }
}`;
const CREATE_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`;
const CREATE_CONFIG = `mutation($input: CreateCheckoutConfigurationInput!) { createCheckoutConfiguration(input: $input) { id } }`;

const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

function line(num: number) {
  return { num, quantity: 1, price: '1.00', productId: `p${num}`, productSku: `SKU-${num}`, productName: `Item ${num}`, productDescription: 'A thing', productImageUrl: 'https://cdn.example.com/item.png' };
}

describe('payment sessions (merchant API)', () => {
  let t: TestApp;
  let acme: Tenant;
  let defaultConfigId: string;

  const count = async (table: string) => Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  const create = (input: Record<string, unknown>, opts: { headers?: Record<string, string>; tenant?: Tenant } = {}) => {
    const tenant = opts.tenant ?? acme;
    return t.gql(CREATE, { input: { orgId: tenant.orgId, amount: '10.00', currency: 'USD', ...input } }, { key: tenant.key, headers: opts.headers });
  };
  const createOk = async (input: Record<string, unknown> = {}, tenant?: Tenant) => ok(await create(input, { tenant })).createPaymentSession;
  const update = (input: Record<string, unknown>, tenant: Tenant = acme) => t.gql(UPDATE, { input: { orgId: tenant.orgId, ...input } }, { key: tenant.key });
  const events = async (id: string) => ok(await t.gql(EVENTS, { orgId: acme.orgId, id }, { key: acme.key })).paymentSession.events as { type: string; actor: string; data: any }[];

  before(async () => {
    // Quiet: the statement counts below must see only the requests' statements, and the sessions'
    // callbackUrls are made-up hosts that no test should send webhooks to.
    t = await TestApp.start(QUIET);
    acme = await t.tenant('Acme');
    const configs = ok(await t.gql(`query($o: ID!) { checkoutConfigurations(orgId: $o) { nodes { id isDefault } } }`, { o: acme.orgId }, { key: acme.key }));
    defaultConfigId = configs.checkoutConfigurations.nodes.find((c: { isDefault: boolean }) => c.isDefault).id;
  });
  after(() => t.close());

  describe("the seed's document", () => {
    it('returns a session with contactRef and invoiceRefs, every field filled, unchanged by an update of nothing', async () => {
      const expirationDate = '2099-11-21T09:30:00-05:00';
      const contact = { contactName: 'Ada Lovelace', contactFirstName: 'Ada', contactLastName: 'Lovelace', contactEmail: 'ada@example.com', contactPhone: '+14155554345' };
      const created = await createOk({
        amount: '150.10',
        callbackUrl: 'https://merchant.example.com/hooks',
        successUrl: 'https://merchant.example.com/thanks',
        contactRef: {
          contactId: 'crm-42',
          ...contact,
          address: { lines: ['1 Main St', 'Suite 2'], locality: 'San Francisco', administrativeArea: 'CA', postalCode: '94105', countryCode: 'USA' },
        },
        transactionRef: 'txn-1001',
        invoiceRefs: [
          { orderId: 'ord-1', invoiceId: 'inv-1', invoiceNumber: 'INV-0001', amount: 100.1, lines: [line(1), { ...line(2), quantity: 2.5, price: 20 }], billingContact: { contactId: 'b-1', ...contact }, shippingContact: { contactId: 's-1', ...contact } },
          { invoiceId: 'inv-2', amount: '50' },
        ],
        expirationDate,
        brandLogoUrl: 'https://cdn.example.com/logo.png',
        brandName: 'Acme Shop',
      });
      const eventsBefore = await count('payment_session_events');

      const res = await t.gql(SEED, { input: { orgId: acme.orgId, id: created.id } }, { key: acme.key, path: '/' });
      const s = ok(res).updatePaymentSession;
      assert.deepEqual(s, created, 'an update with only orgId and id changes nothing');
      assert.match(s.id, /^ps_/);
      assert.equal(s.orgId, acme.orgId);
      assert.equal(s.status, 'Active');
      assert.equal(s.amount, '150.10');
      assert.equal(s.currency, 'USD');
      assert.equal(s.callbackUrl, 'https://merchant.example.com/hooks');
      assert.equal(s.successUrl, 'https://merchant.example.com/thanks');
      assert.match(s.link, /^https:\/\/pay\.example\.test\/pay\/ps_\w+\.[\w-]{32}$/);
      assert.equal(s.contactId, null);
      assert.equal(s.contact, null);
      assert.deepEqual(s.contactRef, {
        contactId: 'crm-42',
        ...contact,
        address: { lines: ['1 Main St', 'Suite 2'], locality: 'San Francisco', administrativeArea: 'CA', postalCode: '94105', countryCode: 'US' },
      });
      assert.equal(s.transactionRef, 'txn-1001');
      assert.equal(s.invoiceIds, null);
      assert.deepEqual(s.invoiceRefs, [
        {
          orderId: 'ord-1', invoiceId: 'inv-1', invoiceNumber: 'INV-0001', amount: '100.10',
          lines: [line(1), { ...line(2), quantity: 2.5, price: '20.00' }],
          billingContact: { contactId: 'b-1', ...contact },
          shippingContact: { contactId: 's-1', ...contact },
        },
        { orderId: null, invoiceId: 'inv-2', invoiceNumber: null, amount: '50.00', lines: null, billingContact: null, shippingContact: null },
      ]);
      assert.equal(s.invoiceTotal, '150.10');
      assert.equal(s.expirationDate, '2099-11-21T14:30:00.000Z');
      assert.equal(s.paymentId, null);
      assert.match(s.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.equal(s.updatedAt, s.createdAt);
      assert.equal(s.checkoutConfigurationId, defaultConfigId);
      assert.equal(s.brandLogoUrl, 'https://cdn.example.com/logo.png');
      assert.equal(s.brandName, 'Acme Shop');
      assert.equal(await count('payment_session_events'), eventsBefore, 'no change, no event');
    });

    it('returns a session with a contactId, its contact and invoiceIds', async () => {
      const contact = ok(await t.gql(CREATE_CONTACT, { input: { orgId: acme.orgId, name: 'Grace Hopper', givenName: 'Grace', familyName: 'Hopper', email: 'grace@example.com', phone: '+14155550123' } }, { key: acme.key })).createContact;
      const created = await createOk({ contactId: contact.id, invoiceIds: ['inv-9', 'inv-10'], paymentId: 'pay-ext-1' });
      const s = ok(await t.gql(SEED, { input: { orgId: acme.orgId, id: created.id } }, { key: acme.key })).updatePaymentSession;
      assert.equal(s.contactId, contact.id);
      assert.deepEqual({ ...s.contact, createdAt: undefined, updatedAt: undefined }, {
        orgId: acme.orgId, id: contact.id, name: 'Grace Hopper', givenName: 'Grace', familyName: 'Hopper', email: 'grace@example.com', phone: '+14155550123', createdAt: undefined, updatedAt: undefined,
      });
      assert.match(s.contact.createdAt, /Z$/);
      assert.equal(s.contactRef, null);
      assert.deepEqual(s.invoiceIds, ['inv-9', 'inv-10']);
      assert.equal(s.invoiceRefs, null);
      assert.equal(s.invoiceTotal, null);
      assert.equal(s.paymentId, 'pay-ext-1');
    });

    it("answers the seed's placeholder variables with NOT_FOUND", async () => {
      const res = await t.gql(SEED, { input: { orgId: 'abc123', id: 'abc123' } }, { key: acme.key });
      assert.equal(codeOf(res), 'NOT_FOUND');
      assert.equal(res.data, null);
      const own = await t.gql(SEED, { input: { orgId: acme.orgId, id: 'abc123' } }, { key: acme.key });
      assert.equal(codeOf(own), 'NOT_FOUND');
    });

    it('costs the same few SQL statements whatever the number of invoice lines', async () => {
      const contact = ok(await t.gql(CREATE_CONTACT, { input: { orgId: acme.orgId, name: 'Lines' } }, { key: acme.key })).createContact;
      const small = await createOk({ amount: '1.00', contactId: contact.id, invoiceRefs: [{ amount: '1.00', lines: [line(1)] }] });
      const big = await createOk({
        amount: '300.00',
        contactId: contact.id,
        invoiceRefs: [0, 1, 2].map((i) => ({ invoiceId: `big-${i}`, amount: '100.00', lines: Array.from({ length: 100 }, (_, j) => line(j + 1)) })),
      });
      const run = (id: string) => t.gql(SEED, { input: { orgId: acme.orgId, id } }, { key: acme.key });
      let bigRes: GqlResponse | undefined;
      const forSmall = await t.countQueries(async () => ok(await run(small.id)));
      const forBig = await t.countQueries(async () => (bigRes = await run(big.id)));
      const s = ok(bigRes!).updatePaymentSession;
      assert.equal(s.invoiceRefs.length, 3);
      assert.equal(s.invoiceRefs[2].lines.length, 100);
      assert.equal(s.invoiceRefs[2].lines[99].num, 100);
      assert.equal(s.contact.id, contact.id);
      assert.equal(forBig, forSmall, `${forBig} statements for 300 lines, ${forSmall} for one`);
      assert.ok(forSmall >= 2 && forBig <= 8, `${forBig} statements`);
    });
  });

  describe('amounts and input checks', () => {
    it('returns amounts as decimal strings with the currency digits', async () => {
      assert.equal((await createOk({ amount: 0.29 })).amount, '0.29');
      assert.equal((await createOk({ amount: '0.29' })).amount, '0.29');
      assert.equal((await createOk({ amount: 100.1 })).amount, '100.10');
      assert.equal((await createOk({ amount: '999999999.99' })).amount, '999999999.99');
      const yen = await createOk({ amount: 500, currency: 'JPY' });
      assert.deepEqual([yen.amount, yen.currency], ['500', 'JPY']);
      assert.equal((await createOk({ amount: '1.50', currency: 'EUR' })).amount, '1.50');
    });

    const refused: [string, Record<string, unknown>, string | RegExp][] = [
      ['an amount with 3 decimals', { amount: 1.001 }, 'input.amount'],
      ['a negative amount', { amount: -5 }, 'input.amount'],
      ['a zero amount', { amount: '0.00' }, 'input.amount'],
      ['an amount above the maximum', { amount: '1000000000.00' }, 'input.amount'],
      ['a JPY amount with decimals', { amount: 1.5, currency: 'JPY' }, 'input.amount'],
      ['an unknown currency', { currency: 'XYZ' }, 'input.currency'],
      ['a lower-case currency', { currency: 'usd' }, 'input.currency'],
      ['a javascript: brandLogoUrl', { brandLogoUrl: 'javascript:alert(1)' }, 'input.brandLogoUrl'],
      ['an http: brandLogoUrl', { brandLogoUrl: 'http://cdn.example.com/logo.png' }, 'input.brandLogoUrl'],
      ['a javascript: callbackUrl', { callbackUrl: 'javascript:alert(1)' }, 'input.callbackUrl'],
      ['a bad phone', { contactRef: { contactName: 'X', contactPhone: '555-1234' } }, 'input.contactRef.contactPhone'],
      ['a bad email', { contactRef: { contactName: 'X', contactEmail: 'not-an-email' } }, 'input.contactRef.contactEmail'],
      ['a past expirationDate', { expirationDate: '2020-01-01T00:00:00Z' }, 'input.expirationDate'],
      ['an expirationDate without a zone', { expirationDate: '2099-01-01T00:00:00' }, 'input.expirationDate'],
      ['invoiceIds together with invoiceRefs', { invoiceIds: ['a'], invoiceRefs: [{ invoiceId: 'a', amount: '10.00' }] }, /^input\.invoice(Ids|Refs)$/],
      ['a line price with more decimals than JPY has', { amount: 100, currency: 'JPY', invoiceRefs: [{ amount: 100, lines: [{ num: 1, price: '1.5' }] }] }, 'input.invoiceRefs.0.lines.0.price'],
      ['an unknown country', { contactRef: { contactName: 'X', address: { lines: ['1 Main St'], countryCode: 'ZZ' } } }, 'input.contactRef.address.countryCode'],
    ];
    for (const [what, input, field] of refused) {
      it(`refuses ${what} as BAD_USER_INPUT with its field, storing nothing`, async () => {
        const [sessions, events] = [await count('payment_sessions'), await count('payment_session_events')];
        const res = await create(input);
        assert.equal(codeOf(res), 'BAD_USER_INPUT', JSON.stringify(res.errors));
        if (typeof field === 'string') assert.equal(res.errors![0].extensions!.field, field);
        else assert.match(String(res.errors![0].extensions!.field), field);
        assert.equal(res.data ?? null, null);
        assert.equal(await count('payment_sessions'), sessions);
        assert.equal(await count('payment_session_events'), events);
      });
    }

    it(
      'answers malformed variables with HTTP 400 and BAD_USER_INPUT, never 500',
      async () => {
        const cases: [Record<string, unknown>, string][] = [
          [{ orgId: acme.orgId, amount: 1.001, currency: 'USD' }, 'input.amount'],
          [{ orgId: acme.orgId, currency: 'USD' }, 'input.amount'],
          [{ orgId: acme.orgId, amount: '1.00', currency: 'USD', invoiceRefs: [{ lines: [{ num: 'one' }] }] }, 'input.invoiceRefs.0.lines.0.num'],
        ];
        for (const [input, field] of cases) {
          const res = await t.gql(CREATE, { input }, { key: acme.key });
          assert.deepEqual([res.status, codeOf(res), res.errors![0].extensions!.field], [400, 'BAD_USER_INPUT', field], JSON.stringify(input));
        }
        const s = await createOk();
        const res = await update({ id: s.id, status: 'Bogus' });
        assert.deepEqual([res.status, codeOf(res), res.errors![0].extensions!.field], [400, 'BAD_USER_INPUT', 'input.status']);
      },
    );

    it('refuses a contactId together with a contactRef, storing nothing', async () => {
      const contact = ok(await t.gql(CREATE_CONTACT, { input: { orgId: acme.orgId, name: 'Both' } }, { key: acme.key })).createContact;
      const [sessions, events] = [await count('payment_sessions'), await count('payment_session_events')];
      const res = await create({ contactId: contact.id, contactRef: { contactName: 'Both' } });
      assert.equal(codeOf(res), 'BAD_USER_INPUT');
      assert.match(String(res.errors![0].extensions!.field), /^input\.contact(Id|Ref)$/);
      assert.equal(await count('payment_sessions'), sessions);
      assert.equal(await count('payment_session_events'), events);
    });

    it('writes the created event with the session, in the same breath', async () => {
      const s = await createOk({ transactionRef: 'evt-check' });
      const list = await events(s.id);
      assert.deepEqual(list.map((e) => e.type), ['payment_session.created']);
      assert.equal(list[0].data.paymentSession.id, s.id);
      assert.equal(list[0].data.paymentSession.amount, '10.00');
    });

    it('sends the rows of a create, and on MariaDB its START TRANSACTION and COMMIT, in one round trip', async () => {
      const input = { callbackUrl: 'https://merchant.example.com/hooks', contactRef: { contactName: 'Ada', contactEmail: 'ada@example.com' } };
      await createOk(input); // the org's default checkout configuration is read once, then reused
      let id = '';
      const sent = await t.recordQueries(async () => (id = (await createOk(input)).id));
      const tables = ['payment_sessions', 'payment_session_events', 'webhook_deliveries', 'staff_session_emails'];
      const inserting = (table: string) => sent.filter((sql) => new RegExp(`INSERT INTO [\`"]${table}[\`"]`).test(sql));
      for (const table of tables) {
        const column = table === 'payment_sessions' ? 'id' : 'session_id';
        assert.equal(Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?`, [id]))[0].n), 1, table);
      }
      if (t.config.database.type !== 'mysql') {
        // SQLite: the same statements one by one (a call into the embedded database is no round trip).
        for (const table of tables) assert.equal(inserting(table).length, 1, table);
        return;
      }
      const batch = inserting('payment_sessions');
      assert.equal(batch.length, 1, sent.join('\n---\n'));
      for (const table of tables) assert.deepEqual(inserting(table), batch, `${table} is inserted in the session's round trip`);
      // The create's whole transaction is that one query: nothing before it starts one, nothing after it commits.
      assert.match(batch[0], /^START TRANSACTION;\s*INSERT/);
      assert.match(batch[0], /;\s*COMMIT$/);
      assert.deepEqual(sent.filter((sql) => /^(START TRANSACTION|COMMIT)$/.test(sql)), [], sent.join('\n---\n'));
      // Then its event's place in the stream: a read of what is unplaced, and one query that
      // starts, advances the sequencer, numbers the events and commits.
      const after = sent.slice(sent.indexOf(batch[0]) + 1);
      assert.equal(after.length, 2, after.join('\n---\n'));
      assert.match(after[0], /^SELECT .*stream_position[`"]? IS NULL/s);
      assert.match(after[1], /^START TRANSACTION;\s*UPDATE [`"]event_stream_sequencer[`"].*;\s*UPDATE [`"]payment_session_events[`"].*;\s*COMMIT$/s);
    });

    it('sends START TRANSACTION with the first statement of an update, not on its own', async () => {
      const s = await createOk({ transactionRef: 'start-with-first' });
      const sent = await t.recordQueries(async () => ok(await update({ id: s.id, transactionRef: 'start-with-first-2' })));
      assert.deepEqual(sent.filter((sql) => /^\s*START TRANSACTION\s*$/.test(sql)), [], sent.join('\n---\n'));
      if (t.config.database.type !== 'mysql') return; // SQLite's transactions are TypeORM's own (one writer, no round trips)
      const starts = sent.filter((sql) => sql.startsWith('START TRANSACTION;'));
      // The update's transaction (its session's row lock first) and the sequencer's.
      assert.equal(starts.length, 2, sent.join('\n---\n'));
      assert.match(starts[0], /^START TRANSACTION;\s*SELECT .* FOR UPDATE/s);
      const updated = await t.dataSource.query('SELECT transaction_ref AS ref FROM payment_sessions WHERE id = ?', [s.id]);
      assert.equal(updated[0].ref, 'start-with-first-2');
    });
  });

  describe('updatePaymentSession', () => {
    it('changes only the fields sent, null clears an optional one, and records what changed', async () => {
      const s = await createOk({ transactionRef: 'partial-1', brandName: 'Brand', callbackUrl: 'https://merchant.example.com/cb', expirationDate: inAnHour() });
      const u1 = ok(await update({ id: s.id, amount: '12.34' })).updatePaymentSession;
      assert.equal(u1.amount, '12.34');
      assert.equal(u1.transactionRef, 'partial-1');
      assert.equal(u1.brandName, 'Brand');
      assert.equal(u1.callbackUrl, 'https://merchant.example.com/cb');
      assert.equal(u1.expirationDate, s.expirationDate);
      assert.ok(u1.updatedAt >= s.updatedAt);

      const u2 = ok(await update({ id: s.id, brandName: null, expirationDate: null, transactionRef: 'partial-2' })).updatePaymentSession;
      assert.equal(u2.brandName, null);
      assert.equal(u2.expirationDate, null);
      assert.equal(u2.transactionRef, 'partial-2');
      assert.equal(u2.amount, '12.34');
      assert.equal(u2.callbackUrl, 'https://merchant.example.com/cb');

      const list = await events(s.id);
      assert.deepEqual(list.map((e) => e.type), ['payment_session.created', 'payment_session.updated', 'payment_session.updated']);
      assert.deepEqual(list[1].data.changes, ['amount']);
      assert.deepEqual([...list[2].data.changes].sort(), ['brandName', 'expirationDate', 'transactionRef']);
      assert.equal(list[2].data.paymentSession.transactionRef, 'partial-2');
      assert.match(list[1].actor, /^merchant:key_/);

      // Sending a field with the value it already has is no change and no event.
      ok(await update({ id: s.id, transactionRef: 'partial-2' }));
      assert.equal((await events(s.id)).length, 3);
    });

    it('switches a contactRef for a contactId and invoiceRefs for invoiceIds, never holding both', async () => {
      const contact = ok(await t.gql(CREATE_CONTACT, { input: { orgId: acme.orgId, name: 'Switch' } }, { key: acme.key })).createContact;
      const s = await createOk({ contactRef: { contactName: 'Ref' }, invoiceRefs: [{ invoiceId: 'i-1', amount: '10.00' }] });
      const q = `mutation($input: UpdatePaymentSessionInput!) { updatePaymentSession(input: $input) { contactId contact { id } contactRef { contactName } invoiceIds invoiceRefs { invoiceId } invoiceTotal } }`;
      const both = await t.gql(q, { input: { orgId: acme.orgId, id: s.id, contactId: contact.id } }, { key: acme.key });
      assert.equal(codeOf(both), 'BAD_USER_INPUT', 'the stored contactRef is still there');
      assert.equal(codeOf(await t.gql(q, { input: { orgId: acme.orgId, id: s.id, invoiceIds: ['i-1'] } }, { key: acme.key })), 'BAD_USER_INPUT');

      const switched = ok(await t.gql(q, { input: { orgId: acme.orgId, id: s.id, contactId: contact.id, contactRef: null, invoiceIds: ['i-1'], invoiceRefs: null } }, { key: acme.key })).updatePaymentSession;
      assert.deepEqual(switched, { contactId: contact.id, contact: { id: contact.id }, contactRef: null, invoiceIds: ['i-1'], invoiceRefs: null, invoiceTotal: null });
      const list = await events(s.id);
      assert.deepEqual([...list.at(-1)!.data.changes].sort(), ['contactId', 'contactRef', 'invoiceIds', 'invoiceRefs', 'invoiceTotal']);
    });

    it('refuses an amount or currency of null and bad values, changing nothing', async () => {
      const s = await createOk({ amount: '20.50' });
      for (const input of [{ amount: null }, { currency: null }, { amount: 1.001 }, { currency: 'XYZ' }, { brandLogoUrl: 'http://x.example.com/l.png' }, { expirationDate: '2020-01-01T00:00:00Z' }]) {
        const res = await update({ id: s.id, ...input });
        assert.equal(codeOf(res), 'BAD_USER_INPUT', JSON.stringify(input));
        assert.ok(res.errors![0].extensions!.field, JSON.stringify(res.errors));
      }
      const after = ok(await t.gql(EVENTS, { orgId: acme.orgId, id: s.id }, { key: acme.key }));
      assert.equal(after.paymentSession.events.length, 1);
    });

    it('refuses USD to JPY on an amount with cents, and converts a whole amount', async () => {
      const s = await createOk({ amount: '20.50' });
      const res = await update({ id: s.id, currency: 'JPY' });
      assert.equal(codeOf(res), 'BAD_USER_INPUT');
      assert.equal(res.errors![0].extensions!.field, 'input.amount');
      const unchanged = ok(await update({ id: s.id })).updatePaymentSession;
      assert.deepEqual([unchanged.amount, unchanged.currency], ['20.50', 'USD']);

      const both = ok(await update({ id: s.id, currency: 'JPY', amount: 2050 })).updatePaymentSession;
      assert.deepEqual([both.amount, both.currency], ['2050', 'JPY']);

      const whole = await createOk({ amount: '20.00', invoiceRefs: [{ amount: '20.00', lines: [{ num: 1, price: '20.00' }] }] });
      const yen = ok(await t.gql(SEED, { input: { orgId: acme.orgId, id: whole.id, currency: 'JPY' } }, { key: acme.key })).updatePaymentSession;
      assert.deepEqual([yen.amount, yen.currency, yen.invoiceTotal, yen.invoiceRefs[0].amount, yen.invoiceRefs[0].lines[0].price], ['20', 'JPY', '20', '20', '20']);
    });

    it('cancels: status Canceled, link null, a canceled event, and no further update', async () => {
      const s = await createOk();
      assert.ok(s.link);
      const canceled = ok(await update({ id: s.id, status: 'Canceled' })).updatePaymentSession;
      assert.equal(canceled.status, 'Canceled');
      assert.equal(canceled.link, null);
      const list = await events(s.id);
      assert.deepEqual(list.map((e) => e.type), ['payment_session.created', 'payment_session.canceled']);
      assert.equal(list[1].data.paymentSession.status, 'Canceled');

      for (const input of [{ amount: '11.00' }, { status: 'Canceled' }, { status: 'Completed', paymentId: 'pay-1' }, { brandName: null }]) {
        const res = await update({ id: s.id, ...input });
        assert.equal(codeOf(res), 'INVALID_STATE', JSON.stringify(input));
      }
      assert.equal(codeOf(await t.gql(SEED, { input: { orgId: acme.orgId, id: s.id } }, { key: acme.key })), 'INVALID_STATE');
      const reread = ok(await t.gql(`query($o: ID!, $id: ID!) { paymentSession(orgId: $o, id: $id) { status amount link events { type } } }`, { o: acme.orgId, id: s.id }, { key: acme.key })).paymentSession;
      assert.deepEqual(reread, { status: 'Canceled', amount: '10.00', link: null, events: [{ type: 'payment_session.created' }, { type: 'payment_session.canceled' }] });
    });

    it('expires now with status Expired', async () => {
      const s = await createOk({ expirationDate: inAnHour() });
      const expired = ok(await update({ id: s.id, status: 'Expired' })).updatePaymentSession;
      assert.equal(expired.status, 'Expired');
      assert.equal(expired.link, null);
      assert.deepEqual((await events(s.id)).map((e) => e.type), ['payment_session.created', 'payment_session.expired']);
      assert.equal(codeOf(await update({ id: s.id, amount: '1.00' })), 'INVALID_STATE');
    });

    it('completes only with a paymentId', async () => {
      const s = await createOk();
      const missing = await update({ id: s.id, status: 'Completed' });
      assert.equal(codeOf(missing), 'BAD_USER_INPUT');
      assert.equal(missing.errors![0].extensions!.field, 'input.paymentId');
      const stillActive = await update({ id: s.id, status: 'Completed', transactionRef: 'should-roll-back' });
      assert.equal(codeOf(stillActive), 'BAD_USER_INPUT');
      assert.deepEqual((await events(s.id)).map((e) => e.type), ['payment_session.created'], 'a refused completion leaves nothing behind');

      const done = ok(await update({ id: s.id, status: 'Completed', paymentId: 'pay_ext_77' })).updatePaymentSession;
      assert.deepEqual([done.status, done.paymentId, done.link, done.transactionRef], ['Completed', 'pay_ext_77', null, null]);
      assert.deepEqual((await events(s.id)).map((e) => e.type).at(-1), 'payment_session.completed');
      assert.equal(codeOf(await update({ id: s.id, status: 'Canceled' })), 'INVALID_STATE');

      const prepaid = await createOk({ paymentId: 'pay_pre_1' });
      const done2 = ok(await update({ id: prepaid.id, status: 'Completed' })).updatePaymentSession;
      assert.deepEqual([done2.status, done2.paymentId], ['Completed', 'pay_pre_1']);
    });

    it('refuses status Pending or Rejected as BAD_USER_INPUT: only the payments partner sets them', async () => {
      const s = await createOk();
      for (const status of ['Pending', 'Rejected']) {
        const res = await update({ id: s.id, status });
        assert.equal(codeOf(res), 'BAD_USER_INPUT');
        assert.equal(res.errors![0].extensions!.field, 'input.status');
      }
      const res = ok(await update({ id: s.id }));
      assert.equal(res.updatePaymentSession.status, 'Active');
      assert.equal((await events(s.id)).length, 1);
    });

    it('answers NOT_FOUND for an id that does not exist', async () => {
      const res = await update({ id: 'ps_01JD3Y0000000000000000000' });
      assert.equal(codeOf(res), 'NOT_FOUND');
    });
  });

  describe('Idempotency-Key', () => {
    it('returns the first session for the same key and input, CONFLICT for other input', async () => {
      const input = { amount: '42.00', transactionRef: 'idem-1', contactRef: { contactName: 'Idem', contactEmail: 'idem@example.com' } };
      const headers = { 'idempotency-key': 'order-1001-attempt' };
      const first = ok(await create(input, { headers })).createPaymentSession;
      const again = ok(await create({ contactRef: { contactEmail: 'idem@example.com', contactName: 'Idem' }, transactionRef: 'idem-1', amount: '42.00' }, { headers })).createPaymentSession;
      assert.equal(again.id, first.id);
      assert.deepEqual(again, first);

      const sessions = await count('payment_sessions');
      const other = await create({ ...input, amount: '43.00' }, { headers });
      assert.equal(codeOf(other), 'CONFLICT');
      assert.equal(await count('payment_sessions'), sessions);

      const fresh = ok(await create(input, { headers: { 'idempotency-key': 'order-1001-other' } })).createPaymentSession;
      assert.notEqual(fresh.id, first.id);
      const without = ok(await create(input)).createPaymentSession;
      assert.notEqual(without.id, first.id);
    });

    it('creates exactly one session for 8 concurrent requests with one key', async () => {
      const input = { amount: '8.88', transactionRef: 'idem-concurrent' };
      const results = await Promise.all(Array.from({ length: 8 }, () => create(input, { headers: { 'idempotency-key': 'concurrent-key-1' } })));
      for (const res of results) assert.equal(res.errors, undefined, JSON.stringify(res.errors));
      const ids = new Set(results.map((res) => res.data.createPaymentSession.id));
      assert.equal(ids.size, 1);
      const [{ n }] = await t.dataSource.query("SELECT COUNT(*) AS n FROM payment_sessions WHERE transaction_ref = 'idem-concurrent'");
      assert.equal(Number(n), 1);
      const [{ e }] = await t.dataSource.query('SELECT COUNT(*) AS e FROM payment_session_events WHERE session_id = ?', [[...ids][0]]);
      assert.equal(Number(e), 1);
    });

    it('refuses a malformed key', async () => {
      const res = await create({}, { headers: { 'idempotency-key': 'x'.repeat(256) } });
      assert.equal(codeOf(res), 'BAD_USER_INPUT');
    });
  });

  describe('paymentSessions', () => {
    let shop: Tenant;
    let created: { id: string; createdAt: string }[];
    let contactId: string;
    const list = (vars: Record<string, unknown>) => t.gql(LIST, { orgId: shop.orgId, ...vars }, { key: shop.key });

    before(async () => {
      shop = await t.tenant('Paging Shop');
      contactId = ok(await t.gql(CREATE_CONTACT, { input: { orgId: shop.orgId, name: 'Pat' } }, { key: shop.key })).createContact.id;
      created = [];
      for (let i = 0; i < 7; i++) {
        created.push(await createOk({ transactionRef: `page-${i}`, ...(i % 3 === 0 ? { contactId } : {}) }, shop));
      }
      ok(await update({ id: created[1].id, status: 'Canceled' }, shop));
      ok(await update({ id: created[4].id, status: 'Canceled' }, shop));
      ok(await update({ id: created[5].id, status: 'Completed', paymentId: 'pay-5' }, shop));
    });

    it('pages newest first with first/after, with no duplicates or gaps', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 5; page++) {
        const res: any = ok(await list({ first: 3, after: cursor })).paymentSessions;
        assert.deepEqual(res.edges.map((e: { node: { id: string } }) => e.node.id), res.nodes.map((n: { id: string }) => n.id));
        seen.push(...res.nodes.map((n: { id: string }) => n.id));
        assert.equal(res.pageInfo.endCursor, res.edges.at(-1)?.cursor ?? null);
        if (!res.pageInfo.hasNextPage) break;
        assert.equal(res.nodes.length, 3);
        cursor = res.pageInfo.endCursor;
      }
      assert.deepEqual(seen, created.map((s) => s.id).reverse());
      const all = ok(await list({})).paymentSessions;
      assert.deepEqual(all.nodes.map((n: { id: string }) => n.id), seen);
      assert.equal(all.pageInfo.hasNextPage, false);
    });

    it('filters by status list, contactId and transactionRef', async () => {
      const ids = async (filter: Record<string, unknown>) => ok(await list({ filter })).paymentSessions.nodes.map((n: { id: string }) => n.id);
      const pick = (...i: number[]) => i.map((k) => created[k].id).reverse();
      assert.deepEqual(await ids({ status: ['Canceled'] }), pick(1, 4));
      assert.deepEqual(await ids({ status: ['Canceled', 'Completed'] }), pick(1, 4, 5));
      assert.deepEqual(await ids({ status: ['Active'] }), pick(0, 2, 3, 6));
      assert.deepEqual(await ids({ status: ['Expired'] }), []);
      assert.deepEqual(await ids({ contactId }), pick(0, 3, 6));
      assert.deepEqual(await ids({ contactId, status: ['Active'] }), pick(0, 3, 6));
      assert.deepEqual(await ids({ transactionRef: 'page-2' }), pick(2));
      assert.deepEqual(await ids({ transactionRef: 'page-' }), []);
    });

    it('filters by created range: from inclusive, to exclusive', async () => {
      const ids = async (filter: Record<string, unknown>) => ok(await list({ filter })).paymentSessions.nodes.map((n: { id: string }) => n.id);
      const from = created[2].createdAt;
      const to = created[5].createdAt;
      const at = (s: { createdAt: string }) => Date.parse(s.createdAt);
      const expected = created.filter((s) => at(s) >= Date.parse(from) && at(s) < Date.parse(to)).map((s) => s.id).reverse();
      assert.ok(expected.includes(created[2].id));
      assert.ok(!expected.includes(created[5].id));
      assert.deepEqual(await ids({ createdFrom: from, createdTo: to }), expected);
      assert.deepEqual(await ids({ createdFrom: '2099-01-01T00:00:00Z' }), []);
      assert.deepEqual(await ids({ createdTo: '2000-01-01T00:00:00Z' }), []);
    });

    it('refuses first: 101 and first: 0 as BAD_USER_INPUT', async () => {
      for (const first of [101, 0, -1]) {
        const res = await list({ first });
        assert.equal(codeOf(res), 'BAD_USER_INPUT', String(first));
        assert.equal(res.errors![0].extensions!.field, 'first');
      }
      assert.equal(ok(await list({ first: 100 })).paymentSessions.nodes.length, 7);
    });

    it('loads contact and events of a page in a constant number of statements', async () => {
      const q = `query($o: ID!, $first: Int) { paymentSessions(orgId: $o, first: $first) { nodes { id flexPayAvailable contact { id name email } events { id type } } } }`;
      let small: any;
      let big: any;
      const two = await t.countQueries(async () => (small = ok(await t.gql(q, { o: shop.orgId, first: 2 }, { key: shop.key }))));
      const seven = await t.countQueries(async () => (big = ok(await t.gql(q, { o: shop.orgId, first: 7 }, { key: shop.key }))));
      assert.equal(small.paymentSessions.nodes.length, 2);
      assert.equal(big.paymentSessions.nodes.length, 7);
      const withContact = big.paymentSessions.nodes.filter((n: any) => n.contact);
      assert.equal(withContact.length, 3);
      assert.ok(withContact.every((n: any) => n.contact.id === contactId && n.contact.name === 'Pat'));
      assert.ok(big.paymentSessions.nodes.every((n: any) => n.events[0].type === 'payment_session.created'));
      assert.equal(seven, two, `${seven} statements for 7 sessions, ${two} for 2`);
      assert.ok(two >= 3 && seven <= 6, `${seven} statements`);
    });
  });

  describe('checkout configuration of a session', () => {
    it('flexPayAvailable only with FlexPay enabled and amount <= invoiceTotal', async () => {
      const flex = ok(await t.gql(CREATE_CONFIG, { input: { orgId: acme.orgId, name: 'Flex', paymentMethods: ['Card', 'FlexPay'] } }, { key: acme.key })).createCheckoutConfiguration.id;
      const q = `query($o: ID!, $id: ID!) { paymentSession(orgId: $o, id: $id) { flexPayAvailable invoiceTotal } }`;
      const flexOf = async (input: Record<string, unknown>) => {
        const s = await createOk(input);
        return ok(await t.gql(q, { o: acme.orgId, id: s.id }, { key: acme.key })).paymentSession.flexPayAvailable;
      };
      const invoices = [{ amount: '60.00' }, { amount: '40.00' }];
      assert.equal(await flexOf({ checkoutConfigurationId: flex, amount: '100.00', invoiceRefs: invoices }), true);
      assert.equal(await flexOf({ checkoutConfigurationId: flex, amount: '99.99', invoiceRefs: invoices }), true);
      assert.equal(await flexOf({ checkoutConfigurationId: flex, amount: '100.01', invoiceRefs: invoices }), false);
      assert.equal(await flexOf({ checkoutConfigurationId: flex, amount: '100.00' }), false);
      assert.equal(await flexOf({ amount: '100.00', invoiceRefs: invoices }), false);

      // A tip pushes the amount over the invoices: FlexPay goes away.
      const s = await createOk({ checkoutConfigurationId: flex, amount: '100.00', invoiceRefs: invoices });
      ok(await update({ id: s.id, amount: '105.00' }));
      assert.equal(ok(await t.gql(q, { o: acme.orgId, id: s.id }, { key: acme.key })).paymentSession.flexPayAvailable, false);
    });

    it("takes the configuration's session lifetime when no expirationDate is given", async () => {
      const config = ok(await t.gql(CREATE_CONFIG, { input: { orgId: acme.orgId, name: 'Short', defaultSessionLifetimeSeconds: 900 } }, { key: acme.key })).createCheckoutConfiguration.id;
      const s = await createOk({ checkoutConfigurationId: config });
      assert.equal(s.checkoutConfigurationId, config);
      assert.equal(Date.parse(s.expirationDate) - Date.parse(s.createdAt), 900_000);
      const explicit = inAnHour();
      const given = await createOk({ checkoutConfigurationId: config, expirationDate: explicit });
      assert.equal(given.expirationDate, explicit);
      const byDefault = await createOk({});
      assert.equal(byDefault.checkoutConfigurationId, defaultConfigId);
      assert.equal(Date.parse(byDefault.expirationDate) - Date.parse(byDefault.createdAt), 24 * 3600_000, "a new org's default configuration: 24 hours");
      const forever = ok(await t.gql(CREATE_CONFIG, { input: { orgId: acme.orgId, name: 'Forever' } }, { key: acme.key })).createCheckoutConfiguration.id;
      assert.equal((await createOk({ checkoutConfigurationId: forever })).expirationDate, null, 'a configuration without a lifetime: no expiry');
    });

    it('answers NOT_FOUND for an unknown checkoutConfigurationId or contactId', async () => {
      const sessions = await count('payment_sessions');
      const cc = await create({ checkoutConfigurationId: 'cc_01JD3Y0000000000000000000' });
      assert.equal(codeOf(cc), 'NOT_FOUND');
      assert.equal(cc.errors![0].extensions!.field, 'input.checkoutConfigurationId');
      const ct = await create({ contactId: 'ct_01JD3Y0000000000000000000' });
      assert.equal(codeOf(ct), 'NOT_FOUND');
      assert.equal(ct.errors![0].extensions!.field, 'input.contactId');
      assert.equal(await count('payment_sessions'), sessions);
    });
  });
});
