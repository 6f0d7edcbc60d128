import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { StaffRole } from '@paysession/staff';
import { StaffClient } from './support/admin-api';
import { ok, QUIET, Tenant, TestApp } from './support/test-app';

const CREATE = `mutation($input: CreatePaymentSessionInput!) { createPaymentSession(input: $input) { id status } }`;
const UPDATE = `mutation($input: UpdatePaymentSessionInput!) { updatePaymentSession(input: $input) { id status } }`;
const CREATE_CONTACT = `mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`;
const ROWS = `query($filter: AdminPaymentSessionFilter, $perPage: Int) {
  paymentSessions(filter: $filter, perPage: $perPage) { nodes { id status expirationDate deadline contact { id name email } contactRef { contactName contactEmail } } }
}`;

/**
 * What /admin-api adds for issue 19 (the console as an operator's tool), on the database the
 * suite runs on: the customer beside each session without one query per row, the deadline.
 */
describe('the staff API answers in words (issue 19)', () => {
  let t: TestApp;
  let acme: Tenant;
  let viewer: StaffClient & { staffId: string };

  const createSession = async (input: Record<string, unknown> = {}) =>
    ok(await t.gql(CREATE, { input: { orgId: acme.orgId, amount: '10.00', currency: 'USD', ...input } }, { key: acme.key })).createPaymentSession.id as string;
  const createContact = async (name: string, email: string) => ok(await t.gql(CREATE_CONTACT, { input: { orgId: acme.orgId, name, email } }, { key: acme.key })).createContact.id as string;

  before(async () => {
    // Quiet: no background work, so statement counts are the request's own.
    t = await TestApp.start(QUIET);
    acme = await t.tenant('Acme');
    viewer = await StaffClient.signedIn(t, StaffRole.viewer);
  });
  after(() => t?.close());

  it("names each session's customer (the attached contact, else the inline one) and reads contacts in one batch", async () => {
    const grace = await createContact('Grace Hopper', 'grace@example.com');
    const withContact = await createSession({ contactId: grace, transactionRef: 'CUSTOMER-1' });
    const inline = await createSession({ transactionRef: 'CUSTOMER-2', contactRef: { contactName: 'Ada Lovelace', contactEmail: 'ada@example.com' } });
    const nobody = await createSession({ transactionRef: 'CUSTOMER-3' });
    const nodes = ok(await viewer.gql(ROWS, { filter: { ids: [withContact, inline, nobody] } })).paymentSessions.nodes;
    const byId = Object.fromEntries(nodes.map((n: { id: string }) => [n.id, n]));
    assert.deepEqual(byId[withContact].contact, { id: grace, name: 'Grace Hopper', email: 'grace@example.com' });
    assert.equal(byId[inline].contact, null);
    assert.deepEqual(byId[inline].contactRef, { contactName: 'Ada Lovelace', contactEmail: 'ada@example.com' });
    assert.equal(byId[nobody].contact, null);

    // Twelve more sessions, each with a contact of its own: the page costs what three rows cost.
    const few = await t.countQueries(() => viewer.gql(ROWS, { filter: { ids: [withContact, inline, nobody] } }));
    const many: string[] = [];
    for (let i = 0; i < 12; i++) many.push(await createSession({ contactId: await createContact(`Customer ${i}`, `c${i}@example.com`) }));
    const more = await t.countQueries(async () => {
      const res = ok(await viewer.gql(ROWS, { filter: { ids: [withContact, inline, nobody, ...many] } }));
      assert.equal(res.paymentSessions.nodes.filter((n: { contact: unknown }) => n.contact).length, 13);
    });
    assert.equal(more, few, `contacts are loaded in one query per page (${few} statements for 3 rows, ${more} for 15)`);
  });

  it('gives the deadline of a session that can still expire, and none once it cannot', async () => {
    const active = await createSession({ transactionRef: 'DEADLINE-1' });
    const completed = await createSession({ transactionRef: 'DEADLINE-2' });
    ok(await t.gql(UPDATE, { input: { orgId: acme.orgId, id: completed, status: 'Completed', paymentId: 'pay-1' } }, { key: acme.key }));
    const nodes = ok(await viewer.gql(ROWS, { filter: { ids: [active, completed] } })).paymentSessions.nodes;
    const byId = Object.fromEntries(nodes.map((n: { id: string }) => [n.id, n]));
    assert.equal(byId[active].deadline, byId[active].expirationDate);
    assert.ok(Date.parse(byId[active].deadline) > Date.now());
    assert.equal(byId[completed].status, 'Completed');
    assert.ok(byId[completed].expirationDate, 'the expiration date the merchant set stays');
    assert.equal(byId[completed].deadline, null, 'but a Completed session no longer expires');
  });
});
