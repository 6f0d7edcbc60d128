import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { PartnerEndpoint } from './support/partner-endpoint';
import { codeOf, ok, QUIET, Tenant, TestApp, TestPartner } from './support/test-app';

// The hosted checkout page (GET /pay/:token), the hand-off to the payments partner
// (POST /pay/:token/start) and the sandbox partner, over HTTP. The browser's view of the same
// flow is in checkout-browser.e2e-spec.ts.

const CREATE = `mutation($i: CreatePaymentSessionInput!) { createPaymentSession(input: $i) { id link status } }`;
const UPDATE = `mutation($i: UpdatePaymentSessionInput!) { updatePaymentSession(input: $i) { id status } }`;
const GET = `query($o: ID!, $id: ID!) { paymentSession(orgId: $o, id: $id) { status paymentId link events { type actor } } }`;
const CREATE_CONFIG = `mutation($i: CreateCheckoutConfigurationInput!) { createCheckoutConfiguration(input: $i) { id } }`;
const ENABLE = `mutation($i: EnablePaymentsPartnerInput!) { enablePaymentsPartner(input: $i) { id } }`;
const RESOLVE = `mutation($id: ID!) { paymentSessionResolve(id: $id) { paymentSession { status } userErrors { code } } }`;
const REJECT = `mutation($id: ID!, $m: String) { paymentSessionReject(id: $id, reason: { code: CARD_DECLINED, merchantMessage: $m }) { paymentSession { status } userErrors { code } } }`;

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';

interface Page {
  status: number;
  headers: Headers;
  html: string;
}

/** The headers every answer under /pay carries (docs/CONTRACT.md, The customer side). */
function assertCheckoutHeaders(page: Pick<Page, 'headers'>, frameAncestors = "'none'") {
  const csp = page.headers.get('content-security-policy') ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /style-src 'nonce-[A-Za-z0-9+/=]+'/);
  assert.match(csp, /script-src 'nonce-[A-Za-z0-9+/=]+'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|script-src[^;]*(https?:|\*)/);
  assert.match(csp, /img-src https:/);
  assert.ok(csp.includes(`frame-ancestors ${frameAncestors}`), csp);
  assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
  assert.equal(page.headers.get('cache-control'), 'no-store');
  assert.equal(page.headers.get('x-robots-tag'), 'noindex, nofollow');
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
}

