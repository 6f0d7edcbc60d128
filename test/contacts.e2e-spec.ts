import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { codeOf, ok, Tenant, TestApp } from './support/test-app';

const FIELDS = 'orgId id name givenName familyName email phone createdAt updatedAt';
const CREATE = `mutation($input: CreateContactInput!) { createContact(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($input: UpdateContactInput!) { updateContact(input: $input) { ${FIELDS} } }`;
const DELETE = `mutation($input: DeleteContactInput!) { deleteContact(input: $input) { id name } }`;
const GET = `query($orgId: ID!, $id: ID!) { contact(orgId: $orgId, id: $id) { ${FIELDS} } }`;
const LIST = `query($orgId: ID!, $search: String, $first: Int, $after: String) {
  contacts(orgId: $orgId, search: $search, first: $first, after: $after) { nodes { id name email } edges { cursor node { id } } pageInfo { hasNextPage endCursor } }
}`;
const CREATE_SESSION = `mutation($input: CreatePaymentSessionInput!) { createPaymentSession(input: $input) { id contactId contact { id name } } }`;
const UPDATE_SESSION = `mutation($input: UpdatePaymentSessionInput!) { updatePaymentSession(input: $input) { id status } }`;

describe('contacts', () => {
  let t: TestApp;
  let acme: Tenant;

  const count = async () => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM contacts'))[0].n);
  const create = (input: Record<string, unknown>, tenant: Tenant = acme) => t.gql(CREATE, { input: { orgId: tenant.orgId, ...input } }, { key: tenant.key });
  const createOk = async (input: Record<string, unknown>, tenant: Tenant = acme) => ok(await create(input, tenant)).createContact;
  const update = (input: Record<string, unknown>) => t.gql(UPDATE, { input: { orgId: acme.orgId, ...input } }, { key: acme.key });
  const remove = (id: string) => t.gql(DELETE, { input: { orgId: acme.orgId, id } }, { key: acme.key });
  const get = (id: string) => t.gql(GET, { orgId: acme.orgId, id }, { key: acme.key });

  before(async () => {
    t = await TestApp.start();
    acme = await t.tenant('Acme');
  });
  after(() => t.close());

  it('creates, reads, updates and deletes a contact', async () => {
    const c = await createOk({ name: 'Ada Lovelace', givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.com', phone: '+14155554345' });
    assert.match(c.id, /^ct_/);
    assert.equal(c.orgId, acme.orgId);
    assert.deepEqual([c.name, c.givenName, c.familyName, c.email, c.phone], ['Ada Lovelace', 'Ada', 'Lovelace', 'ada@example.com', '+14155554345']);
    assert.match(c.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.equal(c.updatedAt, c.createdAt);
    assert.deepEqual(ok(await get(c.id)).contact, c);

    const removed = ok(await remove(c.id)).deleteContact;
    assert.deepEqual(removed, { id: c.id, name: 'Ada Lovelace' });
    assert.equal(codeOf(await get(c.id)), 'NOT_FOUND');
    assert.equal(codeOf(await remove(c.id)), 'NOT_FOUND');
    assert.equal(codeOf(await update({ id: c.id, name: 'Ghost' })), 'NOT_FOUND');
  });

  it('updates only the fields sent; null clears an optional field', async () => {
    const c = await createOk({ name: 'Grace Hopper', givenName: 'Grace', familyName: 'Hopper', email: 'grace@example.com', phone: '+14155550123' });
    const u1 = ok(await update({ id: c.id, email: 'grace@navy.example.com' })).updateContact;
    assert.deepEqual([u1.name, u1.givenName, u1.familyName, u1.email, u1.phone], ['Grace Hopper', 'Grace', 'Hopper', 'grace@navy.example.com', '+14155550123']);
    assert.ok(u1.updatedAt >= c.updatedAt);
    assert.equal(u1.createdAt, c.createdAt);

    const u2 = ok(await update({ id: c.id, phone: null, givenName: null, name: 'Rear Admiral Hopper' })).updateContact;
    assert.deepEqual([u2.name, u2.givenName, u2.familyName, u2.email, u2.phone], ['Rear Admiral Hopper', null, 'Hopper', 'grace@navy.example.com', null]);
    assert.deepEqual(ok(await get(c.id)).contact, u2);
  });

  it('refuses bad input as BAD_USER_INPUT with its field, storing or changing nothing', async () => {
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'X', email: 'not-an-email' }, 'input.email'],
      [{ name: 'X', phone: '555-1234' }, 'input.phone'],
      [{ name: 'X', phone: '+1415555' }, 'input.phone'],
      [{ name: '' }, 'input.name'],
      [{ name: 'x'.repeat(201) }, 'input.name'],
    ];
    for (const [input, field] of cases) {
      const res = await create(input);
      assert.equal(codeOf(res), 'BAD_USER_INPUT', JSON.stringify(input));
      assert.equal(res.errors![0].extensions!.field, field, JSON.stringify(input));
    }
    assert.equal(await count(), before);

    const c = await createOk({ name: 'Keep Me', email: 'keep@example.com' });
    for (const [input, field] of [[{ email: 'nope' }, 'input.email'], [{ name: '' }, 'input.name'], [{ name: null }, 'input.name']] as const) {
      const res = await update({ id: c.id, ...input });
      assert.equal(codeOf(res), 'BAD_USER_INPUT', JSON.stringify(input));
      assert.equal(res.errors![0].extensions!.field, field);
    }
    assert.deepEqual(ok(await get(c.id)).contact, c);
  });

  describe('listing', () => {
    let shop: Tenant;
    let made: { id: string; name: string }[];
    const list = async (vars: Record<string, unknown>) => ok(await t.gql(LIST, { orgId: shop.orgId, ...vars }, { key: shop.key })).contacts;
    const names = async (search: string) => (await list({ search, first: 100 })).nodes.map((n: { name: string }) => n.name).sort();

    before(async () => {
      shop = await t.tenant('Contacts Shop');
      made = [];
      const people: [string, string | null][] = [
        ['Alice Archer', 'alice@example.com'],
        ['Alfred Brown', 'fred@example.com'],
        ['Bob Stone', 'bob@alpha.example.com'],
        ['Carol Alden', 'carol@example.com'],
        ['Dave 100% Real', null],
        ['Erin_Underscore', 'erin@example.com'],
        ['Zed', 'alpine@example.com'],
      ];
      for (const [name, email] of people) made.push(await createOk({ name, email }, shop));
    });

    it('pages newest first with first/after, with no duplicates or gaps', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 5; page++) {
        const res = await list({ first: 3, after: cursor });
        seen.push(...res.nodes.map((n: { id: string }) => n.id));
        assert.deepEqual(res.edges.map((e: { node: { id: string } }) => e.node.id), res.nodes.map((n: { id: string }) => n.id));
        if (!res.pageInfo.hasNextPage) break;
        assert.equal(res.nodes.length, 3);
        cursor = res.pageInfo.endCursor;
      }
      assert.deepEqual(seen, made.map((c) => c.id).reverse());
    });

    it('searches by the start of the name or of the email, ignoring case', async () => {
      assert.deepEqual(await names('Al'), ['Alfred Brown', 'Alice Archer', 'Zed']);
      assert.deepEqual(await names('al'), ['Alfred Brown', 'Alice Archer', 'Zed']);
      assert.deepEqual(await names('alice'), ['Alice Archer']);
      assert.deepEqual(await names('bob@'), ['Bob Stone']);
      assert.deepEqual(await names('fred'), ['Alfred Brown']);
      assert.deepEqual(await names('Archer'), [], 'a prefix, not a substring');
      assert.deepEqual(await names('example'), []);
      assert.deepEqual(await names('nobody'), []);
    });

    it('treats % and _ in a search as plain characters', async () => {
      assert.deepEqual(await names('%'), []);
      assert.deepEqual(await names('_'), []);
      assert.deepEqual(await names('Dave 100%'), ['Dave 100% Real']);
      assert.deepEqual(await names('Erin_'), ['Erin_Underscore']);
      assert.deepEqual(await names('Erin%'), []);
    });

    it('pages through search results', async () => {
      const first = await list({ search: 'al', first: 2 });
      assert.equal(first.nodes.length, 2);
      assert.equal(first.pageInfo.hasNextPage, true);
      const rest = await list({ search: 'al', first: 2, after: first.pageInfo.endCursor });
      assert.equal(rest.pageInfo.hasNextPage, false);
      const ids = [...first.nodes, ...rest.nodes].map((n: { id: string }) => n.id);
      assert.deepEqual(ids, [made[6].id, made[1].id, made[0].id]);
    });

    it('refuses a page size above 100 and a malformed cursor', async () => {
      const big = await t.gql(LIST, { orgId: shop.orgId, first: 101 }, { key: shop.key });
      assert.equal(codeOf(big), 'BAD_USER_INPUT');
      assert.equal(big.errors![0].extensions!.field, 'first');
      assert.equal(codeOf(await t.gql(LIST, { orgId: shop.orgId, after: 'garbage' }, { key: shop.key })), 'BAD_USER_INPUT');
    });
  });

  describe('deleting a contact a session uses', () => {
    it('is refused with INVALID_STATE while an Active session uses it, and allowed once it is canceled', async () => {
      const c = await createOk({ name: 'In Use' });
      const s = ok(await t.gql(CREATE_SESSION, { input: { orgId: acme.orgId, amount: '5.00', currency: 'USD', contactId: c.id } }, { key: acme.key })).createPaymentSession;
      assert.deepEqual(s.contact, { id: c.id, name: 'In Use' });

      const refused = await remove(c.id);
      assert.equal(codeOf(refused), 'INVALID_STATE');
      assert.deepEqual(ok(await get(c.id)).contact, c, 'still there');

      ok(await t.gql(UPDATE_SESSION, { input: { orgId: acme.orgId, id: s.id, status: 'Canceled' } }, { key: acme.key }));
      assert.equal(ok(await remove(c.id)).deleteContact.id, c.id);
      assert.equal(codeOf(await get(c.id)), 'NOT_FOUND');
      const session = ok(await t.gql(`query($o: ID!, $id: ID!) { paymentSession(orgId: $o, id: $id) { status contact { id } } }`, { o: acme.orgId, id: s.id }, { key: acme.key })).paymentSession;
      assert.deepEqual(session, { status: 'Canceled', contact: null });
    });

    it('is refused while a session using it is Pending with the payments partner', async () => {
      const c = await createOk({ name: 'Pending Payer' });
      const s = ok(await t.gql(CREATE_SESSION, { input: { orgId: acme.orgId, amount: '5.00', currency: 'USD', contactId: c.id } }, { key: acme.key })).createPaymentSession;
      const partner = await t.partner();
      await t.handOver(acme.orgId, partner, s.id);
      const pending = ok(await t.gql(`mutation($id: ID!, $at: DateTime!) { paymentSessionPending(id: $id, pendingExpiresAt: $at, reason: BUYER_ACTION_REQUIRED) { paymentSession { status } userErrors { code } } }`, { id: s.id, at: new Date(Date.now() + 3600_000).toISOString() }, { key: partner.key })).paymentSessionPending;
      assert.deepEqual(pending, { paymentSession: { status: 'Pending' }, userErrors: [] });
      assert.equal(codeOf(await remove(c.id)), 'INVALID_STATE');
      assert.deepEqual(ok(await get(c.id)).contact, c);
    });

    it('is refused while a session still uses it after the contact was moved off another one', async () => {
      const c = await createOk({ name: 'Twice' });
      const mk = async () => ok(await t.gql(CREATE_SESSION, { input: { orgId: acme.orgId, amount: '5.00', currency: 'USD', contactId: c.id } }, { key: acme.key })).createPaymentSession.id;
      const a = await mk();
      const b = await mk();
      ok(await t.gql(UPDATE_SESSION, { input: { orgId: acme.orgId, id: a, contactId: null } }, { key: acme.key }));
      assert.equal(codeOf(await remove(c.id)), 'INVALID_STATE');
      ok(await t.gql(UPDATE_SESSION, { input: { orgId: acme.orgId, id: b, status: 'Expired' } }, { key: acme.key }));
      assert.equal(ok(await remove(c.id)).deleteContact.id, c.id);
    });
  });
});
