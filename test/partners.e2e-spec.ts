import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { codeOf, ok, Tenant, TestApp, TestPartner } from './support/test-app';

// Payments partners as principals (issue 12): their own keys, enabled per payment method on a
// checkout configuration, and allowed to move only the sessions handed to them.

const ENABLE = `mutation($i: EnablePaymentsPartnerInput!) { enablePaymentsPartner(input: $i) { id paymentPartners { paymentMethod partnerId } } }`;
const DISABLE = `mutation($i: DisablePaymentsPartnerInput!) { disablePaymentsPartner(input: $i) { id paymentPartners { paymentMethod partnerId } } }`;
const CONFIGS = `query($o: ID!) { checkoutConfigurations(orgId: $o) { nodes { id isDefault paymentPartners { paymentMethod partnerId } } } }`;
const CREATE = `mutation($i: CreatePaymentSessionInput!) { createPaymentSession(input: $i) { id status } }`;
const RESOLVE = `mutation($id: ID!) { paymentSessionResolve(id: $id, paymentId: "pay_test_1") { paymentSession { id status paymentId } userErrors { code } } }`;
const EVENTS = `query($o: ID!, $id: ID!) { paymentSession(orgId: $o, id: $id) { events { type actor data } } }`;

describe('payments partners', () => {
  let t: TestApp;
  let acme: Tenant;
  let globex: Tenant;
  let partner: TestPartner;
  let defaultConfig: string;

  before(async () => {
    t = await TestApp.start();
    acme = await t.tenant('Acme');
    globex = await t.tenant('Globex');
    partner = await t.partner('Acme Payments');
    defaultConfig = ok(await t.gql(CONFIGS, { o: acme.orgId }, { key: acme.key })).checkoutConfigurations.nodes[0].id;
  });
  after(() => t.close());

  it('are enabled and disabled per payment method by the merchant, on its own configurations only', async () => {
    const enabled = ok(await t.gql(ENABLE, { i: { orgId: acme.orgId, id: defaultConfig, partnerId: partner.partnerId, paymentMethods: ['Card', 'BankTransfer'] } }, { key: acme.key }));
    assert.deepEqual(enabled.enablePaymentsPartner.paymentPartners, [
      { paymentMethod: 'Card', partnerId: partner.partnerId },
      { paymentMethod: 'BankTransfer', partnerId: partner.partnerId },
    ]);
    const disabled = ok(await t.gql(DISABLE, { i: { orgId: acme.orgId, id: defaultConfig, paymentMethods: ['BankTransfer'] } }, { key: acme.key }));
    assert.deepEqual(disabled.disablePaymentsPartner.paymentPartners, [{ paymentMethod: 'Card', partnerId: partner.partnerId }]);

    const unknownPartner = await t.gql(ENABLE, { i: { orgId: acme.orgId, id: defaultConfig, partnerId: 'ptn_nope', paymentMethods: ['Card'] } }, { key: acme.key });
    assert.equal(codeOf(unknownPartner), 'NOT_FOUND');
    assert.equal(unknownPartner.errors![0].extensions!.field, 'input.partnerId');
    // Another org's configuration is as missing as one that does not exist.
    assert.equal(codeOf(await t.gql(ENABLE, { i: { orgId: acme.orgId, id: defaultConfig, partnerId: partner.partnerId, paymentMethods: ['Card'] } }, { key: globex.key })), 'NOT_FOUND');
    const reader = await t.apiKey(acme.orgId, ['read_checkout_configurations']);
    assert.equal(codeOf(await t.gql(ENABLE, { i: { orgId: acme.orgId, id: defaultConfig, partnerId: partner.partnerId, paymentMethods: ['Card'] } }, { key: reader })), 'FORBIDDEN');
  });

  it("has a key that opens no merchant operation", async () => {
    assert.equal(codeOf(await t.gql(CONFIGS, { o: acme.orgId }, { key: partner.key })), 'FORBIDDEN');
    assert.equal(codeOf(await t.gql(CREATE, { i: { orgId: acme.orgId, amount: '1.00', currency: 'USD' } }, { key: partner.key })), 'FORBIDDEN');
    assert.equal(codeOf(await t.gql(RESOLVE, { id: 'ps_x' }, { key: 'ppk_not-a-real-key' })), 'UNAUTHENTICATED');
  });

  it('are named in the events they cause', async () => {
    const s = ok(await t.gql(CREATE, { i: { orgId: acme.orgId, amount: '9.99', currency: 'USD' } }, { key: acme.key })).createPaymentSession;
    await t.handOver(acme.orgId, partner, s.id);
    const resolved = ok(await t.gql(RESOLVE, { id: s.id }, { key: partner.key })).paymentSessionResolve;
    assert.deepEqual(resolved, { paymentSession: { id: s.id, status: 'Completed', paymentId: 'pay_test_1' }, userErrors: [] });
    const events = ok(await t.gql(EVENTS, { o: acme.orgId, id: s.id }, { key: acme.key })).paymentSession.events;
    const completed = events.find((e: { type: string }) => e.type === 'payment_session.completed');
    assert.equal(completed.actor, `partner:${partner.partnerId}`);
    assert.deepEqual(completed.data.partner, { id: partner.partnerId, name: 'Acme Payments' });
  });
});
