import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ensureConsoleBuilt, launchChromium, screenshot } from './support/admin-console';
import { Tenant, TestApp } from './support/test-app';

/** GraphiQL as a developer meets it: a browser, the page at GET /graphql, an API key. */
class GraphiqlPageObject {
  constructor(private readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.queryEditor.waitFor();
  }

  get apiKey() {
    return this.page.locator('[aria-label="API key"]');
  }

  get queryEditor() {
    return this.page.locator('.graphiql-query-editor .monaco-editor').first();
  }

  /**
   * Replaces the query with `query` entered at the keyboard in one input event, as a paste is.
   * Key by key, what ends up in the editor depends on how fast the machine is: the editor
   * auto-closes brackets and opens its completion widget between keys, asynchronously. On a busy
   * CI machine the typed query never returned its data; one insertion (what a paste does) lands
   * the same text every time, and Escape closes any completion left open.
   */
  async typeQuery(query: string): Promise<void> {
    await this.queryEditor.click();
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(query);
    await this.page.keyboard.press('Escape');
  }

  async run(): Promise<void> {
    await this.page.locator('.graphiql-execute-button').click();
  }

  /** The response pane's text once it holds `text`. */
  async responseContaining(text: string): Promise<string> {
    const response = this.page.locator('.graphiql-response');
    await response.getByText(text).first().waitFor();
    return (await response.innerText()).replace(/\s+/g, ' ');
  }
}

// The bounds only keep a broken build from hanging the suite: Chromium shares two cores.
describe('GraphiQL at GET /graphql (outside production)', { timeout: 600_000 }, () => {
  let t: TestApp;
  let browser: Browser;
  let acme: Tenant;

  before(async () => {
    ensureConsoleBuilt();
    [t, browser] = await Promise.all([TestApp.start({ EXPIRY_ENABLED: 'false', WEBHOOKS_ENABLED: 'false' }), launchChromium({ offline: true })]);
    acme = await t.tenant();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('loads from our own origin with no network, and a query typed with a key returns data', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(120_000);
    const elsewhere: string[] = [];
    const refused: string[] = [];
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.origin === t.url) return route.continue();
      elsewhere.push(url.href);
      return route.abort();
    });
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
    });
    const graphiql = new GraphiqlPageObject(page);
    try {
      await graphiql.open(`${t.url}/graphql`);
      await graphiql.apiKey.fill(acme.key);
      await graphiql.typeQuery('{ apiKey { orgId scopes } }');
      await graphiql.run();
      const response = await graphiql.responseContaining(acme.orgId);
      assert.match(response, /"scopes"/);
      assert.match(response, /write_payment_sessions/);

      // Without a key the same query is refused, as any request without one.
      await graphiql.apiKey.fill('');
      await graphiql.run();
      await graphiql.responseContaining('UNAUTHENTICATED');
      await screenshot(page, 'graphiql');
    } catch (error) {
      // What the page showed when it failed: the editor's text and the response pane.
      await screenshot(page, 'graphiql-failed').catch(() => undefined);
      throw error;
    } finally {
      await context.close();
    }
    assert.deepEqual(elsewhere, [], 'nothing is loaded from anywhere but the server');
    assert.deepEqual(refused, [], 'the page runs within its Content-Security-Policy');
  });

  it('serves the page with a Content-Security-Policy and its files from /graphiql/', async () => {
    const res = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    const html = await res.text();
    const script = /<script type="module" src="(\/graphiql\/assets\/[^"]+\.js)">/.exec(html)?.[1];
    assert.ok(script, html);
    assert.doesNotMatch(html, /https?:\/\//, 'no absolute URL: nothing from a CDN');
    const asset = await fetch(`${t.url}${script}`);
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get('content-type') ?? '', /javascript/);
    // A POST to the same endpoint is the API, untouched.
    const api = await t.gql('{ apiKey { orgId } }', {}, { key: acme.key });
    assert.equal(api.data.apiKey.orgId, acme.orgId);
  });
});

describe('GraphiQL in production', () => {
  let prod: TestApp;
  let dev: TestApp;
  const secrets = { API_KEY_PEPPER: 'a production pepper of at least 32 characters', SECRETS_ENCRYPTION_KEY: 'a production key of at least thirty-two chars' };

  before(async () => {
    [prod, dev] = await Promise.all([
      TestApp.start({ NODE_ENV: 'production', ...secrets, EXPIRY_ENABLED: 'false', WEBHOOKS_ENABLED: 'false' }),
      TestApp.start({ EXPIRY_ENABLED: 'false', WEBHOOKS_ENABLED: 'false' }),
    ]);
  });
  after(async () => {
    await prod?.close();
    await dev?.close();
  });

  it('is off: GET /graphql answers as an API endpoint does, and /graphiql/ serves nothing', async () => {
    // No page without a key: the API refuses it like any request without one.
    const page = await fetch(`${prod.url}/graphql`, { headers: { accept: 'text/html' } });
    assert.equal(page.status, 401);
    assert.doesNotMatch(page.headers.get('content-type') ?? '', /html/);
    assert.doesNotMatch(await page.text(), /graphiql/i);
    const devPage = await (await fetch(`${dev.url}/graphql`, { headers: { accept: 'text/html' } })).text();
    const script = /src="(\/graphiql\/assets\/[^"]+)"/.exec(devPage)![1];
    assert.equal((await fetch(`${dev.url}${script}`)).status, 200);
    assert.equal((await fetch(`${prod.url}${script}`)).status, 404);
  });
});
