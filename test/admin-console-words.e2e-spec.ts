import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Scope } from '@paysession/common';
import { ApiKeysService } from '@paysession/organizations';
import { StaffRole } from '@paysession/staff';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  appBarTitle, cutElements, ensureConsoleBuilt, horizontalOverflow, isCutSideways, launchChromium, PHONE, RecordListObject, screenshot, SessionListObject, SessionShowObject, signInStaff, Viewport, WIDE,
} from './support/admin-console';
import { StaffClient } from './support/admin-api';
import { ok, QUIET, Tenant, TestApp } from './support/test-app';

const CREATE = `mutation($input: CreatePaymentSessionInput!) { createPaymentSession(input: $input) { id checkoutConfigurationId } }`;
const UPDATE = `mutation($input: UpdatePaymentSessionInput!) { updatePaymentSession(input: $input) { id status } }`;
const CREATE_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`;
const RESOLVE = `mutation($id: ID!) { paymentSessionResolve(id: $id, paymentId: "pay_words") { paymentSession { id status } } }`;
const CANCEL = `mutation($id: ID!, $reason: String!) { cancelPaymentSession(id: $id, reason: $reason) { id status } }`;
const CREATE_CONFIGURATION = `mutation($input: CreateCheckoutConfigurationInput!) { createCheckoutConfiguration(input: $input) { id } }`;

const LONG_REF = `ERP-2026-${'4F7A9C2E'.repeat(14)}`;
const LONG_ORG = 'Acme Outdoor Supplies and Adventure Equipment International Holdings (Europe, Middle East and Africa) GmbH & Co. KG';

/**
 * Issue 19, "answers in words, not ids", and what a newcomer found: the console names
 * organizations, checkout configurations, staff members, partners and API keys instead of
 * showing their ids, opens a webhook delivery to its attempts, finds sessions by the start of a
 * reference or an email, and fits a 1,440 px window and a 390 px phone. Times in Europe/Berlin.
 */
describe('the staff console answers in words', { timeout: 600_000 }, () => {
  let t: TestApp;
  let browser: Browser;
  let acme: Tenant;
  let globex: Tenant;
  const contexts: BrowserContext[] = [];

  const createSession = async (tenant: Tenant, input: Record<string, unknown>) =>
    ok(await t.gql(CREATE, { input: { orgId: tenant.orgId, amount: '10.00', currency: 'USD', ...input } }, { key: tenant.key })).createPaymentSession as { id: string; checkoutConfigurationId: string };

  const signIn = async (viewport: Viewport, role = StaffRole.operator) => {
    const { page, staff } = await signInStaff(t, browser, contexts, viewport, role);
    return { page, staff, list: new SessionListObject(page, t.url), show: new SessionShowObject(page) };
  };

  const openSession = async (page: Page, show: SessionShowObject, id: string) => {
    await page.goto(`${t.url}/admin/payment-sessions/${id}/show`);
    await show.waitFor(id);
  };

  before(async () => {
    ensureConsoleBuilt();
    [t, browser] = await Promise.all([TestApp.start({ ...QUIET, ANONYMOUS_RATE_LIMIT_PER_MINUTE: '1000' }), launchChromium()]);
    acme = await t.tenant(LONG_ORG);
    globex = await t.tenant('Globex');
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  for (const viewport of [WIDE, PHONE]) {
    it(`at ${viewport.width} px the contacts and checkout configurations lists name each organization, linked`, async () => {
      ok(await t.gql(CREATE_CONTACT, { input: { orgId: acme.orgId, name: 'Grace Hopper', email: 'grace@example.com' } }, { key: acme.key }));
      ok(await t.gql(CREATE_CONTACT, { input: { orgId: globex.orgId, name: 'Hedy Lamarr', email: 'hedy@example.com' } }, { key: globex.key }));
      const { page } = await signIn(viewport);
      for (const resource of ['contacts', 'checkout-configurations'] as const) {
        const list = new RecordListObject(page, t.url, resource);
        await list.open();
        const orgs = await list.organizations();
        await screenshot(page, `admin-${resource}-list-${viewport.width}`);
        assert.ok(orgs.length >= 2, JSON.stringify(orgs));
        for (const org of orgs) assert.doesNotMatch(org.name, /^org_/, `${resource}: a name, not an id`);
        assert.deepEqual(new Set(orgs.map((o) => o.name)), new Set([LONG_ORG, 'Globex']));
        const globexRow = orgs.find((o) => o.name === 'Globex')!;
        assert.equal(globexRow.href, `/admin/organizations/${globex.orgId}/show`);
        assert.equal(await horizontalOverflow(page), 0);
      }
    });

    it(`at ${viewport.width} px a session names its checkout configuration and organization, linked to them`, async () => {
      const configurationId = ok(await t.gql(CREATE_CONFIGURATION, { input: { orgId: acme.orgId, name: `Winter sale ${viewport.width}` } }, { key: acme.key })).createCheckoutConfiguration.id;
      const s = await createSession(acme, { checkoutConfigurationId: configurationId, transactionRef: `CONF-${viewport.width}` });
      const { page, show } = await signIn(viewport);
      await openSession(page, show, s.id);
      assert.deepEqual(await show.checkoutConfiguration(), { name: `Winter sale ${viewport.width}`, href: `/admin/checkout-configurations/${configurationId}/show` });
      assert.deepEqual(await show.organization(), { name: LONG_ORG, href: `/admin/organizations/${acme.orgId}/show` });
      assert.doesNotMatch(await page.locator('section[aria-label="Links"]').innerText(), /cc_/);
    });
  }

  it('at 1,440 px the sessions list shows every column whole, Created included, with long values in the row', async () => {
    const contactId = ok(await t.gql(CREATE_CONTACT, { input: { orgId: acme.orgId, name: 'Maximilian Alexander von Humboldt-Lichtenstein', email: 'maximilian.alexander.von.humboldt@enterprise-customers.example.com' } }, { key: acme.key })).createContact.id;
    const s = await createSession(acme, { amount: '1234567.89', transactionRef: LONG_REF, contactId });
    const { page, list } = await signIn(WIDE);
    await list.waitForRows();
    await screenshot(page, 'admin-sessions-created-column-1440');
    const table = page.locator('.RaDataTable-tableWrapper');
    assert.equal(await isCutSideways(table), false, 'the table does not scroll sideways');
    const created = list.row(s.id).locator('td').last();
    const box = await created.boundingBox();
    const frame = await table.boundingBox();
    assert.ok(box && frame && box.x + box.width <= frame.x + frame.width + 0.5 && box.x + box.width <= WIDE.width, `Created ends at ${box && box.x + box.width}, the table at ${frame && frame.x + frame.width}`);
    assert.match(await created.innerText(), /\d{4}\s+\d{1,2}:\d{2}:\d{2}\s[AP]M GMT\+1/);
    assert.equal(await horizontalOverflow(page), 0);
  });

  it('at 390 px a session page shows its title and its webhook deliveries whole', async () => {
    const s = await createSession(acme, { transactionRef: 'PHONE-HOOKS', callbackUrl: 'https://merchant.example.com/hooks/with/a/long/path' });
    ok(await t.gql(UPDATE, { input: { orgId: acme.orgId, id: s.id, amount: '11.00' } }, { key: acme.key }));
    const deliveries: { id: string }[] = await t.dataSource.query('SELECT id FROM webhook_deliveries WHERE session_id = ? ORDER BY event_seq', [s.id]);
    await t.dataSource.query('UPDATE webhook_deliveries SET status = ?, attempt_count = 6, last_status_code = 503, last_error = ? WHERE id = ?', ['Failed', 'HTTP 503', deliveries[0].id]);
    const { page, show } = await signIn(PHONE);
    await openSession(page, show, s.id);
    await page.locator('[data-testid="redeliver-webhook"]').waitFor();
    await screenshot(page, 'admin-session-webhooks-390');
    assert.equal(await isCutSideways(appBarTitle(page)), false, `the title is whole: ${await appBarTitle(page).innerText()}`);
    assert.deepEqual(await show.webhookEvents(), ['created', 'updated']);
    assert.deepEqual(await cutElements(show.webhookSection()), [], 'nothing in the webhook deliveries is cut or scrolls sideways');
    for (const row of await page.locator('[data-testid="webhook-delivery"]').all()) {
      const box = await row.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width, `a delivery is on screen (${box?.x}, ${box?.width})`);
    }
    assert.equal(await horizontalOverflow(page), 0);
  });
  for (const viewport of [WIDE, PHONE]) {
    it(`at ${viewport.width} px a webhook delivery opens to its attempts (time, duration, status, error, response) and its signed payload`, async () => {
      const s = await createSession(acme, { transactionRef: `ATTEMPTS-${viewport.width}`, callbackUrl: 'https://merchant.example.com/hooks' });
      const [delivery]: { id: string; event_id: string }[] = await t.dataSource.query('SELECT id, event_id FROM webhook_deliveries WHERE session_id = ?', [s.id]);
      // Two attempts as the worker records them: a 503 with a long answer, then a success.
      const at = Date.now() - 3 * 3600_000;
      const insert = 'INSERT INTO webhook_attempts (id, delivery_id, attempted_at, duration_ms, status_code, error, response_excerpt) VALUES (?, ?, ?, ?, ?, ?, ?)';
      await t.dataSource.query(insert, [`wha_${viewport.width}_1`, delivery.id, at, 1234, 503, 'HTTP 503', `Service unavailable: ${'upstream-timeout '.repeat(40)}`.slice(0, 1000)]);
      await t.dataSource.query(insert, [`wha_${viewport.width}_2`, delivery.id, at + 60_000, 87, 200, null, 'ok']);
      await t.dataSource.query('UPDATE webhook_deliveries SET status = ?, attempt_count = 2, last_status_code = 200, delivered_at = ? WHERE id = ?', ['Succeeded', at + 60_000, delivery.id]);

      const { page, show } = await signIn(viewport);
      await openSession(page, show, s.id);
      const opened = await show.openDelivery('created');
      await screenshot(page, `admin-webhook-attempts-${viewport.width}`);
      assert.equal(opened.attempts.length, 2);
      const [failed, succeeded] = opened.attempts;
      assert.match(failed.at, /GMT\+1 \(3 hours ago\)/);
      assert.equal(failed.duration, '1,234 ms');
      assert.equal(failed.status, '503');
      assert.equal(failed.error, 'HTTP 503');
      assert.match(failed.response, /^Service unavailable: upstream-timeout/);
      assert.deepEqual([succeeded.duration, succeeded.status, succeeded.error, succeeded.response], ['87 ms', '200', '—', 'ok']);
      const payload = JSON.parse(opened.payload);
      assert.deepEqual([payload.id, payload.type, payload.orgId, payload.data.paymentSession.id], [delivery.event_id, 'payment_session.created', acme.orgId, s.id]);
      assert.match(opened.text, new RegExp(`webhook-id: ${delivery.event_id}`));
      assert.deepEqual(await cutElements(show.webhookSection()), [], 'nothing in the deliveries is cut or scrolls sideways');
      assert.equal(await horizontalOverflow(page), 0);
    });
  }
  it('the timeline names the API key by its label (else its public prefix), the partner by name, the staff member by email; the contact by name and email', async () => {
    const keys = t.app.get(ApiKeysService);
    const shop = await keys.create(acme.orgId, Object.values(Scope), 'Shop backend');
    const plain = await keys.create(acme.orgId, Object.values(Scope));
    const partner = await t.partner('Acme Payments');
    const contactId = ok(await t.gql(CREATE_CONTACT, { input: { orgId: acme.orgId, name: 'Ada Lovelace', email: 'ada@example.com' } }, { key: acme.key })).createContact.id;
    const paid = await createSession({ ...acme, key: shop.apiKey }, { transactionRef: 'WORDS-PAID', contactId });
    ok(await t.gql(UPDATE, { input: { orgId: acme.orgId, id: paid.id, amount: '12.00' } }, { key: plain.apiKey }));
    await t.handOver(acme.orgId, partner, paid.id);
    ok(await t.gql(RESOLVE, { id: paid.id }, { key: partner.key }));
    const canceled = await createSession({ ...acme, key: shop.apiKey }, { transactionRef: 'WORDS-CANCELED' });
    const operator = await StaffClient.signedIn(t, StaffRole.operator);
    await operator.ok(CANCEL, { id: canceled.id, reason: 'Customer asked' });
    const operatorEmail = (await operator.ok('{ me { email } }')).me.email;

    for (const viewport of [WIDE, PHONE]) {
      const { page, show } = await signIn(viewport, StaffRole.viewer);
      await openSession(page, show, paid.id);
      const actors = await show.timelineActors();
      await screenshot(page, `admin-timeline-words-${viewport.width}`);
      assert.equal(actors[0], 'merchant, API key “Shop backend”');
      assert.equal(actors[1], `merchant, API key ${plain.apiKey.slice(0, 12)}…`);
      assert.equal(actors[actors.length - 1], 'payments partner Acme Payments');
      for (const actor of actors) assert.doesNotMatch(actor, /\b(key|ptn|stf)_/, 'words, not ids');
      assert.deepEqual(await show.contact(), { name: 'Ada Lovelace', email: 'ada@example.com' });
      assert.equal(await horizontalOverflow(page), 0);

      await openSession(page, show, canceled.id);
      assert.deepEqual(await show.timelineActors(), ['merchant, API key “Shop backend”', `staff ${operatorEmail}`]);
      assert.deepEqual(await show.timelineReasons(), ['Reason: Customer asked']);
    }
  });
  it('the search finds sessions by the start of a reference or an email, and an empty result says what it searched and how', async () => {
    const first = await createSession(acme, { amount: '31.00', transactionRef: 'FIND-ME-0001', contactRef: { contactName: 'Finder Person', contactEmail: 'Finder.Person@Example.com' } });
    const second = await createSession(acme, { amount: '32.00', transactionRef: 'FIND-ME-0002' });
    await createSession(acme, { amount: '33.00', transactionRef: 'find-me-lower' });
    for (const viewport of [WIDE, PHONE]) {
      const { page, list } = await signIn(viewport, StaffRole.viewer);
      // Signed in on the overview, the landing page: to the list.
      await page.goto(`${t.url}/admin/payment-sessions`);
      await page.locator('[aria-label="Search payment sessions"]').waitFor();
      if (viewport === WIDE) {
        await list.search('FIND-ME', [second.id, first.id]);
        await list.search('finder.PER', [first.id]);
      } else {
        await list.searchCompact('FIND-ME', ['$32.00', '$31.00']);
        await list.searchCompact('finder.PER', ['Finder Person']);
      }
      await screenshot(page, `admin-search-prefix-${viewport.width}`);
      const said = await list.searchForNothing('FIND-ZZZ');
      assert.match(said, /^No sessions whose reference or customer email starts with “FIND-ZZZ”\./);
      assert.match(said, /letter for letter \(case counts\).*in any case.*a session id only whole/s);
      assert.equal(await horizontalOverflow(page), 0);
      await screenshot(page, `admin-search-empty-${viewport.width}`);
      await list.clearFilters();
    }
  });
});
