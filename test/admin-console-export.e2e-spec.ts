import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { StaffRole } from '@paysession/staff';
import type { Browser, BrowserContext } from 'playwright-core';
import { ensureConsoleBuilt, launchChromium, PHONE, screenshot, SessionListObject, signInStaff, Viewport, WIDE } from './support/admin-console';
import { SessionExportObject } from './support/admin-console-overview';
import { ok, QUIET, Tenant, TestApp } from './support/test-app';

const CREATE = `mutation($input: CreatePaymentSessionInput!) { createPaymentSession(input: $input) { id } }`;

/** Issue 19: the payment sessions list's Export downloads the filtered list as CSV. */
describe('the console exports the filtered payment sessions', { timeout: 300_000 }, () => {
  let t: TestApp;
  let browser: Browser;
  let acme: Tenant;
  const contexts: BrowserContext[] = [];
  let wanted: string;
  let other: string;

  const signIn = async (viewport: Viewport) => {
    const { page } = await signInStaff(t, browser, contexts, viewport, StaffRole.viewer, { acceptDownloads: true });
    return { page, list: new SessionListObject(page, t.url), exporter: new SessionExportObject(page) };
  };

  before(async () => {
    ensureConsoleBuilt();
    [t, browser] = await Promise.all([TestApp.start({ ...QUIET, ANONYMOUS_RATE_LIMIT_PER_MINUTE: '1000' }), launchChromium()]);
    acme = await t.tenant('Acme');
    const create = async (input: Record<string, unknown>) =>
      ok(await t.gql(CREATE, { input: { orgId: acme.orgId, currency: 'USD', ...input } }, { key: acme.key })).createPaymentSession.id as string;
    wanted = await create({ amount: '1250.50', transactionRef: 'EXPORT-ME' });
    other = await create({ amount: '3.00', transactionRef: 'NOT-ME' });
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('at 1,440 px Export downloads the list as it is filtered, amounts exact', async () => {
    const { page, list, exporter } = await signIn(WIDE);
    await list.waitForRows();
    const everything = await exporter.download();
    assert.match(everything.name, /^payment-sessions-.*\.csv$/);
    const [header, ...rows] = everything.text.trim().split('\n');
    assert.match(header, /^id,organization_id,status,amount,currency,transaction_ref,/);
    assert.deepEqual(new Set(rows.map((r) => r.split(',')[0])), new Set([wanted, other]));

    await list.search('EXPORT-ME', [wanted]);
    const filtered = await exporter.download();
    const lines = filtered.text.trim().split('\n');
    assert.equal(lines.length, 2, filtered.text);
    assert.match(lines[1], new RegExp(`^${wanted},${acme.orgId},Active,1250\\.50,USD,EXPORT-ME,`));
    await screenshot(page, 'admin-sessions-export-1440');
  });

  it('at 390 px Export is on screen', async () => {
    const { page, exporter } = await signIn(PHONE);
    // Signed in on the overview, the landing page: to the list.
    await page.goto(`${t.url}/admin/payment-sessions`);
    await exporter.button().waitFor();
    const box = await exporter.button().boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `Export is on screen (x = ${box?.x})`);
    const { text } = await exporter.download();
    assert.equal(text.trim().split('\n').length, 3);
    await screenshot(page, 'admin-sessions-export-390');
  });
});