/** The visible text of a page, markup stripped and entities decoded (what a reader sees). */
function textOf(html: string): string {
  return html
    .replace(/<style[^>]*>[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('the hosted checkout page', () => {
  let t: TestApp;
  let acme: Tenant;
  let partnerEndpoint: PartnerEndpoint;
  let partner: TestPartner;

  before(async () => {
    t = await TestApp.start({ ...QUIET, CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true', PARTNER_TIMEOUT_MS: '500' });
    acme = await t.tenant('Acme Org');
    partnerEndpoint = await PartnerEndpoint.start(() => ({ status: 200, body: JSON.stringify({ redirectUrl: 'https://partner.example.test/pay/123' }) }));
    partner = await t.partner('Acme Payments', partnerEndpoint.url());
  });
  after(async () => {
    await partnerEndpoint.close();
    await t.close();
  });

  async function session(input: Record<string, unknown> = {}, tenant = acme): Promise<{ id: string; path: string }> {
    const s = ok(await t.gql(CREATE, { i: { orgId: tenant.orgId, amount: '100.10', currency: 'USD', ...input } }, { key: tenant.key })).createPaymentSession;
    return { id: s.id, path: new URL(s.link).pathname };
  }

  async function open(path: string, headers: Record<string, string> = {}): Promise<Page> {
    const res = await fetch(`${t.url}${path}`, { headers });
    return { status: res.status, headers: res.headers, html: await res.text() };
  }

  async function pay(path: string, opts: { method?: string; formToken?: string | null; headers?: Record<string, string> } = {}): Promise<Page> {
    const formToken = opts.formToken === undefined ? /name="formToken" value="([^"]+)"/.exec((await open(path)).html)?.[1] : opts.formToken;
    const body = new URLSearchParams({ method: opts.method ?? 'Card', ...(formToken ? { formToken } : {}) });
    const res = await fetch(`${t.url}${path}/start`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...opts.headers }, body });
    return { status: res.status, headers: res.headers, html: await res.text() };
  }

  async function statusOf(id: string, tenant = acme): Promise<string> {
    return ok(await t.gql(GET, { o: tenant.orgId, id }, { key: tenant.key })).paymentSession.status;
  }

  async function config(input: Record<string, unknown>): Promise<string> {
    return ok(await t.gql(CREATE_CONFIG, { i: { orgId: acme.orgId, name: `c${Math.random()}`, ...input } }, { key: acme.key })).createCheckoutConfiguration.id;
  }

  it('shows the brand, the amount in the customer locale, the reference and the expiry, with the headers', async () => {
    const s = await session({ transactionRef: 'INV-42', brandName: 'Acme Shop', brandLogoUrl: 'https://cdn.example.test/logo.png', expirationDate: new Date(Date.now() + 23.5 * 60_000).toISOString() });
    const page = await open(s.path, { 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' });
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assertCheckoutHeaders(page);
    const text = textOf(page.html);
    assert.match(text, /Pay Acme Shop/);
    assert.match(text, /100,10\s\$/);
    assert.match(text, /INV-42/);
    assert.match(text, /in 2[34] Minuten/);
    assert.match(page.html, /<img src="https:\/\/cdn\.example\.test\/logo\.png" alt="Acme Shop logo"/);
    assert.match(page.html, /<html lang="de-DE">/);
    assert.doesNotMatch(page.html, /<script/);
    // Light: no bundle, well under 50 KB.
    assert.ok(Buffer.byteLength(page.html) < 50_000, `${Buffer.byteLength(page.html)} bytes`);

    const jpy = await session({ amount: '500', currency: 'JPY' });
    assert.match(textOf((await open(jpy.path, { 'accept-language': 'en-US' })).html), /¥500(?![.,]\d)/);
    // Without a brand on the session or the configuration: the organization's name.
    assert.match(textOf((await open(jpy.path)).html), /Pay Acme Org/);
  });

  it('renders every merchant-supplied string as text (brand, products, contacts)', async () => {
    const cc = await config({ layoutTemplate: 'Invoice', lineItemFields: ['ProductName', 'ProductDescription', 'ProductSku', 'Quantity', 'Price'], brandName: HOSTILE });
    const contact = { contactName: HOSTILE, contactEmail: 'a@example.com', address: { lines: [HOSTILE], locality: 'X"><b>', countryCode: 'US' } };
    const s = await session({
      checkoutConfigurationId: cc,
      transactionRef: HOSTILE,
      invoiceRefs: [{ invoiceNumber: HOSTILE, amount: '100.10', billingContact: contact, shippingContact: contact, lines: [{ num: 1, productName: HOSTILE, productDescription: HOSTILE, productSku: HOSTILE, quantity: 1, price: '100.10' }] }],
    });
    const page = await open(s.path);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.html, /<script|<img src=x|<b>/);
    const text = textOf(page.html);
    assert.ok(text.split(HOSTILE).length - 1 >= 6, 'each hostile string shows as its characters');
    assert.ok(!page.html.includes('onerror=alert(2)>'), 'no attribute breaks out');
  });

  it('lays out Simple, Itemized (only the configured fields) and Invoice', async () => {
    const lines = [
      { num: 1, productName: 'Blue mug', productDescription: 'Ceramic', productSku: 'MUG-1', productImageUrl: 'https://cdn.example.test/mug.png', quantity: 2, price: '10.00' },
      { num: 2, productName: 'Teapot', productDescription: 'Glass', productSku: 'POT-9', quantity: 1, price: '80.10' },
    ];
    const invoiceRefs = [{ invoiceNumber: 'F-1', amount: '100.10', lines, billingContact: { contactName: 'Ada Lovelace', address: { lines: ['1 Analytical St'], locality: 'London', countryCode: 'GB' } } }];

    const simple = textOf((await open((await session({ invoiceRefs })).path)).html);
    assert.doesNotMatch(simple, /Blue mug|Invoice F-1/);

    const itemized = await config({ layoutTemplate: 'Itemized', lineItemFields: ['ProductName', 'ProductSku', 'Quantity', 'Price'] });
    const page = (await open((await session({ invoiceRefs, checkoutConfigurationId: itemized })).path)).html;
    const text = textOf(page);
    assert.match(text, /Blue mug SKU MUG-1 2 × \$10\.00/);
    assert.match(text, /Teapot SKU POT-9 1 × \$80\.10/);
    assert.doesNotMatch(text, /Ceramic|Glass/, 'no description: the configuration does not show it');
    assert.doesNotMatch(page, /mug\.png/, 'no image: the configuration does not show it');

    const invoice = await config({ layoutTemplate: 'Invoice', lineItemFields: ['ProductName', 'ProductDescription', 'ProductImage', 'Price'] });
    const inv = (await open((await session({ invoiceRefs, checkoutConfigurationId: invoice })).path)).html;
    const invText = textOf(inv);
    assert.match(invText, /Invoice F-1/);
    assert.match(invText, /Blue mug Ceramic \$10\.00/);
    assert.match(invText, /Billing Ada Lovelace 1 Analytical St London GB/);
    assert.match(inv, /<img src="https:\/\/cdn\.example\.test\/mug\.png" alt="Blue mug"/);
    assert.doesNotMatch(invText, /MUG-1|2 ×/);
  });

  it('offers the configured methods, FlexPay only when available', async () => {
    const cc = await config({ paymentMethods: ['Card', 'BankTransfer', 'FlexPay'] });
    const withoutTotal = textOf((await open((await session({ checkoutConfigurationId: cc })).path)).html);
    assert.match(withoutTotal, /Card Bank transfer Pay/);
    assert.doesNotMatch(withoutTotal, /FlexPay/);
    const invoiceRefs = [{ invoiceNumber: 'F-2', amount: '100.10' }];
    const within = textOf((await open((await session({ checkoutConfigurationId: cc, invoiceRefs })).path)).html);
    assert.match(within, /FlexPay/);
    const tipped = textOf((await open((await session({ checkoutConfigurationId: cc, amount: '120.00', invoiceRefs })).path)).html);
    assert.doesNotMatch(tipped, /FlexPay/);
    assert.match(tipped, /Invoice total \$100\.10/);
  });

  it('has a page for every status, an HTML 404, and Expired as soon as the deadline passes (before any sweep)', async () => {
    const notFound = await open('/pay/ps_01XXXXXXXXXXXXXXXXXXXXXXXX.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    assert.equal(notFound.status, 404);
    assert.match(notFound.html, /Payment not found/);
    assertCheckoutHeaders(notFound);
    const s = await session();
    // The right session id with a wrong MAC is no link either.
    assert.equal((await open(s.path.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).status, 404);
    assert.equal((await open('/pay/garbage')).status, 404);

    const expired = await session({ expirationDate: new Date(Date.now() + 3600_000).toISOString() });
    await t.dataSource.query('UPDATE payment_sessions SET expiration_date = ? WHERE id = ?', [Date.now() - 1000, expired.id]);
    const expiredPage = await open(expired.path);
    assert.match(textOf(expiredPage.html), /This payment link has expired/);
    assertCheckoutHeaders(expiredPage);
    const refused = await pay(expired.path, { formToken: 'x' });
    assert.match(textOf(refused.html), /expired/);
    const start = await pay(expired.path, { formToken: undefined });
    assert.notEqual(start.status, 303);
    assert.equal(partnerEndpoint.received.filter((r) => r.body.includes(expired.id)).length, 0, 'no hand-off of an expired session');

    const completed = await session({ successUrl: 'https://shop.example.test/thanks' });
    ok(await t.gql(UPDATE, { i: { orgId: acme.orgId, id: completed.id, status: 'Completed', paymentId: 'pay_manual_1' } }, { key: acme.key }));
    const paid = await open(completed.path);
    assert.match(textOf(paid.html), /Paid Thank you\. \$100\.10 was paid to Acme Org/);
    assert.match(paid.html, /<a class="button" href="https:\/\/shop\.example\.test\/thanks">Return to Acme Org<\/a>/);

    const canceled = await session();
    ok(await t.gql(UPDATE, { i: { orgId: acme.orgId, id: canceled.id, status: 'Canceled' } }, { key: acme.key }));
    assert.match(textOf((await open(canceled.path)).html), /This payment was canceled/);

    const rejected = await session();
    await t.handOver(acme.orgId, partner, rejected.id);
    ok(await t.gql(REJECT, { id: rejected.id, m: `Declined ${HOSTILE}` }, { key: partner.key }));
    const rejectedPage = await open(rejected.path);
    assert.match(textOf(rejectedPage.html), /The payment was declined Declined <script>/);
    assert.doesNotMatch(rejectedPage.html, /<script/);

    const pending = await session();
    await t.handOver(acme.orgId, partner, pending.id);
    ok(await t.gql(`mutation($id: ID!, $at: DateTime!) { paymentSessionPending(id: $id, pendingExpiresAt: $at, reason: BUYER_ACTION_REQUIRED) { userErrors { code } } }`, { id: pending.id, at: new Date(Date.now() + 3600_000).toISOString() }, { key: partner.key }));
    const pendingPage = await open(pending.path);
    assert.match(textOf(pendingPage.html), /We are confirming your payment/);
    // It updates itself (a script allowed by the page's nonce only), and says how without script.
    const pageNonce = /script-src 'nonce-([^']+)'/.exec(pendingPage.headers.get('content-security-policy')!)![1];
    assert.ok(pendingPage.html.includes(`<script nonce="${pageNonce}">`));
    assert.match(pendingPage.html, /<a class="button" href="\/pay\/[^"]+">Check again<\/a>/);
    await t.dataSource.query('UPDATE payment_sessions SET pending_expires_at = ? WHERE id = ?', [Date.now() - 1000, pending.id]);
    assert.match(textOf((await open(pending.path)).html), /This payment link has expired/);
  });

  it('lets the configuration allow embedding origins (frame-ancestors)', async () => {
    const cc = await config({ allowedEmbedOrigins: ['https://shop.example.test', 'http://localhost:5173'] });
    const page = await open((await session({ checkoutConfigurationId: cc })).path);
    assertCheckoutHeaders(page, 'https://shop.example.test http://localhost:5173');
    assert.equal(page.headers.get('x-frame-options'), null);
    const bad = await t.gql(CREATE_CONFIG, { i: { orgId: acme.orgId, name: 'bad', allowedEmbedOrigins: ['https://shop.example.test/path'] } }, { key: acme.key });
    assert.equal(codeOf(bad), 'BAD_USER_INPUT');
  });

  it('costs one database read', async () => {
    const s = await session();
    await open(s.path);
    assert.equal(await t.countQueries(() => open(s.path)), 1);
  });

  describe('the hand-off to the partner', () => {
    let cc: string;
    before(async () => {
      cc = await config({ paymentMethods: ['Card', 'BankTransfer'] });
      ok(await t.gql(ENABLE, { i: { orgId: acme.orgId, id: cc, partnerId: partner.partnerId, paymentMethods: ['Card'] } }, { key: acme.key }));
    });

    it("sends the partner a signed request and sends the customer to its redirectUrl; then only that partner may finalize", async () => {
      partnerEndpoint.behaviour = () => ({ status: 200, body: JSON.stringify({ redirectUrl: 'https://partner.example.test/pay/abc' }) });
      const s = await session({ checkoutConfigurationId: cc, transactionRef: 'ORD-7', contactRef: { contactName: 'Ada', contactEmail: 'ada@example.com' }, successUrl: 'https://shop.example.test/ok' });
      const before = partnerEndpoint.received.length;
      const res = await pay(s.path);
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), 'https://partner.example.test/pay/abc');
      assertCheckoutHeaders(res);
      const request = partnerEndpoint.received[before];
      new Webhook(partner.secret).verify(request.body, request.headers);
      const body = JSON.parse(request.body);
      assert.equal(body.paymentSession.id, s.id);
      assert.equal(body.paymentSession.amount, '100.10');
      assert.equal(body.paymentSession.currency, 'USD');
      assert.equal(body.paymentSession.paymentMethod, 'Card');
      assert.deepEqual(body.paymentSession.customer, { name: 'Ada', email: 'ada@example.com', phone: null, billingAddress: null });
      assert.equal(body.cancelUrl, `https://pay.example.test${s.path}`);
      assert.equal(body.returnUrl, 'https://shop.example.test/ok');
      assert.equal(await statusOf(s.id), 'Active');

      const other = await t.partner('Other Payments');
      assert.deepEqual(ok(await t.gql(RESOLVE, { id: s.id }, { key: other.key })).paymentSessionResolve.userErrors, [{ code: 'NOT_FOUND' }]);
      assert.equal(codeOf(await t.gql(RESOLVE, { id: s.id }, { key: acme.key })), 'FORBIDDEN');
      assert.deepEqual(ok(await t.gql(RESOLVE, { id: s.id }, { key: partner.key })).paymentSessionResolve, { paymentSession: { status: 'Completed' }, userErrors: [] });
    });

    for (const [name, behaviour] of [
      ['times out', () => 'hang' as const],
      ['answers 500', () => ({ status: 500, body: '{"redirectUrl":"https://partner.example.test/x"}' })],
      ['answers without a redirectUrl', () => ({ status: 200, body: '{"url":"https://partner.example.test/x"}' })],
      ['answers a redirectUrl that is no URL', () => ({ status: 200, body: '{"redirectUrl":"javascript:alert(1)"}' })],
    ] as const) {
      it(`leaves the session Active and offers a retry when the partner ${name}`, async () => {
        partnerEndpoint.behaviour = behaviour;
        const s = await session({ checkoutConfigurationId: cc });
        const res = await pay(s.path);
        assert.equal(res.status, 502);
        assertCheckoutHeaders(res);
        assert.match(textOf(res.html), /The payment could not start\. Nothing was charged; please try again\./);
        assert.match(res.html, /role="alert"/);
        assert.match(res.html, /<form action="\/pay\/[^"]+\/start" method="post">/, 'the form is there to retry');
        assert.equal(await statusOf(s.id), 'Active');
        // Not handed over: the partner cannot move it.
        assert.deepEqual(ok(await t.gql(RESOLVE, { id: s.id }, { key: partner.key })).paymentSessionResolve.userErrors, [{ code: 'NOT_FOUND' }]);
        // The retry works once the partner answers.
        partnerEndpoint.behaviour = () => ({ status: 200, body: JSON.stringify({ redirectUrl: 'https://partner.example.test/pay/retry' }) });
        const retry = await pay(s.path);
        assert.equal(retry.headers.get('location'), 'https://partner.example.test/pay/retry');
      });
    }

    it('refuses a Pay form without its token, or from another site (CSRF), without a hand-off', async () => {
      const s = await session({ checkoutConfigurationId: cc });
      const before = partnerEndpoint.received.length;
      for (const attempt of [
        await pay(s.path, { formToken: null }),
        await pay(s.path, { formToken: '1700000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }),
        await pay(s.path, { headers: { origin: 'https://evil.example' } }),
        await pay(s.path, { headers: { 'sec-fetch-site': 'cross-site' } }),
      ]) {
        assert.equal(attempt.status, 403);
        assertCheckoutHeaders(attempt);
        assert.match(textOf(attempt.html), /nothing was paid/);
      }
      // Another session's token does not start this one.
      const other = await session({ checkoutConfigurationId: cc });
      const foreignToken = /name="formToken" value="([^"]+)"/.exec((await open(other.path)).html)![1];
      assert.equal((await pay(s.path, { formToken: foreignToken })).status, 403);
      assert.equal(partnerEndpoint.received.length, before);
    });

    it('refuses a method the configuration does not offer, and says so when no partner takes a method', async () => {
      const s = await session({ checkoutConfigurationId: cc });
      const flex = await pay(s.path, { method: 'FlexPay' });
      assert.equal(flex.status, 502);
      assert.match(textOf(flex.html), /Choose one of the payment methods shown/);
      assert.equal(await statusOf(s.id), 'Active');
    });
  });

  describe('the sandbox partner', () => {
    async function sandboxPay(card: string): Promise<{ s: { id: string; path: string }; res: Response; ticket: string }> {
      const s = await session({ successUrl: 'https://shop.example.test/thanks' });
      const start = await pay(s.path);
      assert.equal(start.status, 303, start.html);
      const location = new URL(start.headers.get('location')!);
      assert.equal(location.origin, 'https://pay.example.test', 'the sandbox page is on PUBLIC_BASE_URL');
      assert.equal(location.pathname, '/sandbox/pay');
      const ticket = location.searchParams.get('ticket')!;
      const card_page = await fetch(`${t.url}/sandbox/pay?ticket=${encodeURIComponent(ticket)}`);
      assert.equal(card_page.status, 200);
      assert.match(await card_page.text(), /4242 4242 4242 4242/);
      const res = await fetch(`${t.url}/sandbox/pay?ticket=${encodeURIComponent(ticket)}`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ cardNumber: card }) });
      return { s, res, ticket };
    }

    it('resolves 4242…, with a test paymentId, back to successUrl; the event names the sandbox partner', async () => {
      const { s, res } = await sandboxPay('4242 4242 4242 4242');
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), 'https://shop.example.test/thanks');
      const read = ok(await t.gql(GET, { o: acme.orgId, id: s.id }, { key: acme.key })).paymentSession;
      assert.equal(read.status, 'Completed');
      assert.match(read.paymentId, /^test_pay_[0-9a-f]{24}$/);
      assert.equal(read.events.at(-1).actor, 'partner:ptn_sandbox');
    });

    it('rejects 4000 0000 0000 0002 (declined) back to the page, which shows it', async () => {
      const { s, res } = await sandboxPay('4000000000000002');
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), `https://pay.example.test${s.path}`);
      assert.equal(await statusOf(s.id), 'Rejected');
      assert.match(textOf((await open(s.path)).html), /The payment was declined Your card was declined/);
    });

    it('puts 4000 0000 0000 3220 Pending until the customer authenticates, then resolves it', async () => {
      const { s, res, ticket } = await sandboxPay('4000-0000-0000-3220');
      assert.equal(res.status, 200);
      assert.match(await res.text(), /Authenticate/);
      assert.equal(await statusOf(s.id), 'Pending');
      assert.match(textOf((await open(s.path)).html), /We are confirming your payment/);
      const done = await fetch(`${t.url}/sandbox/pay/authenticate?ticket=${encodeURIComponent(ticket)}`, { method: 'POST', redirect: 'manual' });
      assert.equal(done.status, 303);
      assert.equal(await statusOf(s.id), 'Completed');
    });

    it('refuses any other card number and changes nothing', async () => {
      const { s, res } = await sandboxPay('4111 1111 1111 1111');
      assert.equal(res.status, 422);
      assert.match(await res.text(), /only the test cards/);
      assert.equal(await statusOf(s.id), 'Active');
    });

    it('refuses a payment-session request that is not signed with its secret', async () => {
      const res = await fetch(`${t.url}/sandbox/payment-sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paymentSession: { id: 'ps_x' } }) });
      assert.equal(res.status, 401);
      assert.equal((await fetch(`${t.url}/sandbox/pay?ticket=forged.ticket`)).status, 404);
    });
  });
});

describe('the checkout page without the sandbox, and its rate limit', () => {
  it('says no method is available when no partner is enabled, and limits requests per client address', async () => {
    const t = await TestApp.start({ ...QUIET, SANDBOX_PAYMENTS: 'false', CHECKOUT_RATE_LIMIT_PER_MINUTE: '4' });
    try {
      const acme = await t.tenant();
      const s = ok(await t.gql(CREATE, { i: { orgId: acme.orgId, amount: '5.00', currency: 'USD' } }, { key: acme.key })).createPaymentSession;
      const path = new URL(s.link).pathname;
      const page = await fetch(`${t.url}${path}`);
      const formToken = /name="formToken" value="([^"]+)"/.exec(await page.text())![1];
      const start = await fetch(`${t.url}${path}/start`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ method: 'Card', formToken }) });
      assert.equal(start.status, 502);
      assert.match(await start.text(), /This payment method is not available right now/);
      assert.equal((await fetch(`${t.url}/sandbox/payment-sessions`, { method: 'POST' })).status, 404, 'no sandbox routes');
      assert.equal((await fetch(`${t.url}${path}`)).status, 200);
      assert.equal((await fetch(`${t.url}${path}`)).status, 200);
      const limited = await fetch(`${t.url}${path}`);
      assert.equal(limited.status, 429);
      assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      assertCheckoutHeaders({ headers: limited.headers });
      assert.match(await limited.text(), /Too many requests/);
    } finally {
      await t.close();
    }
  });
});
