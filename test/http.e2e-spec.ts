import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { StaffRole } from '@paysession/staff';
import { cookieAttributes, createStaff, STAFF_PASSWORD, StaffClient } from './support/admin-api';
import { codeOf, TestApp } from './support/test-app';

/**
 * What the HTTP platform promises whatever serves it: body limit, request ids, TRUST_PROXY, and
 * the staff console's files, headers and deep links.
 */
describe('the HTTP surface', () => {
  let t: TestApp;
  let consoleDir: string;

  before(async () => {
    // A console build of our own, so that these tests need no Vite build.
    consoleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paysession-console-'));
    fs.mkdirSync(path.join(consoleDir, 'assets'));
    fs.writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><div id="root"></div>');
    fs.writeFileSync(path.join(consoleDir, 'assets', 'index-Ab12Cd.js'), 'console.log(1)');
    fs.writeFileSync(path.join(consoleDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    t = await TestApp.start({ ADMIN_CONSOLE_DIR: consoleDir });
    key = (await t.tenant()).key;
  });
  after(async () => {
    await t.close();
    fs.rmSync(consoleDir, { recursive: true, force: true });
  });

  /** POSTs to /graphql with a valid key (set once the app is up): without one nothing is read. */
  let key = '';
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers }, body });

  it('takes a body up to 2 MB and refuses a larger one with 413', async () => {
    const padded = (bytes: number) => JSON.stringify({ query: '{ __typename }', extensions: { pad: 'x'.repeat(bytes) } });
    const under = await post(padded(2 * 1024 * 1024 - 200));
    assert.equal(under.status, 200);
    assert.deepEqual(((await under.json()) as { data: unknown }).data, { __typename: 'Query' });
    const over = await post(padded(2 * 1024 * 1024 + 10));
    assert.equal(over.status, 413);
    assert.doesNotMatch(await over.text(), /at .*\.(js|ts):\d+/);
  });

  it('echoes a sane X-Request-Id and replaces one that is not', async () => {
    const body = JSON.stringify({ query: '{ __typename }' });
    assert.equal((await post(body, { 'x-request-id': 'req-42.a_b' })).headers.get('x-request-id'), 'req-42.a_b');
    const replaced = (await post(body, { 'x-request-id': 'no spaces <allowed>' })).headers.get('x-request-id');
    assert.match(replaced!, /^[0-9a-f-]{36}$/);
    const fresh = [(await post(body)).headers.get('x-request-id'), (await post(body)).headers.get('x-request-id')];
    assert.notEqual(fresh[0], fresh[1]);
  });

  it('tells caches to keep no GraphQL answer', async () => {
    const ok = await post(JSON.stringify({ query: '{ __typename }' }));
    assert.equal(ok.headers.get('cache-control'), 'no-store');
    const refused = await post(JSON.stringify({ query: '{ apiKey { id } }' }));
    assert.equal(refused.headers.get('cache-control'), 'no-store');
  });

  it('masks a malformed body: a client error, no internals', async () => {
    const res = await post('{"query": ');
    assert.equal(res.status, 400);
    assert.doesNotMatch(await res.text(), /at .*\.(js|ts):\d+|node_modules/);
  });

  describe('the staff console at /admin', () => {
    const get = (p: string) => fetch(`${t.url}${p}`);

    it('serves index.html for the console and its deep links, uncached, with the security headers', async () => {
      for (const p of ['/admin', '/admin/', '/admin/payment-sessions', '/admin/payment-sessions/ps_01ABC/show']) {
        const res = await get(p);
        assert.equal(res.status, 200, p);
        assert.match(res.headers.get('content-type')!, /^text\/html/, p);
        assert.equal(await res.text(), '<!doctype html><div id="root"></div>', p);
        assert.equal(res.headers.get('cache-control'), 'no-cache', p);
        assert.match(res.headers.get('content-security-policy')!, /default-src 'self'.*frame-ancestors 'none'/, p);
        assert.equal(res.headers.get('x-frame-options'), 'DENY', p);
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff', p);
        assert.equal(res.headers.get('referrer-policy'), 'no-referrer', p);
      }
    });

    it('lets browsers keep hashed assets for good, and other files not', async () => {
      const asset = await get('/admin/assets/index-Ab12Cd.js');
      assert.equal(asset.status, 200);
      assert.equal(await asset.text(), 'console.log(1)');
      assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.equal(asset.headers.get('x-content-type-options'), 'nosniff');
      const icon = await get('/admin/favicon.svg');
      assert.equal(icon.status, 200);
      assert.equal(icon.headers.get('cache-control'), 'no-cache');
    });

    it('answers a missing asset with 404, not with the page, and never serves files outside the build', async () => {
      assert.equal((await get('/admin/assets/gone-Zz99.js')).status, 404);
      for (const p of ['/admin/../package.json', '/admin/%2e%2e/package.json', '/admin/..%2fpackage.json']) {
        const res = await get(p);
        assert.doesNotMatch(await res.text(), /"name": "paysession"/, p);
      }
    });

    it('says how to build the console while it is not built', async () => {
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'paysession-unbuilt-'));
      const unbuilt = await TestApp.start({ ADMIN_CONSOLE_DIR: empty });
      try {
        const res = await fetch(`${unbuilt.url}/admin/payment-sessions`);
        assert.equal(res.status, 503);
        assert.match(res.headers.get('content-type')!, /^text\/plain/);
        assert.match(await res.text(), /npm run build:admin/);
      } finally {
        await unbuilt.close();
        fs.rmSync(empty, { recursive: true, force: true });
      }
    });
  });

  describe('/metrics', () => {
    const production = { NODE_ENV: 'production', API_KEY_PEPPER: 'a production pepper of at least 32 characters', SECRETS_ENCRYPTION_KEY: 'a production key of at least thirty-two chars' };

    it('is open outside production, off in production without METRICS_TOKEN, and behind the token with it', async () => {
      assert.equal((await fetch(`${t.url}/metrics`)).status, 200);
      const closed = await TestApp.start(production);
      const guarded = await TestApp.start({ ...production, METRICS_TOKEN: 'scrape-me-if-you-can-42' }, { sameDatabaseAs: closed });
      try {
        assert.equal((await fetch(`${closed.url}/metrics`)).status, 404);
        assert.equal((await fetch(`${closed.url}/metrics`, { headers: { authorization: 'Bearer scrape-me-if-you-can-42' } })).status, 404);
        const scrape = (authorization?: string) => fetch(`${guarded.url}/metrics`, { headers: authorization ? { authorization } : {} });
        assert.equal((await scrape()).status, 401);
        assert.equal((await scrape('Bearer scrape-me-if-you-can-43')).status, 401);
        assert.equal((await scrape('Basic scrape-me-if-you-can-42')).status, 401);
        const ok = await scrape('Bearer scrape-me-if-you-can-42');
        assert.equal(ok.status, 200);
        assert.match(ok.headers.get('content-type')!, /^text\/plain/);
        assert.match(await ok.text(), /^# HELP /m);
      } finally {
        await guarded.close();
        await closed.close();
      }
    });
  });

  describe('TRUST_PROXY', () => {
    /** Signs in with `headers` as a proxy would forward them; returns the cookie's attributes. */
    const signIn = async (app: TestApp, headers: Record<string, string>) => {
      const staff = await createStaff(app, StaffRole.viewer);
      const client = new StaffClient(app);
      const res = await client.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }`, { e: staff.email, p: STAFF_PASSWORD }, headers);
      return { res, attributes: client.lastSetCookie ? cookieAttributes(client.lastSetCookie) : null };
    };

    it('believes X-Forwarded-Proto and -For only from a trusted proxy', async () => {
      const env = { PUBLIC_BASE_URL: 'http://pay.example.test', STAFF_LOGIN_MAX_FAILURES: '1' };
      const trusting = await TestApp.start({ ...env, TRUST_PROXY: 'loopback' });
      const direct = await TestApp.start(env, { sameDatabaseAs: trusting });
      try {
        // https at the proxy: the cookie is Secure; plain http: it is not.
        assert.equal((await signIn(trusting, { 'x-forwarded-proto': 'https' })).attributes!.secure, true);
        assert.equal((await signIn(trusting, {})).attributes!.secure, undefined);
        assert.equal((await signIn(direct, { 'x-forwarded-proto': 'https' })).attributes!.secure, undefined);

        // The client address behind the proxy is what sign-in limits count.
        const staff = await createStaff(trusting, StaffRole.viewer);
        const login = (app: TestApp, password: string, from: string) =>
          new StaffClient(app).gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }`, { e: staff.email, p: password }, { 'x-forwarded-for': from });
        assert.equal(codeOf(await login(trusting, 'wrong password, once', '203.0.113.7')), 'UNAUTHENTICATED');
        assert.equal(codeOf(await login(trusting, STAFF_PASSWORD, '203.0.113.7')), 'RATE_LIMITED');
        assert.equal(codeOf(await login(trusting, STAFF_PASSWORD, '198.51.100.9')), undefined);
        // Without a trusted proxy the header is the client's word: every caller is the socket's address.
        assert.equal(codeOf(await login(direct, 'wrong password, once', '203.0.113.7')), 'UNAUTHENTICATED');
        assert.equal(codeOf(await login(direct, STAFF_PASSWORD, '198.51.100.9')), 'RATE_LIMITED');
      } finally {
        await direct.close();
        await trusting.close();
      }
    });
  });
});
