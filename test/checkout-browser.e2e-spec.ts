import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { StaffRole } from '@paysession/staff';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { createStaff } from './support/admin-api';
import { ensureConsoleBuilt, launchChromium, LoginPageObject, screenshot, SessionListObject, SessionShowObject } from './support/admin-console';
import { CheckoutPageObject, SandboxPageObject, seriousViolations } from './support/checkout-pages';
import { freePort, ok, Tenant, TestApp } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';

/**
 * A customer in real headless Chromium, on a phone (390×844) and a desktop (1280×800): opens the
 * link, sees the brand, the amount and the lines, pays through the sandbox partner with its test
 * cards, and lands where the merchant asked; every status page passes axe's serious and critical
 * rules. Screenshots go to test/artifacts.
 */

const CREATE = `mutation($i: CreatePaymentSessionInput!) { createPaymentSession(input: $i) { id link } }`;
const GET = `query($o: ID!, $id: ID!) { paymentSession(orgId: $o, id: $id) { status paymentId } }`;
const CREATE_CONFIG = `mutation($i: CreateCheckoutConfigurationInput!) { createCheckoutConfiguration(input: $i) { id } }`;
const ROTATE = `mutation($o: ID!) { rotateWebhookSecret(orgId: $o) { secret } }`;
const UPDATE = `mutation($i: UpdatePaymentSessionInput!) { updatePaymentSession(input: $i) { id } }`;

const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
] as const;

