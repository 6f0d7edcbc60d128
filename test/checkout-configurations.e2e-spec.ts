import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { codeOf, ok, Tenant, TestApp } from './support/test-app';

const FIELDS = 'id orgId name isDefault layoutTemplate lineItemFields paymentMethods defaultSessionLifetimeSeconds brandName brandLogoUrl createdAt updatedAt';
const CREATE = `mutation($input: CreateCheckoutConfigurationInput!) { createCheckoutConfiguration(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($input: UpdateCheckoutConfigurationInput!) { updateCheckoutConfiguration(input: $input) { ${FIELDS} } }`;
const SET_DEFAULT = `mutation($input: SetDefaultCheckoutConfigurationInput!) { setDefaultCheckoutConfiguration(input: $input) { id isDefault } }`;
const GET = `query($orgId: ID!, $id: ID!) { checkoutConfiguration(orgId: $orgId, id: $id) { ${FIELDS} } }`;
const LIST = `query($orgId: ID!, $first: Int, $after: String) {
  checkoutConfigurations(orgId: $orgId, first: $first, after: $after) { nodes { id name isDefault } pageInfo { hasNextPage endCursor } }
}`;
const CREATE_SESSION = `mutation($input: CreatePaymentSessionInput!) { createPaymentSession(input: $input) { id checkoutConfigurationId } }`;

