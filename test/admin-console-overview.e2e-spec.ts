import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PaymentSessionStatus } from '@paysession/payment-sessions';
import { StaffRole } from '@paysession/staff';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureConsoleBuilt, horizontalOverflow, launchChromium, PHONE, screenshot, signInStaff, Viewport, WIDE } from './support/admin-console';
import { OverviewObject } from './support/admin-console-overview';
import { defaultCheckoutConfigurationId, seedSessions } from './support/seed';
import { ok, QUIET, Tenant, TestApp } from './support/test-app';

const CREATE = `mutation($input: CreatePaymentSessionInput!) { createPaymentSession(input: $input) { id } }`;
const UPDATE = `mutation($input: UpdatePaymentSessionInput!) { updatePaymentSession(input: $input) { id status } }`;
const HOUR = 3_600_000;

/**
 * Issue 19: the overview is the console's landing page. At 1,440 px and 390 px it shows the
 * sessions of the range per hour and per day as charts, the completion rate, what is Pending
 * now, failing webhooks and the sweep's backlog, for every organization or the one picked.
 */
describe('the console overview', { timeout: 300_000 }, () => {
  let t: TestApp;
  let browser: Browser;
  let acme: Tenant;
  let globex: Tenant;
  let oldestPending: string;
  const contexts: BrowserContext[] = [];

  const signIn = async (viewport: Viewport): Promise<{ page: Page; overview: OverviewObject }> => {
    const { page } = await signInStaff(t, browser, contexts, viewport, StaffRole.viewer);
    const overview = new OverviewObject(page, t.url);
    await overview.waitForFigures();
    return { page, overview };
  };

  before(async () => {
    ensureConsoleBuilt();
    [t, browser] = await Promise.all([TestApp.start({ ...QUIET, ANONYMOUS_RATE_LIMIT_PER_MINUTE: '1000' }), launchChromium()]);
    acme = await t.tenant('Acme');
    globex = await t.tenant('Globex');
    const create = async (tenant: Tenant) =>
      ok(await t.gql(CREATE, { input: { orgId: tenant.orgId, amount: '10.00', currency: 'USD' } }, { key: tenant.key })).createPaymentSession.id as string;
    for (let i = 0; i < 3; i++) {
      const id = await create(acme);
      ok(await t.gql(UPDATE, { input: { orgId: acme.orgId, id, status: 'Completed', paymentId: `pay-${i}` } }, { key: acme.key }));
    }
    const canceled = await create(acme);
    ok(await t.gql(UPDATE, { input: { orgId: acme.orgId, id: canceled, status: 'Canceled' } }, { key: acme.key }));
    await create(globex);
    // Sessions of earlier hours and days, and two waiting on a partner (one for 5 hours).
    const cc = await defaultCheckoutConfigurationId(t.dataSource, acme.orgId);
    const earlier = await seedSessions(t.dataSource, { orgId: acme.orgId, checkoutConfigurationId: cc, count: 6 });
    for (const [i, id] of earlier.entries()) await t.dataSource.query('UPDATE payment_sessions SET created_at = ?, updated_at = ? WHERE id = ?', [Date.now() - (i + 2) * 7 * HOUR, Date.now() - (i + 2) * 7 * HOUR, id]);
    [oldestPending] = await seedSessions(t.dataSource, { orgId: acme.orgId, checkoutConfigurationId: cc, count: 1, status: PaymentSessionStatus.Pending, pendingExpiresAt: () => new Date(Date.now() + 2 * HOUR) });
    await t.dataSource.query('UPDATE payment_sessions SET created_at = ? WHERE id = ?', [Date.now() - 5 * HOUR, oldestPending]);
    await seedSessions(t.dataSource, { orgId: acme.orgId, checkoutConfigurationId: cc, count: 1, status: PaymentSessionStatus.Pending, pendingExpiresAt: () => new Date(Date.now() + 2 * HOUR) });
    // The sweep is off (QUIET): one overdue session stays behind.
    await seedSessions(t.dataSource, { orgId: globex.orgId, checkoutConfigurationId: await defaultCheckoutConfigurationId(t.dataSource, globex.orgId), count: 1, expirationDate: () => new Date(Date.now() - 20 * 60_000) });
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('at 1,440 px is where staff land: charts per hour and per day, the rate, pending, webhooks, the sweep; filtered by organization', async () => {
    const { page, overview } = await signIn(WIDE);
    assert.match(new URL(page.url()).pathname, /^\/admin\/?$/, 'the landing page');
    assert.match(await overview.figure('overview-totals'), /\b10 created\b/, 'the last 24 hours: 5 created through the API, 5 seeded (2 earlier, 2 Pending, 1 overdue)');
    assert.match(await overview.figure('overview-totals'), /3 completed · 0 expired · 1 canceled/);
    assert.match(await overview.figure('overview-completion-rate'), /^75\.0%/);
    const pending = await overview.figure('overview-pending');
    assert.match(pending, /^2\b/);
    assert.match(pending, new RegExp(`oldest ${oldestPending}, created 5 hours ago`));
    assert.match(await overview.figure('overview-webhooks'), /retrying/);
    assert.match(await overview.figure('overview-sweep'), /^(19|20|21) min behind/);
    assert.match(await overview.figure('overview-sweep'), /1 Active overdue/);
    for (const chart of ['overview-hourly-chart', 'overview-daily-chart']) {
      assert.ok(await overview.chart(chart).locator('svg').first().isVisible(), `${chart} is drawn`);
      assert.match(await overview.chart(chart).innerText(), /Created[\s\S]*Completed[\s\S]*Expired[\s\S]*Canceled[\s\S]*Rejected/, `${chart} has its legend`);
    }
    assert.equal(await horizontalOverflow(page), 0);
    await screenshot(page, 'admin-overview-1440');

    await overview.range('7 days');
    await poll(async () => /\b14 created\b/.test(await overview.figure('overview-totals')), 'the week counts every earlier session too');
    const days = (await overview.chart('overview-daily-chart').locator('text').allTextContents()).filter((text) => /^[A-Z][a-z]{2} \d{1,2}$/.test(text.trim()));
    assert.ok(days.length >= 7, `a bar group for each day of the week (${days.join(', ')})`);
    assert.ok((await overview.chart('overview-daily-chart').locator('.MuiBarChart-element').count()) >= 3, 'bars where there were sessions');
    await screenshot(page, 'admin-overview-7-days-1440');

    await overview.organization('Globex');
    await poll(async () => /\b2 created\b/.test(await overview.figure('overview-totals')), 'Globex alone');
    assert.match(await overview.figure('overview-pending'), /^0\b/);
    assert.match(await overview.figure('overview-completion-rate'), /^—/);
  });

  it('at 390 px fits the phone, figures above the charts', async () => {
    const { page, overview } = await signIn(PHONE);
    assert.match(await overview.figure('overview-pending'), /^2\b/);
    await overview.chart('overview-hourly-chart').locator('svg').first().waitFor();
    assert.equal(await horizontalOverflow(page), 0, 'nothing wider than the phone');
    const pendingBox = await page.locator('[data-testid="overview-pending"]').boundingBox();
    const chartBox = await overview.chart('overview-hourly-chart').boundingBox();
    assert.ok(pendingBox && chartBox && pendingBox.y < chartBox.y, 'the figures come first');
    assert.ok(chartBox && chartBox.width <= PHONE.width, `the chart fits (${chartBox?.width} px)`);
    await screenshot(page, 'admin-overview-390');
  });
});

/** Polls `check` until it holds (the console's CSP refuses waitForFunction's string evaluation). */
async function poll(check: () => Promise<boolean>, what: string): Promise<void> {
  for (const deadline = Date.now() + 60_000; !(await check()); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
