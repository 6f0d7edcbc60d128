import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { StaffRole } from '@paysession/staff';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ensureConsoleBuilt, horizontalOverflow, launchChromium, LoginPageObject, notification, overlaps, PHONE, screenshot, SessionListObject, SessionShowObject, signInStaff, Viewport, WIDE,
} from './support/admin-console';
import { ok, QUIET, Tenant, TestApp } from './support/test-app';

const CREATE = `mutation($input: CreatePaymentSessionInput!) { createPaymentSession(input: $input) { id } }`;
const UPDATE = `mutation($input: UpdatePaymentSessionInput!) { updatePaymentSession(input: $input) { id status } }`;
const CREATE_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`;

/** A real-world long reference: 120 characters without a space to break at. */
const LONG_REF = `ERP-2026-${'4F7A9C2E'.repeat(14)}`;
const LONG_ORG = 'Acme Outdoor Supplies and Adventure Equipment International Holdings (Europe, Middle East and Africa) GmbH & Co. KG';

/**
 * Issue 19, the console as an operator's tool: the list fits a 1,440 px window and a 390 px phone,
 * long values are cut with the whole value on hover and a copy button, the customer is named,
 * stored filters are shown, every time has its zone, the bulk cancel says what it will cancel,
 * toasts stay off what they report on. Times are read in Europe/Berlin, so the zone is GMT+1.
 */
describe('the staff console fits an operator', { timeout: 600_000 }, () => {
  let t: TestApp;
  let browser: Browser;
  let acme: Tenant;
  const contexts: BrowserContext[] = [];
  let longOne: string;
  let withContact: string;
  let completed: string;

  const createSession = async (input: Record<string, unknown>) =>
    ok(await t.gql(CREATE, { input: { orgId: acme.orgId, amount: '10.00', currency: 'USD', ...input } }, { key: acme.key })).createPaymentSession.id as string;

  const newPage = async (viewport: { width: number; height: number }): Promise<Page> => {
    const context = await browser.newContext({ viewport, locale: 'en-US', timezoneId: 'Europe/Berlin', isMobile: viewport.width < 600, hasTouch: viewport.width < 600 });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.url });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    return page;
  };

  const signIn = async (viewport: Viewport, role = StaffRole.operator) => {
    const { page, login } = await signInStaff(t, browser, contexts, viewport, role);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.url });
    return { page, list: new SessionListObject(page, t.url), show: new SessionShowObject(page), login };
  };

  before(async () => {
    ensureConsoleBuilt();
    // Quiet: no webhook worker, so deliveries stay where the test puts them.
    // Thirteen fresh sign-ins from one address within a minute or two: each login page's
    // requests before the session exists count to the anonymous limit (60 a minute per address,
    // tested in api-door.e2e-spec.ts), which a fast machine would reach here.
    [t, browser] = await Promise.all([TestApp.start({ ...QUIET, ANONYMOUS_RATE_LIMIT_PER_MINUTE: '1000' }), launchChromium()]);
    acme = await t.tenant(LONG_ORG);
    longOne = await createSession({ amount: '1250.50', transactionRef: LONG_REF, contactRef: { contactName: 'Ada Lovelace', contactEmail: 'ada@example.com' } });
    const contactId = ok(await t.gql(CREATE_CONTACT, { input: { orgId: acme.orgId, name: 'Grace Hopper', email: 'grace@example.com' } }, { key: acme.key })).createContact.id;
    withContact = await createSession({ amount: '99.00', transactionRef: 'ORDER-3003', contactId, callbackUrl: 'https://merchant.example.com/hooks' });
    completed = await createSession({ amount: '42.00', transactionRef: 'ORDER-1001' });
    ok(await t.gql(UPDATE, { input: { orgId: acme.orgId, id: completed, status: 'Completed', paymentId: 'pay-1' } }, { key: acme.key }));
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('the sign-in page names the product, keeps the CLI to itself, and the console has a favicon', async () => {
    for (const viewport of [WIDE, PHONE]) {
      const page = await newPage(viewport);
      const login = new LoginPageObject(page, t.url);
      await login.open();
      assert.equal(await login.productName(), 'Paysession');
      const text = await page.locator('body').innerText();
      assert.doesNotMatch(text, /staff create|npm run/);
      assert.equal(await horizontalOverflow(page), 0);
      const icon = await page.locator('link[rel="icon"]').getAttribute('href');
      assert.ok(icon);
      const res = await fetch(new URL(icon, page.url()));
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /svg/);
      await screenshot(page, `admin-login-${viewport.width}`);
    }
  });

  it('at 1,440 px the list fits: long values cut and copyable, the org on one line, a customer column, times with their zone, bulk cancel on screen', async () => {
    const { page, list } = await signIn(WIDE);
    await list.waitForRows();
    assert.equal(await horizontalOverflow(page), 0, 'the list is no wider than the window');

    const ref = await list.cell(longOne, 'session-ref');
    assert.equal(ref.full, LONG_REF, 'the whole reference on hover');
    const refBox = await ref.element.boundingBox();
    assert.ok(refBox && refBox.width <= 200, `the reference is cut (${refBox?.width} px)`);
    await list.row(longOne).locator('[aria-label="Copy transaction ref"]').click();
    assert.equal(await page.evaluate<string>('navigator.clipboard.readText()'), LONG_REF);
    assert.equal(new URL(page.url()).pathname, '/admin/payment-sessions', 'copying does not open the row');

    const org = await list.cell(longOne, 'session-org');
    assert.equal(org.full, LONG_ORG);
    const orgBox = await org.element.boundingBox();
    assert.ok(orgBox && orgBox.height < 30, `the organization takes one line (${orgBox?.height} px)`);

    assert.match(await list.row(longOne).locator('[data-testid="session-customer"]').innerText(), /Ada Lovelace\s+ada@example\.com/);
    assert.match(await list.row(withContact).locator('[data-testid="session-customer"]').innerText(), /Grace Hopper\s+grace@example\.com/);
    assert.equal((await list.row(completed).locator('td').nth(3).innerText()).trim(), '—', 'no customer given');

    const created = list.row(longOne).locator('[data-testid="datetime"]');
    assert.match(await created.innerText(), /\d{4}\s+\d{1,2}:\d{2}:\d{2}\s[AP]M GMT\+1/, 'the absolute time with its zone');
    assert.match((await created.getAttribute('title')) ?? '', /ago|now/, 'the relative time on hover');

    await list.selectRow(longOne);
    const button = await list.bulkCancelButton().boundingBox();
    assert.ok(button && button.x >= 0 && button.x + button.width <= WIDE.width, `Cancel sessions is on screen (x = ${button?.x})`);
    await screenshot(page, 'admin-sessions-list-1440');
  });

  it('at 390 px the list is compact (amount, status, customer, time) and nothing overflows', async () => {
    const { page, list, show } = await signIn(PHONE);
    const rows = await list.compactRows();
    const row = rows.find((r) => r.includes('1,250.50'));
    assert.ok(row, JSON.stringify(rows));
    assert.match(row, /^\$1,250\.50 Active /, 'amount and status first');
    assert.match(row, /Ada Lovelace · Acme Outdoor/, 'the customer');
    assert.match(row, /Dec \d+, \d{4} \d{1,2}:\d{2}:\d{2} [AP]M GMT\+1/, 'the time with its zone');
    assert.equal(await horizontalOverflow(page), 0);
    await screenshot(page, 'admin-sessions-list-390');

    await page.locator('li:has([data-testid="compact-session"])', { hasText: '1,250.50' }).click();
    await show.waitFor(longOne);
    await page.locator('text=Ada Lovelace').first().waitFor();
    assert.equal(await horizontalOverflow(page), 0, 'the session page fits a phone');
    await screenshot(page, 'admin-session-show-390');
  });

  for (const viewport of [WIDE, PHONE]) {
    it(`at ${viewport.width} px a stored filter is shown, and an empty search says what it searched`, async () => {
      const { page, list } = await signIn(viewport);
      // Signed in on the overview, the landing page: to the list.
      await page.goto(`${t.url}/admin/payment-sessions`);
      await page.locator('[aria-label="Search payment sessions"]').waitFor();
      const said = await list.searchForNothing('NOPE-42');
      assert.match(said, /No sessions whose reference or customer email starts with “NOPE-42”/);
      assert.match(said, /A transaction ref matches from its start, letter for letter \(case counts\); a customer email from its start, in any case; a session id only whole/);
      await page.goto(`${t.url}/admin/organizations`);
      await page.goto(`${t.url}/admin/payment-sessions`);
      await list.activeFilters().waitFor();
      assert.match(await list.activeFilters().innerText(), /search “NOPE-42”/);
      assert.equal(await horizontalOverflow(page), 0);
      await screenshot(page, `admin-sessions-stored-filter-${viewport.width}`);
      await list.clearFilters();
      await page.locator(viewport === WIDE ? '[data-testid="session-id"]' : '[data-testid="compact-session"]').first().waitFor();
    });

    it(`at ${viewport.width} px the organizations, contacts and checkout configurations lists fit the window`, async () => {
      const { page } = await signIn(viewport);
      for (const resource of ['organizations', 'contacts', 'checkout-configurations']) {
        await page.goto(`${t.url}/admin/${resource}`);
        await page.locator('[data-testid="record-row"], .RaDataTable-root tbody tr').first().waitFor();
        assert.equal(await horizontalOverflow(page), 0, `${resource} is no wider than the window`);
        await screenshot(page, `admin-${resource}-${viewport.width}`);
      }
    });

    it(`at ${viewport.width} px a session shows its times with their zone, its contact by name and email, and no expiry once Completed`, async () => {
      const { page, show } = await signIn(viewport);
      await page.goto(`${t.url}/admin/payment-sessions/${completed}/show`);
      await show.waitFor(completed);
      assert.equal(await show.expires(), '— (the session is Completed)');
      const times = await page.locator('[data-testid="datetime"]').allInnerTexts();
      assert.ok(times.length >= 2);
      for (const time of times) assert.match(time, /GMT\+1 \((.* ago|now|in .*)\)/);

      await page.goto(`${t.url}/admin/payment-sessions/${withContact}/show`);
      await show.waitFor(withContact);
      assert.deepEqual(await show.contact(), { name: 'Grace Hopper', email: 'grace@example.com' });
      assert.match(await show.expires(), /GMT\+1 \((in 1 day|in 24 hours)\)/);
      assert.equal(await horizontalOverflow(page), 0);
      await screenshot(page, `admin-session-show-${viewport.width}`);
    });

    it(`at ${viewport.width} px a delivery waiting behind a failing one says it is due, not "1 minute ago"`, async () => {
      const s = await createSession({ transactionRef: `HOOKS-${viewport.width}`, callbackUrl: 'https://merchant.example.com/hooks' });
      ok(await t.gql(UPDATE, { input: { orgId: acme.orgId, id: s, amount: '11.00' } }, { key: acme.key }));
      const deliveries: { id: string }[] = await t.dataSource.query('SELECT id FROM webhook_deliveries WHERE session_id = ? ORDER BY event_seq', [s]);
      assert.equal(deliveries.length, 2);
      // The first failed twice and retries in three hours; the second's time came three hours ago.
      // Hours, not minutes: the relative words hold for half an hour however slow the machine is.
      await t.dataSource.query('UPDATE webhook_deliveries SET attempt_count = 2, last_error = ?, next_attempt_at = ? WHERE id = ?', ['HTTP 500', Date.now() + 3 * 3600_000, deliveries[0].id]);
      await t.dataSource.query('UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ?', [Date.now() - 3 * 3600_000, deliveries[1].id]);
      const { page, show } = await signIn(viewport);
      await page.goto(`${t.url}/admin/payment-sessions/${s}/show`);
      await show.waitFor(s);
      const [first, second] = await show.deliveryTimes();
      assert.match(first, /GMT\+1 \(in 3 hours\)/);
      assert.match(second, /^Due; waits for the earlier delivery of this session since .* GMT\+1 \(3 hours ago\)$/);
      assert.equal(await horizontalOverflow(page), 0);
    });

    it(`at ${viewport.width} px the toast of a cancel does not cover the status it reports`, async () => {
      const s = await createSession({ transactionRef: `TOAST-${viewport.width}` });
      const { page, show } = await signIn(viewport);
      await page.goto(`${t.url}/admin/payment-sessions/${s}/show`);
      await show.waitFor(s);
      await show.cancel('Customer asked');
      const toast = notification(page);
      await toast.waitFor();
      assert.match(await toast.innerText(), /Payment session canceled/);
      assert.equal(await overlaps(toast, show.statusChip()), false, 'the toast leaves the status in view');
      assert.equal(await overlaps(toast, page.locator('[data-testid="session-heading"]')), false);
      await screenshot(page, `admin-cancel-toast-${viewport.width}`);
    });
  }

  it('bulk cancel, as the issue tells it: select under one search, search again, select another; the dialog names only what will be canceled', async () => {
    const x = await createSession({ amount: '15.00', transactionRef: 'BULK-X-1' });
    const y = await createSession({ amount: '25.00', transactionRef: 'BULK-Y-1' });
    const { page, list } = await signIn(WIDE);
    await list.waitForRows();
    await list.search('BULK-X-1', [x]);
    await list.selectRow(x);
    await list.search('BULK-Y-1', [y]);
    await list.selectRow(y);
    const dialog = await list.openBulkCancel();
    assert.equal(dialog.title, 'Cancel this payment session?');
    assert.deepEqual(dialog.ids, [y]);
    assert.match(dialog.rows[0], new RegExp(`${y} BULK-Y-1 \\$25\\.00 ${LONG_ORG.slice(0, 20).replace(/[()&.]/g, '\\$&')}.* Active`));
    await screenshot(page, 'admin-bulk-cancel-dialog-1440');
    await list.confirmCancel('Duplicate order');
    const toast = notification(page);
    await toast.waitFor();
    assert.match(await toast.innerText(), /Canceled 1 payment session/);
    const row = list.row(y);
    await row.locator('[data-testid="session-status"]:has-text("Canceled")').waitFor();
    assert.equal(await overlaps(toast, row), false, 'the toast leaves the canceled row in view');
    const rows: { id: string; status: string }[] = await t.dataSource.query('SELECT id, status FROM payment_sessions WHERE id IN (?, ?)', [x, y]);
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.id, r.status])), { [x]: 'Active', [y]: 'Canceled' });
  });

  it('bulk cancel lists every selected session, across pages, and marks the ones not on screen', async () => {
    const ids = [await createSession({ transactionRef: 'PAGE-A' }), await createSession({ transactionRef: 'PAGE-B' })];
    const { page, list } = await signIn(WIDE);
    await list.waitForRows();
    await list.selectRow(ids[1]);
    await list.selectRow(ids[0]);
    // Page size 10: the selected rows are on page 1; from page 2 neither is in view.
    await page.goto(`${t.url}/admin/payment-sessions?perPage=5&page=2&sort=createdAt&order=DESC&filter=%7B%7D`);
    await list.waitForRows();
    const dialog = await list.openBulkCancel();
    assert.equal(dialog.title, 'Cancel 2 payment sessions?');
    assert.deepEqual([...dialog.ids].sort(), [...ids].sort());
    assert.match(await page.locator('[data-testid="selection-hidden"]').innerText(), /2 of them are not on the page you are looking at/);
    await page.locator('[aria-label="Keep the session"]').click();
  });
});