describe('the checkout page in a browser', { timeout: 900_000 }, () => {
  let t: TestApp;
  let browser: Browser;
  let acme: Tenant;
  let receiver: WebhookReceiver;
  let secret: string;
  let successUrl: string;
  const contexts: BrowserContext[] = [];

  before(async () => {
    ensureConsoleBuilt();
    const port = await freePort();
    receiver = await WebhookReceiver.start();
    [t, browser] = await Promise.all([
      // The browser follows the sandbox's redirects, which are built on PUBLIC_BASE_URL: the app's own address.
      TestApp.start({ PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true', EXPIRY_ENABLED: 'false' }, { port }),
      launchChromium({ offline: true }),
    ]);
    acme = await t.tenant('Acme Outdoor');
    secret = ok(await t.gql(ROTATE, { o: acme.orgId }, { key: acme.key })).rotateWebhookSecret.secret;
    // The merchant's "thank you" page: anything this server answers will do.
    successUrl = `${t.url}/health?order=thanks`;
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
    await receiver?.close();
  });

  async function newPage(viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'en-US' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    return page;
  }

  async function session(input: Record<string, unknown> = {}): Promise<{ id: string; link: string }> {
    const s = ok(await t.gql(CREATE, { i: { orgId: acme.orgId, amount: '125.50', currency: 'USD', successUrl, callbackUrl: receiver.url(), ...input } }, { key: acme.key })).createPaymentSession;
    return { id: s.id, link: s.link };
  }

  async function statusOf(id: string): Promise<{ status: string; paymentId: string | null }> {
    return ok(await t.gql(GET, { o: acme.orgId, id }, { key: acme.key })).paymentSession;
  }

  async function assertAccessible(page: Page, what: string): Promise<void> {
    assert.deepEqual(await seriousViolations(page), [], `${what}: axe found serious or critical violations`);
  }

  for (const viewport of VIEWPORTS) {
    it(`on a ${viewport.name}: pays with 4242 through the sandbox and lands on successUrl; a verified .completed webhook; the console names the partner`, async () => {
      const page = await newPage(viewport);
      const checkout = new CheckoutPageObject(page);
      const s = await session({ brandName: 'Acme <b>Shop</b>', transactionRef: 'ORDER-77' });
      await checkout.open(s.link);
      assert.equal(await checkout.brand(), 'Acme <b>Shop</b>');
      assert.equal(await checkout.amount(), '$125.50');
      assert.match(await checkout.text(), /ORDER-77/);
      assert.ok(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'), 'no horizontal scrolling');
      await assertAccessible(page, 'Active');
      await screenshot(page, `checkout-active-${viewport.name}`);

      await checkout.payWith('Card');
      const sandbox = new SandboxPageObject(page);
      await sandbox.waitFor();
      await assertAccessible(page, 'sandbox card page');
      await screenshot(page, `checkout-sandbox-${viewport.name}`);
      await sandbox.payWithCard('4242 4242 4242 4242');
      await page.waitForURL(successUrl);
      const read = await statusOf(s.id);
      assert.equal(read.status, 'Completed');
      assert.match(read.paymentId!, /^test_pay_/);

      await checkout.open(s.link);
      assert.equal(await checkout.title(), 'Paid');
      await assertAccessible(page, 'Completed');
      await screenshot(page, `checkout-completed-${viewport.name}`);

      await receiver.waitFor(() => receiver.received.some((r) => r.json?.type === 'payment_session.completed' && r.json.data.paymentSession.id === s.id));
      const hook = receiver.received.find((r) => r.json?.type === 'payment_session.completed' && r.json.data.paymentSession.id === s.id)!;
      new Webhook(secret).verify(hook.body, hook.headers);
      assert.deepEqual(hook.json.data.partner, { id: 'ptn_sandbox', name: 'Sandbox (test cards)' });

      if (viewport.name === 'desktop') {
        const staff = await createStaff(t, StaffRole.viewer);
        const login = new LoginPageObject(page, t.url);
        await login.open();
        await login.signIn(staff.email, staff.password);
        const list = new SessionListObject(page, t.url);
        await list.waitForRows();
        await list.openSession(s.id);
        await new SessionShowObject(page).waitFor(s.id);
        const completed = page.getByTestId('timeline-event').filter({ hasText: 'payments partner Sandbox (test cards)' });
        await completed.first().waitFor();
        assert.match(await completed.first().innerText(), /completed/);
        await screenshot(page, 'checkout-console-timeline');
      }
    });
  }

  it('shows the lines of the Itemized and the invoices of the Invoice layout', async () => {
    const page = await newPage(VIEWPORTS[0]);
    const checkout = new CheckoutPageObject(page);
    const lines = [
      { num: 1, productName: 'Trail tent', productSku: 'TENT-2P', productDescription: 'Two people', quantity: 1, price: '100.00' },
      { num: 2, productName: 'Tent pegs', productSku: 'PEG-10', productDescription: 'Ten pegs', quantity: 5, price: '5.10' },
    ];
    const invoiceRefs = [{ invoiceNumber: 'INV-9', amount: '125.50', lines, shippingContact: { contactName: 'Ada Lovelace', address: { lines: ['1 Main St'], locality: 'Springfield', countryCode: 'US' } } }];
    const itemized = ok(await t.gql(CREATE_CONFIG, { i: { orgId: acme.orgId, name: 'Itemized', layoutTemplate: 'Itemized', lineItemFields: ['ProductName', 'Quantity', 'Price'] } }, { key: acme.key })).createCheckoutConfiguration.id;
    await checkout.open((await session({ checkoutConfigurationId: itemized, invoiceRefs })).link);
    assert.deepEqual(await checkout.lines(), ['Trail tent 1 × $100.00', 'Tent pegs 5 × $5.10']);
    await assertAccessible(page, 'Itemized');
    await screenshot(page, 'checkout-itemized-phone');

    const invoice = ok(await t.gql(CREATE_CONFIG, { i: { orgId: acme.orgId, name: 'Invoice', layoutTemplate: 'Invoice', lineItemFields: ['ProductName', 'ProductSku', 'Price'] } }, { key: acme.key })).createCheckoutConfiguration.id;
    await checkout.open((await session({ checkoutConfigurationId: invoice, invoiceRefs })).link);
    const [shown] = await checkout.invoices();
    assert.match(shown, /^Invoice INV-9 Trail tent SKU TENT-2P \$100\.00 Tent pegs SKU PEG-10 \$5\.10 Amount \$125\.50 Shipping Ada Lovelace 1 Main St Springfield US$/);
    await assertAccessible(page, 'Invoice');
    await screenshot(page, 'checkout-invoice-phone');
  });

  it('declined (4000 0000 0000 0002) → the Rejected page', async () => {
    const page = await newPage(VIEWPORTS[0]);
    const checkout = new CheckoutPageObject(page);
    const s = await session();
    await checkout.open(s.link);
    await checkout.payWith('Card');
    await new SandboxPageObject(page).payWithCard('4000 0000 0000 0002');
    await page.getByRole('heading', { name: 'The payment was declined' }).waitFor();
    assert.match(await checkout.text(), /Your card was declined/);
    assert.equal((await statusOf(s.id)).status, 'Rejected');
    await assertAccessible(page, 'Rejected');
    await screenshot(page, 'checkout-rejected-phone');
  });

  it('3220 → Pending → authenticate → Completed', async () => {
    const page = await newPage(VIEWPORTS[1]);
    const checkout = new CheckoutPageObject(page);
    const s = await session();
    await checkout.open(s.link);
    await checkout.payWith('Card');
    const sandbox = new SandboxPageObject(page);
    await sandbox.payWithCard('4000 0000 0000 3220');
    await page.getByRole('button', { name: 'Authenticate' }).waitFor();
    assert.equal((await statusOf(s.id)).status, 'Pending');

    const other = await page.context().newPage();
    const pendingPage = new CheckoutPageObject(other);
    await pendingPage.open(s.link);
    assert.equal(await pendingPage.title(), 'We are confirming your payment');
    await assertAccessible(other, 'Pending');
    await screenshot(other, 'checkout-pending-desktop');

    await sandbox.authenticate();
    await page.waitForURL(successUrl);
    assert.equal((await statusOf(s.id)).status, 'Completed');
    // The Pending page the customer left open updates itself once the payment is confirmed.
    await other.getByRole('heading', { name: 'Paid' }).waitFor();
    await other.close();
  });

  it('an expired link (before any sweep), a canceled one and an unknown one show their pages', async () => {
    const page = await newPage(VIEWPORTS[0]);
    const checkout = new CheckoutPageObject(page);
    const expired = await session({ expirationDate: new Date(Date.now() + 3600_000).toISOString() });
    await t.dataSource.query('UPDATE payment_sessions SET expiration_date = ? WHERE id = ?', [Date.now() - 1000, expired.id]);
    await checkout.open(expired.link);
    assert.equal(await checkout.title(), 'This payment link has expired');
    await assertAccessible(page, 'Expired');
    await screenshot(page, 'checkout-expired-phone');

    const canceled = await session();
    ok(await t.gql(UPDATE, { i: { orgId: acme.orgId, id: canceled.id, status: 'Canceled' } }, { key: acme.key }));
    await checkout.open(canceled.link);
    assert.equal(await checkout.title(), 'This payment was canceled');
    await assertAccessible(page, 'Canceled');

    await checkout.open(`${t.url}/pay/ps_01XXXXXXXXXXXXXXXXXXXXXXXX.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
    assert.equal(await checkout.title(), 'Payment not found');
    await assertAccessible(page, 'Not found');
    await screenshot(page, 'checkout-not-found-phone');
  });
});
