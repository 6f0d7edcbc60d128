import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiKeysService } from '@paysession/organizations';
import { StaffRole } from '@paysession/staff';
import { createStaff, StaffClient } from './support/admin-api';
import { codeOf, QUIET, Tenant, TestApp } from './support/test-app';

/**
 * Issue 15's limits that must hold across instances: on MariaDB two instances of the product
 * share one database, as production runs them, and spend from the same counters; on SQLite (one
 * instance by design) "the other instance" is the same one, and the counts are the same.
 */

const CREATE = (n: number) =>
  `mutation($i: CreatePaymentSessionInput!) { ${Array.from({ length: n }, (_, i) => `a${i}: createPaymentSession(input: $i) { id }`).join(' ')} }`;

describe('limits shared between instances (issue 15)', () => {
  let a: TestApp;
  let b: TestApp;
  let acme: Tenant;

  before(async () => {
    const env = { ...QUIET, API_RATE_LIMIT_PER_MINUTE: '4', API_KEY_CACHE_SECONDS: '0', STAFF_LOGIN_MAX_FAILURES: '5', ANONYMOUS_RATE_LIMIT_PER_MINUTE: '1000' };
    a = await TestApp.start(env);
    b = a.dbKind === 'mysql' ? await TestApp.start(env, { sameDatabaseAs: a }) : a;
    acme = await a.tenant();
  });
  after(async () => {
    if (b !== a) await b.close();
    await a.close();
  });

  it('counts every root field an operation runs against the key, on every instance', async () => {
    const input = { i: { orgId: acme.orgId, amount: '1.00', currency: 'USD' } };
    const five = await a.gql(CREATE(5), input, { key: acme.key });
    assert.equal(five.status, 429);
    assert.equal(codeOf(five), 'RATE_LIMITED');
    assert.equal(five.data, undefined);
    const [{ n: none }] = await a.dataSource.query('SELECT COUNT(*) AS n FROM payment_sessions');
    assert.equal(Number(none), 0, 'a refused operation runs nothing');

    const other = await a.tenant('Other');
    const three = await a.gql(CREATE(3), { i: { ...input.i, orgId: other.orgId } }, { key: other.key });
    assert.equal(three.errors, undefined, JSON.stringify(three.errors));
    const two = await b.gql(CREATE(2), { i: { ...input.i, orgId: other.orgId } }, { key: other.key });
    assert.equal(codeOf(two), 'RATE_LIMITED');
    const [{ n }] = await a.dataSource.query('SELECT COUNT(*) AS n FROM payment_sessions');
    assert.equal(Number(n), 3);
  });

  it('stops a revoked key on every instance at once when the key cache is off (API_KEY_CACHE_SECONDS=0)', async () => {
    const { id, apiKey } = await a.app.get(ApiKeysService).create(acme.orgId, ['read_payment_sessions']);
    assert.equal((await b.gql('{ apiKey { id } }', {}, { key: apiKey })).status, 200);
    await a.app.get(ApiKeysService).revoke(id);
    const after = await b.gql('{ apiKey { id } }', {}, { key: apiKey });
    assert.equal(after.status, 401);
    assert.equal(codeOf(after), 'UNAUTHENTICATED');
  });

  it('checks at most the allowance of passwords when 40 sign-ins to one account race', async () => {
    const staff = await createStaff(a, StaffRole.viewer);
    const attempts = await Promise.all(Array.from({ length: 40 }, (_, i) => new StaffClient(i % 2 ? b : a).login(staff.email, `wrong password ${i}`)));
    const codes = attempts.map((res) => codeOf(res));
    assert.equal(codes.filter((code) => code === 'UNAUTHENTICATED').length, 5, JSON.stringify(codes));
    assert.equal(codes.filter((code) => code === 'RATE_LIMITED').length, 35);
    // The right password, now, is refused too: the lockout holds until the window passes.
    assert.equal(codeOf(await new StaffClient(b).login(staff.email, staff.password)), 'RATE_LIMITED');
  });
});