describe('checkout configurations', () => {
  let t: TestApp;

  const count = async () => Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM checkout_configurations'))[0].n);
  const create = (tenant: Tenant, input: Record<string, unknown>) => t.gql(CREATE, { input: { orgId: tenant.orgId, ...input } }, { key: tenant.key });
  const createOk = async (tenant: Tenant, input: Record<string, unknown>) => ok(await create(tenant, input)).createCheckoutConfiguration;
  const update = (tenant: Tenant, input: Record<string, unknown>) => t.gql(UPDATE, { input: { orgId: tenant.orgId, ...input } }, { key: tenant.key });
  const setDefault = (tenant: Tenant, id: string) => t.gql(SET_DEFAULT, { input: { orgId: tenant.orgId, id } }, { key: tenant.key });
  const all = async (tenant: Tenant) => ok(await t.gql(LIST, { orgId: tenant.orgId, first: 100 }, { key: tenant.key })).checkoutConfigurations.nodes as { id: string; name: string; isDefault: boolean }[];
  const defaults = async (tenant: Tenant) => (await all(tenant)).filter((c) => c.isDefault).map((c) => c.id);
  const sessionConfig = async (tenant: Tenant) =>
    ok(await t.gql(CREATE_SESSION, { input: { orgId: tenant.orgId, amount: '1.00', currency: 'USD' } }, { key: tenant.key })).createPaymentSession.checkoutConfigurationId;

  before(async () => {
    t = await TestApp.start();
  });
  after(() => t.close());

  it('starts every org with exactly one default configuration, which sessions use', async () => {
    const a = await t.tenant('First');
    const b = await t.tenant('Second');
    for (const tenant of [a, b]) {
      const list = await all(tenant);
      assert.equal(list.length, 1);
      assert.equal(list[0].isDefault, true);
      const c = ok(await t.gql(GET, { orgId: tenant.orgId, id: list[0].id }, { key: tenant.key })).checkoutConfiguration;
      assert.match(c.id, /^cc_/);
      assert.equal(c.orgId, tenant.orgId);
      assert.equal(c.layoutTemplate, 'Simple');
      assert.deepEqual(c.paymentMethods, ['Card']);
      assert.equal(c.defaultSessionLifetimeSeconds, 86_400, 'links live 24 hours unless asked otherwise');
      assert.equal(await sessionConfig(tenant), c.id);
    }
    assert.notEqual((await all(a))[0].id, (await all(b))[0].id);
  });

  it('creates a configuration with its fields, not default unless asked', async () => {
    const shop = await t.tenant('Create Shop');
    const [original] = await defaults(shop);
    const c = await createOk(shop, {
      name: '  Invoices  ',
      layoutTemplate: 'Invoice',
      lineItemFields: ['ProductName', 'Price'],
      paymentMethods: ['Card', 'FlexPay'],
      defaultSessionLifetimeSeconds: 3600,
      brandName: 'Acme Invoices',
      brandLogoUrl: 'https://cdn.example.com/logo.png',
    });
    assert.deepEqual(
      { ...c, id: undefined, createdAt: undefined, updatedAt: undefined },
      {
        id: undefined, orgId: shop.orgId, name: 'Invoices', isDefault: false, layoutTemplate: 'Invoice', lineItemFields: ['ProductName', 'Price'], paymentMethods: ['Card', 'FlexPay'],
        defaultSessionLifetimeSeconds: 3600, brandName: 'Acme Invoices', brandLogoUrl: 'https://cdn.example.com/logo.png', createdAt: undefined, updatedAt: undefined,
      },
    );
    assert.match(c.createdAt, /Z$/);
    assert.deepEqual(ok(await t.gql(GET, { orgId: shop.orgId, id: c.id }, { key: shop.key })).checkoutConfiguration, c);
    assert.deepEqual(await defaults(shop), [original]);

    const minimal = await createOk(shop, { name: 'Minimal', isDefault: false });
    assert.deepEqual([minimal.isDefault, minimal.layoutTemplate, minimal.paymentMethods, minimal.brandLogoUrl], [false, 'Simple', ['Card'], null]);
    assert.deepEqual(await defaults(shop), [original]);
  });

  it('setDefaultCheckoutConfiguration moves the default, leaving exactly one', async () => {
    const shop = await t.tenant('Default Shop');
    const [original] = await defaults(shop);
    const other = await createOk(shop, { name: 'Other' });

    assert.deepEqual(ok(await setDefault(shop, other.id)).setDefaultCheckoutConfiguration, { id: other.id, isDefault: true });
    assert.deepEqual(await defaults(shop), [other.id]);
    assert.equal(ok(await t.gql(GET, { orgId: shop.orgId, id: original }, { key: shop.key })).checkoutConfiguration.isDefault, false);
    assert.equal(await sessionConfig(shop), other.id);

    // Setting the default again is harmless.
    assert.deepEqual(ok(await setDefault(shop, other.id)).setDefaultCheckoutConfiguration, { id: other.id, isDefault: true });
    assert.deepEqual(await defaults(shop), [other.id]);

    assert.deepEqual(ok(await setDefault(shop, original)).setDefaultCheckoutConfiguration, { id: original, isDefault: true });
    assert.deepEqual(await defaults(shop), [original]);
    assert.equal(await sessionConfig(shop), original);

    const missing = await setDefault(shop, 'cc_01JD3Y0000000000000000000');
    assert.equal(codeOf(missing), 'NOT_FOUND');
    assert.deepEqual(await defaults(shop), [original]);
  });

  it('createCheckoutConfiguration with isDefault: true becomes the one default', async () => {
    const shop = await t.tenant('IsDefault Shop');
    const c = await createOk(shop, { name: 'New default', isDefault: true, paymentMethods: ['BankTransfer'] });
    assert.equal(c.isDefault, true);
    assert.deepEqual(await defaults(shop), [c.id]);
    assert.equal(await sessionConfig(shop), c.id);
    const d = await createOk(shop, { name: 'Newer default', isDefault: true });
    assert.deepEqual(await defaults(shop), [d.id]);
    assert.equal((await all(shop)).length, 3);
  });

  it('keeps exactly one default when several callers change it at once', async () => {
    const shop = await t.tenant('Race Shop');
    const configs = [await createOk(shop, { name: 'R1' }), await createOk(shop, { name: 'R2' }), await createOk(shop, { name: 'R3' })];
    const results = await Promise.all([
      ...configs.map((c) => setDefault(shop, c.id)),
      ...configs.map((c) => setDefault(shop, c.id)),
      create(shop, { name: 'R4', isDefault: true }),
    ]);
    for (const res of results) assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    assert.equal((await defaults(shop)).length, 1);
    const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM checkout_configurations WHERE org_id = ? AND is_default = 1', [shop.orgId]);
    assert.equal(Number(n), 1);
  });

  it('refuses a brandLogoUrl that is not https, and other bad input, storing nothing', async () => {
    const shop = await t.tenant('Bad Input Shop');
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'x', brandLogoUrl: 'http://cdn.example.com/logo.png' }, 'input.brandLogoUrl'],
      [{ name: 'x', brandLogoUrl: 'javascript:alert(1)' }, 'input.brandLogoUrl'],
      [{ name: 'x', brandLogoUrl: 'ftp://cdn.example.com/logo.png' }, 'input.brandLogoUrl'],
      [{ name: 'x', defaultSessionLifetimeSeconds: 5 }, 'input.defaultSessionLifetimeSeconds'],
      [{ name: 'x', paymentMethods: [] }, 'input.paymentMethods'],
      [{ name: 'x', paymentMethods: ['Card', 'Card'] }, 'input.paymentMethods'],
      [{ name: '' }, 'input.name'],
    ];
    for (const [input, field] of cases) {
      const res = await create(shop, input);
      assert.equal(codeOf(res), 'BAD_USER_INPUT', JSON.stringify(input));
      assert.equal(res.errors![0].extensions!.field, field, JSON.stringify(input));
    }
    assert.equal(await count(), before);
    // An unknown enum value is refused (its code and status are checked in payment-sessions.e2e-spec.ts).
    assert.ok((await create(shop, { name: 'x', paymentMethods: ['Cash'] })).errors?.length);
    assert.equal(await count(), before);
  });

  it('updates only the fields sent; null clears the optional ones; an http logo is refused', async () => {
    const shop = await t.tenant('Update Shop');
    const c = await createOk(shop, { name: 'Editable', paymentMethods: ['Card', 'FlexPay'], defaultSessionLifetimeSeconds: 600, brandName: 'Brand', brandLogoUrl: 'https://cdn.example.com/a.png' });
    const u1 = ok(await update(shop, { id: c.id, name: 'Renamed' })).updateCheckoutConfiguration;
    assert.deepEqual({ ...u1, updatedAt: undefined }, { ...c, name: 'Renamed', updatedAt: undefined });

    const refused = await update(shop, { id: c.id, brandLogoUrl: 'http://cdn.example.com/b.png' });
    assert.equal(codeOf(refused), 'BAD_USER_INPUT');
    assert.equal(refused.errors![0].extensions!.field, 'input.brandLogoUrl');
    assert.equal(ok(await t.gql(GET, { orgId: shop.orgId, id: c.id }, { key: shop.key })).checkoutConfiguration.brandLogoUrl, 'https://cdn.example.com/a.png');

    const u2 = ok(await update(shop, { id: c.id, brandName: null, brandLogoUrl: null, defaultSessionLifetimeSeconds: null, paymentMethods: ['BankTransfer'] })).updateCheckoutConfiguration;
    assert.deepEqual([u2.name, u2.brandName, u2.brandLogoUrl, u2.defaultSessionLifetimeSeconds, u2.paymentMethods, u2.isDefault], ['Renamed', null, null, null, ['BankTransfer'], false]);
    assert.deepEqual(ok(await t.gql(GET, { orgId: shop.orgId, id: c.id }, { key: shop.key })).checkoutConfiguration, u2);

    assert.equal(codeOf(await update(shop, { id: 'cc_01JD3Y0000000000000000000', name: 'Nope' })), 'NOT_FOUND');
  });

  it('pages configurations newest first', async () => {
    const shop = await t.tenant('Paging Shop');
    const made = [];
    for (let i = 0; i < 4; i++) made.push((await createOk(shop, { name: `P${i}` })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const res: any = ok(await t.gql(LIST, { orgId: shop.orgId, first: 2, after: cursor }, { key: shop.key })).checkoutConfigurations;
      seen.push(...res.nodes.map((n: { id: string }) => n.id));
      if (!res.pageInfo.hasNextPage) break;
      cursor = res.pageInfo.endCursor;
    }
    const [original] = await defaults(shop);
    assert.deepEqual(seen, [...made.reverse(), original]);
    assert.equal(codeOf(await t.gql(LIST, { orgId: shop.orgId, first: 101 }, { key: shop.key })), 'BAD_USER_INPUT');
  });
});
