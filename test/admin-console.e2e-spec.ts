import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { StaffRole } from '@paysession/staff';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AppShellObject, ensureConsoleBuilt, launchChromium, LoginPageObject, notification, screenshot, SessionListObject, SessionShowObject } from './support/admin-console';
import { createStaff } from './support/admin-api';
import { ok, Tenant, TestApp } from './support/test-app';

const CREATE = `mutation($input: CreatePaymentSessionInput!) { createPaymentSession(input: $input) { id } }`;
const UPDATE = `mutation($input: UpdatePaymentSessionInput!) { updatePaymentSession(input: $input) { id status } }`;

/**
 * The staff console in real headless Chromium against the whole application: the built console
 * served at /admin, talking to /admin-api.
 */
// The bounds only keep a broken build from hanging the suite: under load Chromium and the server
// share two cores with everything else, and a test must not fail for being slow.
describe('the staff console in a browser', { timeout: 600_000 }, () => {
  let t: TestApp;
  let browser: Browser;
  let acme: Tenant;
  let target: string;
  const others: string[] = [];
  const contexts: BrowserContext[] = [];

  const createSession = async (input: Record<string, unknown>) =>
    ok(await t.gql(CREATE, { input: { orgId: acme.orgId, amount: '10.00', currency: 'USD', ...input } }, { key: acme.key })).createPaymentSession.id as string;

  /** A fresh browser profile (its own cookies) on a fresh page. */
  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    return page;
  };

  /** A new operator, signed in in a fresh browser profile, on the sessions list with its rows shown. */
  const operatorOnList = async () => {
    const operator = await createStaff(t, StaffRole.operator);
    const page = await newPage();
    const login = new LoginPageObject(page, t.url);
    const list = new SessionListObject(page, t.url);
    await login.open();
    await login.signIn(operator.email, operator.password);
    await list.waitForRows();
    return { operator, page, list, login };
  };

  before(async () => {
    ensureConsoleBuilt();
    [t, browser] = await Promise.all([TestApp.start(), launchChromium()]);
    acme = await t.tenant('Acme Outdoor');
    const globex = await t.tenant('Globex');
    others.push(await createSession({ amount: '42.00', transactionRef: 'ORDER-1001' }));
    target = await createSession({
      amount: '1250.50',
      transactionRef: 'ORDER-2002',
      callbackUrl: 'https://merchant.example.com/hooks',
      brandName: 'Acme <script>alert(1)</script>',
      brandLogoUrl: 'https://cdn.example.com/logo.png',
      contactRef: { contactName: 'Ada <img src=x onerror=alert(1)>', contactEmail: 'ada@example.com', address: { lines: ['1 Main St'], locality: 'Springfield', countryCode: 'USA' } },
      invoiceRefs: [{ invoiceNumber: 'INV-7', amount: '1250.50', lines: [{ num: 1, quantity: 2, price: '625.25', productName: 'Tent', productSku: 'TENT-2P' }] }],
    });
    ok(await t.gql(CREATE, { input: { orgId: globex.orgId, amount: '5000', currency: 'JPY', transactionRef: 'G-1' } }, { key: globex.key }));
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('an operator signs in, filters the list, opens a session, cancels it with a reason and sees it Canceled, then signs out', async () => {
    const operator = await createStaff(t, StaffRole.operator);
    const page = await newPage();
    const login = new LoginPageObject(page, t.url);
    const list = new SessionListObject(page, t.url);
    const show = new SessionShowObject(page);

    await login.open();
    await login.signIn(operator.email, operator.password);
    await list.waitForRows();
    assert.equal(new URL(page.url()).pathname, '/admin/payment-sessions');
    assert.equal((await list.ids()).length, 3);
    await screenshot(page, 'admin-sessions-list');

    await list.search('ORDER-2002', [target]);
    await list.openSession(target);
    await show.waitFor(target);
    assert.equal(await show.status(), 'Active');
    // Merchant text is shown as text, never run as markup.
    // waitFor, not isVisible: the page renders its sections as their data arrives.
    await page.locator('text=Ada <img src=x onerror=alert(1)>').waitFor();
    await page.locator('[data-testid="line-items"] >> text="Tent"').waitFor();
    await page.locator('img[src="https://cdn.example.com/logo.png"]').waitFor();
    assert.equal(await page.locator('img[src="x"]').count(), 0);
    await screenshot(page, 'admin-session-show');

    await show.cancel('Customer called: duplicate order');
    assert.equal(await show.status(), 'Canceled');
    assert.deepEqual(await show.timelineReasons(), ['Reason: Customer called: duplicate order']);
    assert.equal(await show.cancelButton().count(), 0, 'no Cancel once the session is not Active');
    assert.deepEqual(await show.webhookEvents(), ['created', 'canceled'], 'each event is queued for the callbackUrl');
    const [row] = await t.dataSource.query('SELECT status FROM payment_sessions WHERE id = ?', [target]);
    assert.equal(row.status, 'Canceled');
    const [audit] = await t.dataSource.query('SELECT staff_id, reason FROM staff_audit_log WHERE target_id = ?', [target]);
    assert.deepEqual({ ...audit }, { staff_id: operator.id, reason: 'Customer called: duplicate order' });

    await new AppShellObject(page).logOut();
    await login.email.waitFor();
    await page.goto(`${t.url}/admin/payment-sessions`);
    await login.email.waitFor();
    const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM staff_sign_ins WHERE staff_id = ?', [operator.id]);
    assert.equal(Number(n), 0);
  });

  it('an operator cancels selected sessions in bulk, with one reason', async () => {
    const bulk = [await createSession({ transactionRef: 'BULK-1' }), await createSession({ transactionRef: 'BULK-2' })];
    const { page, list } = await operatorOnList();
    await list.selectRow(bulk[0]);
    await list.selectRow(bulk[1]);
    await list.bulkCancel('Test orders');
    await page.locator('tbody tr:has-text("BULK-1") [data-testid="session-status"]:has-text("Canceled")').waitFor();
    await page.locator('tbody tr:has-text("BULK-2") [data-testid="session-status"]:has-text("Canceled")').waitFor();
    const rows = await t.dataSource.query('SELECT status, transaction_ref FROM payment_sessions WHERE id IN (?, ?) ORDER BY transaction_ref', bulk);
    assert.deepEqual(rows.map((r: { status: string }) => r.status), ['Canceled', 'Canceled']);
    const audit = await t.dataSource.query('SELECT reason FROM staff_audit_log WHERE target_id IN (?, ?)', bulk);
    assert.deepEqual(audit.map((r: { reason: string }) => r.reason), ['Test orders', 'Test orders']);
  });

  it('a bulk cancel names each session it could not cancel, and why', async () => {
    const [kept, gone] = [await createSession({ transactionRef: 'BULK-3' }), await createSession({ transactionRef: 'BULK-4' })];
    const { page, list } = await operatorOnList();
    await list.selectRow(kept);
    await list.selectRow(gone);
    // The merchant cancels one while the operator is choosing: the bulk cancel can no longer.
    ok(await t.gql(UPDATE, { input: { orgId: acme.orgId, id: gone, status: 'Canceled' } }, { key: acme.key }));
    await list.bulkCancel('Test orders');
    const toast = notification(page);
    await toast.filter({ hasText: 'Not canceled' }).waitFor();
    const text = await toast.innerText();
    assert.match(text, /Canceled 1 of 2 sessions/);
    assert.ok(text.includes(gone), `the notification names ${gone}: ${text}`);
    assert.ok(!text.includes(kept), 'and not the one it canceled');
    await screenshot(page, 'admin-bulk-cancel-partial-1400');
  });

  it('a viewer sees no Cancel, on the page or as a bulk action, and signs out', async () => {
    const viewer = await createStaff(t, StaffRole.viewer);
    const page = await newPage();
    const login = new LoginPageObject(page, t.url);
    const list = new SessionListObject(page, t.url);
    const show = new SessionShowObject(page);

    await login.open();
    await login.signIn(viewer.email, viewer.password);
    await list.waitForRows();
    assert.match(await new AppShellObject(page).signedInAs(), /Role: viewer/);
    assert.equal(await list.rowCheckboxes().count(), 0, 'no row selection, so no bulk cancel');
    await list.openSession(others[0]);
    await show.waitFor(others[0]);
    assert.equal(await show.status(), 'Active');
    assert.equal(await show.cancelButton().count(), 0);

    await new AppShellObject(page).logOut();
    await login.email.waitFor();
  });

  it('exports the contacts and organizations lists as CSV, more rows than one API page holds', async () => {
    const CREATE_CONTACT = `mutation($i: CreateContactInput!) { createContact(input: $i) { id } }`;
    for (let i = 0; i < 120; i++) ok(await t.gql(CREATE_CONTACT, { i: { orgId: acme.orgId, name: `Export ${i}`, email: `export-${i}@example.com` } }, { key: acme.key }));
    // A merchant's contact named as a spreadsheet formula (CSV injection) exports as text.
    ok(await t.gql(CREATE_CONTACT, { i: { orgId: acme.orgId, name: '=HYPERLINK("https://evil.example","Refund")', email: 'formula@example.com' } }, { key: acme.key }));
    const viewer = await createStaff(t, StaffRole.viewer);
    const page = await newPage();
    const login = new LoginPageObject(page, t.url);
    await login.open();
    await login.signIn(viewer.email, viewer.password);
    await new AppShellObject(page).signedInAs();

    /** Clicks Export on the list at `path` and returns the CSV's lines. */
    const exported = async (path: string): Promise<string[]> => {
      await page.goto(`${t.url}/admin/${path}`);
      const button = page.getByRole('button', { name: 'Export' });
      await button.waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
      const file = await download.path();
      return readFileSync(file, 'utf8').trim().split('\n');
    };
    // react-admin asks for 1,000 rows at once; the API gives at most 100 a page.
    const contacts = await exported('contacts');
    assert.equal(contacts.filter((line) => /export-\d+@example\.com/.test(line)).length, 120, 'every contact, past the first API page');
    const formula = contacts.find((line) => line.includes('formula@example.com'));
    assert.ok(formula?.includes(`"'=HYPERLINK(""https://evil.example"",""Refund"")"`), `the formula is written as text: ${formula}`);
    const organizations = await exported('organizations');
    assert.ok(organizations.some((line) => line.includes('Acme Outdoor')) && organizations.some((line) => line.includes('Globex')), organizations.join('\n'));
  });

  it('signs out by itself when the sign-in expires on the server', async () => {
    const { operator, page, login } = await operatorOnList();
    await t.dataSource.query('DELETE FROM staff_sign_ins WHERE staff_id = ?', [operator.id]);
    await page.locator('[aria-label="Search payment sessions"]').fill('ORDER-1001');
    await login.email.waitFor();
  });
});
