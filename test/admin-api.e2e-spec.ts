import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { STAFF_API_KEY } from '@paysession/common';
import { PaymentSessionEventsService, PaymentSessionStateMachine } from '@paysession/payment-sessions';
import { STAFF_PUBLIC_KEY, STAFF_ROLE_KEY, StaffGuard, StaffRole } from '@paysession/staff';
import { GUARDS_METADATA } from '@nestjs/common/constants';
import { AdminResolversModule } from '../apps/api/src/admin-api/admin-api.module';
import { cookieAttributes, createStaff, STAFF_PASSWORD, StaffClient } from './support/admin-api';
import { seedSessions } from './support/seed';
import { codeOf, ok, Tenant, TestApp } from './support/test-app';

const CREATE = `mutation($input: CreatePaymentSessionInput!) { createPaymentSession(input: $input) { id status } }`;
const UPDATE = `mutation($input: UpdatePaymentSessionInput!) { updatePaymentSession(input: $input) { id status } }`;
const LIST = `query($filter: AdminPaymentSessionFilter, $sort: AdminPaymentSessionSort, $page: Int, $perPage: Int) {
  paymentSessions(filter: $filter, sort: $sort, page: $page, perPage: $perPage) { total totalIsExact nodes { id orgId status amount currency transactionRef createdAt organization { id name } } }
}`;
const SHOW = `query($id: ID!) { paymentSession(id: $id) {
  id status amount currency transactionRef link contactRef { contactName contactEmail address { countryCode } }
  invoiceRefs { invoiceNumber amount lines { num productName price quantity } }
  organization { name }
  events { id type actor fromStatus status reason changes occurredAt data }
} }`;
const CANCEL = `mutation($id: ID!, $reason: String!) { cancelPaymentSession(id: $id, reason: $reason) { id status link } }`;
const CANCEL_MANY = `mutation($ids: [ID!]!, $reason: String!) { cancelPaymentSessions(ids: $ids, reason: $reason) { id canceled code paymentSession { status } } }`;
const ME = `{ me { id email role } }`;

describe('the staff API (/admin-api)', () => {
  let t: TestApp;
  let acme: Tenant;
  let globex: Tenant;
  let viewer: StaffClient & { staffId: string };
  let operator: StaffClient & { staffId: string };
  let admin: StaffClient & { staffId: string };

  const createSession = async (tenant: Tenant, input: Record<string, unknown> = {}) =>
    ok(await t.gql(CREATE, { input: { orgId: tenant.orgId, amount: '10.00', currency: 'USD', ...input } }, { key: tenant.key })).createPaymentSession as { id: string; status: string };
  const statusOf = async (id: string) => (await t.dataSource.query('SELECT status FROM payment_sessions WHERE id = ?', [id]))[0].status;
  const auditRows = (targetId: string) => t.dataSource.query('SELECT staff_id, action, target_id, reason, at FROM staff_audit_log WHERE target_id = ? ORDER BY at', [targetId]);

  before(async () => {
    t = await TestApp.start({ STAFF_LOGIN_MAX_FAILURES: '3' });
    acme = await t.tenant('Acme');
    globex = await t.tenant('Globex');
    [viewer, operator, admin] = await Promise.all([StaffClient.signedIn(t, StaffRole.viewer), StaffClient.signedIn(t, StaffRole.operator), StaffClient.signedIn(t, StaffRole.admin)]);
  });
  after(() => t.close());

  describe('sign-in', () => {
    it('sets an httpOnly, SameSite=Strict, Secure session cookie scoped to /admin-api, and stores only its hash', async () => {
      const staff = await createStaff(t, StaffRole.viewer);
      const client = new StaffClient(t);
      const res = await client.login(`  ${staff.email.toUpperCase()} `, staff.password);
      assert.deepEqual(ok(res).login, { id: staff.id, email: staff.email, role: 'viewer' });
      const attributes = cookieAttributes(client.lastSetCookie!);
      assert.equal(attributes.httponly, true);
      assert.equal(attributes.samesite, 'Strict');
      // PUBLIC_BASE_URL is https in the tests: the cookie must then be Secure.
      assert.equal(attributes.secure, true);
      assert.equal(attributes.path, '/admin-api');
      const token = decodeURIComponent(client.cookie!.split('=')[1]);
      assert.ok(token.length >= 40);
      const rows = await t.dataSource.query('SELECT token_hash FROM staff_sign_ins WHERE staff_id = ?', [staff.id]);
      assert.deepEqual(rows.map((r: { token_hash: string }) => r.token_hash), [createHash('sha256').update(token).digest('hex')]);
      assert.deepEqual(ok(await client.gql(ME)).me, { id: staff.id, email: staff.email, role: 'viewer' });
    });

    it('answers a wrong email and a wrong password alike, in similar time', async () => {
      const staff = await createStaff(t, StaffRole.viewer);
      const client = new StaffClient(t);
      const timed = async (email: string) => {
        const started = performance.now();
        const res = await client.login(email, 'not the password at all');
        return { res, ms: performance.now() - started };
      };
      const unknown = await timed('nobody@staff.example');
      const wrong = await timed(staff.email);
      assert.equal(codeOf(unknown.res), 'UNAUTHENTICATED');
      assert.equal(codeOf(wrong.res), 'UNAUTHENTICATED');
      assert.equal(unknown.res.errors![0].message, wrong.res.errors![0].message);
      assert.equal(client.cookie, null);
      // An unknown email still costs an argon2 check: not a cheap early return.
      assert.ok(unknown.ms > wrong.ms * 0.3, `unknown email took ${unknown.ms} ms, wrong password ${wrong.ms} ms`);
    });

    it('refuses a deactivated account like a wrong password', async () => {
      const staff = await createStaff(t, StaffRole.operator);
      ok(await admin.gql(`mutation($id: ID!) { deactivateStaffMember(id: $id) { deactivatedAt } }`, { id: staff.id }));
      assert.equal(codeOf(await new StaffClient(t).login(staff.email, staff.password)), 'UNAUTHENTICATED');
    });

    it('rate limits failed sign-ins per email and address, even with the right password afterwards', async () => {
      const staff = await createStaff(t, StaffRole.viewer);
      const client = new StaffClient(t);
      for (let i = 0; i < 3; i++) assert.equal(codeOf(await client.login(staff.email, 'wrong password number ' + i)), 'UNAUTHENTICATED');
      const limited = await client.login(staff.email, staff.password);
      assert.equal(codeOf(limited), 'RATE_LIMITED');
      assert.equal(client.cookie, null);
      // Another account from the same address is not locked out by it.
      const other = await createStaff(t, StaffRole.viewer);
      ok(await new StaffClient(t).login(other.email, other.password));
    });

    it('logs out: the session row is gone, the cookie cleared, and the old cookie no longer works', async () => {
      const client = await StaffClient.signedIn(t, StaffRole.viewer);
      const stolen = client.cookie!;
      assert.equal(ok(await client.gql('mutation { logout }')).logout, true);
      assert.equal(client.cookie, null);
      assert.equal(cookieAttributes(client.lastSetCookie!).path, '/admin-api');
      const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM staff_sign_ins WHERE staff_id = ?', [client.staffId]);
      assert.equal(Number(n), 0);
      assert.equal(codeOf(await client.gql(ME, {}, { cookie: stolen })), 'UNAUTHENTICATED');
    });

    it('refuses an expired session as UNAUTHENTICATED', async () => {
      const client = await StaffClient.signedIn(t, StaffRole.viewer);
      await t.dataSource.query('UPDATE staff_sign_ins SET expires_at = ? WHERE staff_id = ?', [Date.now() - 1000, client.staffId]);
      assert.equal(codeOf(await client.gql(ME)), 'UNAUTHENTICATED');
    });

    it('keeps CSRF prevention on: a text/plain POST without a preflight header is refused and signs nobody in', async () => {
      const staff = await createStaff(t, StaffRole.admin);
      const body = JSON.stringify({ query: `mutation { login(email: "${staff.email}", password: "${STAFF_PASSWORD}") { id } }` });
      const res = await fetch(`${t.url}/admin-api`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
      // Without a session only a JSON sign-in is read at all: refused before Apollo's own CSRF check.
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('set-cookie'), null);
      const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM staff_sign_ins WHERE staff_id = ?', [staff.id]);
      assert.equal(Number(n), 0);
      // The same with a form post, which a hostile page could send.
      const form = await fetch(`${t.url}/admin-api`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: operator.cookie! }, body: 'query=mutation{logout}' });
      assert.equal(form.status, 400);
      assert.equal(ok(await operator.gql(ME)).me.role, 'operator');
    });
  });

  describe('the two doors stay apart', () => {
    it('refuses a merchant API key on /admin-api, with or without a staff cookie', async () => {
      const keyOnly = await t.gql(ME, {}, { path: '/admin-api', key: acme.key });
      assert.equal(codeOf(keyOnly), 'UNAUTHENTICATED');
      const both = await t.gql(`{ paymentSessions { total } }`, {}, { path: '/admin-api', key: acme.key, headers: { cookie: admin.cookie! } });
      assert.equal(codeOf(both), 'UNAUTHENTICATED');
      assert.equal(both.data, null);
    });

    it('refuses a staff cookie on /graphql, and neither schema has the other’s operations', async () => {
      const merchantQuery = `query($orgId: ID!) { paymentSessions(orgId: $orgId) { nodes { id } } }`;
      assert.equal(codeOf(await t.gql(merchantQuery, { orgId: acme.orgId }, { headers: { cookie: admin.cookie! } })), 'UNAUTHENTICATED');
      // A staff operation on /graphql: refused for want of a key before it is read; with a key, it is not in the schema.
      assert.equal(codeOf(await t.gql(ME, {}, { headers: { cookie: admin.cookie! } })), 'UNAUTHENTICATED');
      assert.equal(codeOf(await t.gql(ME, {}, { key: acme.key })), 'GRAPHQL_VALIDATION_FAILED');
      assert.equal(codeOf(await admin.gql(CREATE, { input: { orgId: acme.orgId, amount: '1.00', currency: 'USD' } })), 'GRAPHQL_VALIDATION_FAILED');
      assert.equal(codeOf(await admin.gql(merchantQuery, { orgId: acme.orgId })), 'GRAPHQL_VALIDATION_FAILED');
    });

    it('answers every admin operation without a session as UNAUTHENTICATED (except login)', async () => {
      const anonymous = new StaffClient(t);
      const documents = [
        ME,
        `{ paymentSessions { total } }`,
        `{ paymentSession(id: "ps_x") { id } }`,
        `{ organizations { total } }`,
        `{ organization(id: "org_x") { id } }`,
        `{ contacts { total } }`,
        `{ contact(id: "ct_x") { id } }`,
        `{ checkoutConfigurations { total } }`,
        `{ checkoutConfiguration(id: "cc_x") { id } }`,
        `{ staffMembers { total } }`,
        `{ staffAuditLog { total } }`,
        `mutation { logout }`,
        `mutation { cancelPaymentSession(id: "ps_x", reason: "r") { id } }`,
        `mutation { cancelPaymentSessions(ids: ["ps_x"], reason: "r") { id } }`,
        `mutation { createStaffMember(input: { email: "a@b.example", role: viewer, password: "long enough password" }) { id } }`,
        `mutation { changeStaffRole(id: "stf_x", role: admin) { id } }`,
        `mutation { deactivateStaffMember(id: "stf_x") { id } }`,
      ];
      for (const doc of documents) assert.equal(codeOf(await anonymous.gql(doc)), 'UNAUTHENTICATED', doc);
    });

    it('marks every admin resolver @StaffApi behind StaffGuard, and every operation with a role or @StaffPublic', () => {
      const resolvers = Reflect.getMetadata('providers', AdminResolversModule) as Function[];
      assert.ok(resolvers.length >= 6);
      for (const resolver of resolvers) {
        assert.equal(Reflect.getMetadata(STAFF_API_KEY, resolver), true, `${resolver.name} is not @StaffApi()`);
        assert.ok((Reflect.getMetadata(GUARDS_METADATA, resolver) ?? []).includes(StaffGuard), `${resolver.name} lacks StaffGuard`);
        for (const name of Object.getOwnPropertyNames(resolver.prototype)) {
          const handler = resolver.prototype[name];
          const rootKind = typeof handler === 'function' && Reflect.getMetadata('graphql:resolver_type', handler);
          if (rootKind !== 'Query' && rootKind !== 'Mutation') continue;
          const declared = Reflect.getMetadata(STAFF_ROLE_KEY, handler) ?? Reflect.getMetadata(STAFF_PUBLIC_KEY, handler);
          assert.ok(declared, `${resolver.name}.${name} declares no staff role`);
        }
      }
      // Exactly one public operation.
      const publicOps = resolvers.flatMap((r) => Object.getOwnPropertyNames(r.prototype).filter((n) => typeof r.prototype[n] === 'function' && Reflect.getMetadata(STAFF_PUBLIC_KEY, r.prototype[n])));
      assert.deepEqual(publicOps, ['login']);
    });
  });

  describe('payment sessions across organizations', () => {
    it("changes sessions through the application's own state machine and event log, so webhooks see staff cancels", async () => {
      const s = await createSession(acme, { callbackUrl: 'https://merchant.example.com/hooks' });
      ok(await operator.gql(CANCEL, { id: s.id, reason: 'Duplicate order' }));
      const queued = await t.dataSource.query(
        'SELECT e.type, e.actor FROM webhook_deliveries d JOIN payment_session_events e ON e.id = d.event_id WHERE d.session_id = ? ORDER BY e.seq',
        [s.id],
      );
      assert.deepEqual(queued.map((row: { type: string }) => row.type), ['payment_session.created', 'payment_session.canceled']);
      assert.equal(queued[1].actor, `staff:${operator.staffId}`);
    });

    it('lists sessions of every org, newest first, with their org; filters by org, status, created range and search', async () => {
      const a1 = await createSession(acme, { transactionRef: 'ORDER-A1', contactRef: { contactName: 'Ada', contactEmail: 'Ada.Lovelace@Example.com' } });
      const g1 = await createSession(globex, { amount: '99.95', transactionRef: 'ORDER-G1' });
      const contact = ok(await t.gql(`mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`, { input: { orgId: globex.orgId, name: 'Grace', email: 'grace@globex.example' } }, { key: globex.key })).createContact;
      const g2 = await createSession(globex, { amount: '5.00', contactId: contact.id, invoiceRefs: [{ invoiceNumber: 'INV-1', amount: '5.00', billingContact: { contactName: 'Billing', contactEmail: 'billing@globex.example' } }] });
      ok(await t.gql(UPDATE, { input: { orgId: globex.orgId, id: g1.id, status: 'Canceled' } }, { key: globex.key }));

      const all = ok(await viewer.gql(LIST, {})).paymentSessions;
      assert.deepEqual(all.nodes.slice(0, 3).map((s: { id: string }) => s.id), [g2.id, g1.id, a1.id]);
      assert.equal(all.totalIsExact, true);
      assert.equal(all.nodes[0].organization.name, 'Globex');
      assert.equal(all.nodes[1].amount, '99.95');

      const ids = async (filter: Record<string, unknown>) => ok(await viewer.gql(LIST, { filter })).paymentSessions.nodes.map((s: { id: string }) => s.id).sort();
      assert.deepEqual(await ids({ orgId: globex.orgId }), [g1.id, g2.id].sort());
      assert.deepEqual(await ids({ orgId: globex.orgId, status: ['Canceled'] }), [g1.id]);
      assert.deepEqual(await ids({ q: 'ORDER-A1' }), [a1.id]);
      assert.deepEqual(await ids({ q: g2.id }), [g2.id]);
      assert.deepEqual(await ids({ q: 'ada.lovelace@example.com' }), [a1.id], 'inline contact email, any case');
      assert.deepEqual(await ids({ q: 'grace@globex.example' }), [g2.id], "the attached contact's email");
      assert.deepEqual(await ids({ q: 'billing@globex.example' }), [g2.id], "an invoice's billing contact email");
      assert.deepEqual(await ids({ q: 'ORDER-A1', status: ['Canceled'] }), []);
      assert.deepEqual(await ids({ q: 'nothing matches this' }), []);
      assert.deepEqual(await ids({ q: 'Ünïcödé@example.com' }), [], 'non-ASCII search text is fine on MariaDB too');
      const future = new Date(Date.now() + 3600_000).toISOString();
      assert.deepEqual(await ids({ createdFrom: future }), []);
      assert.ok((await ids({ createdTo: future })).includes(a1.id));

      // The email index follows updates.
      ok(await t.gql(UPDATE, { input: { orgId: acme.orgId, id: a1.id, contactRef: { contactName: 'Ada', contactEmail: 'ada@new.example' } } }, { key: acme.key }));
      assert.deepEqual(await ids({ q: 'ada.lovelace@example.com' }), []);
      assert.deepEqual(await ids({ q: 'ADA@new.example' }), [a1.id]);
    });

    it('sorts by amount and status, and pages with an exact total', async () => {
      const org = await t.tenant('Sorted');
      for (const amount of ['3.00', '1.00', '2.00']) await createSession(org, { amount });
      const page = async (sort: Record<string, string>, p: number) => ok(await viewer.gql(LIST, { filter: { orgId: org.orgId }, sort, page: p, perPage: 2 })).paymentSessions;
      const first = await page({ field: 'amount', order: 'ASC' }, 1);
      const second = await page({ field: 'amount', order: 'ASC' }, 2);
      assert.deepEqual([...first.nodes, ...second.nodes].map((s: { amount: string }) => s.amount), ['1.00', '2.00', '3.00']);
      assert.equal(first.total, 3);
      assert.equal(first.totalIsExact, true);
      assert.deepEqual((await page({ field: 'amount', order: 'DESC' }, 1)).nodes.map((s: { amount: string }) => s.amount), ['3.00', '2.00']);
      assert.equal((await page({ field: 'status', order: 'ASC' }, 1)).nodes.length, 2);
      assert.equal(codeOf(await viewer.gql(LIST, { perPage: 101 })), 'BAD_USER_INPUT');
      assert.equal(codeOf(await viewer.gql(LIST, { page: 0 })), 'BAD_USER_INPUT');
    });

    it('caps the total at 10,000 and says it is not exact', async () => {
      const big = await t.tenant('Big');
      const [{ id: configId }] = await t.dataSource.query('SELECT id FROM checkout_configurations WHERE org_id = ?', [big.orgId]);
      await seedSessions(t.dataSource, { orgId: big.orgId, checkoutConfigurationId: configId, count: 10_005 });
      const capped = ok(await viewer.gql(LIST, { filter: { orgId: big.orgId }, perPage: 1 })).paymentSessions;
      assert.equal(capped.total, 10_000);
      assert.equal(capped.totalIsExact, false);
      assert.equal(capped.nodes.length, 1);
      assert.equal(codeOf(await viewer.gql(LIST, { filter: { orgId: big.orgId }, page: 401, perPage: 25 })), 'BAD_USER_INPUT');
      // A search term shared by more sessions than the console counts still lists them, newest first.
      await t.dataSource.query("UPDATE payment_sessions SET transaction_ref = 'SHARED-REF' WHERE org_id = ?", [big.orgId]);
      const shared = ok(await viewer.gql(LIST, { filter: { q: 'SHARED-REF' }, perPage: 3 })).paymentSessions;
      assert.deepEqual([shared.total, shared.totalIsExact, shared.nodes.length], [10_000, false, 3]);
      const newest = await t.dataSource.query('SELECT id FROM payment_sessions WHERE org_id = ? ORDER BY created_at DESC, id DESC LIMIT 3', [big.orgId]);
      assert.deepEqual(shared.nodes.map((n: { id: string }) => n.id), newest.map((r: { id: string }) => r.id));
    });

    it('shows one session with everything the merchant sent and its timeline; NOT_FOUND for an unknown id', async () => {
      const s = await createSession(acme, {
        transactionRef: 'SHOW-1',
        contactRef: { contactName: 'Ada <b>Lovelace</b>', contactEmail: 'ada@example.com', address: { lines: ['1 Main St'], countryCode: 'USA' } },
        invoiceRefs: [{ invoiceNumber: 'INV-9', amount: '10.00', lines: [{ num: 1, quantity: 2, price: '5.00', productName: 'Widget' }] }],
      });
      const shown = ok(await viewer.gql(SHOW, { id: s.id })).paymentSession;
      assert.equal(shown.contactRef.contactName, 'Ada <b>Lovelace</b>');
      assert.equal(shown.contactRef.address.countryCode, 'US');
      assert.deepEqual(shown.invoiceRefs[0].lines, [{ num: 1, productName: 'Widget', price: '5.00', quantity: 2 }]);
      assert.equal(shown.organization.name, 'Acme');
      assert.deepEqual(shown.events.map((e: { type: string }) => e.type), ['payment_session.created']);
      assert.equal(shown.events[0].actor, `merchant:${acme.keyId}`);
      assert.equal(codeOf(await viewer.gql(SHOW, { id: 'ps_01JD3Y0000000000000000000X' })), 'NOT_FOUND');
      assert.equal(codeOf(await viewer.gql(SHOW, { id: 'ps_ünïcödé' })), 'BAD_USER_INPUT');
    });
  });

  describe('cancel', () => {
    it('lets an operator cancel an Active session: the state machine, the event with staff and reason, and an audit row', async () => {
      const s = await createSession(acme);
      const res = ok(await operator.gql(CANCEL, { id: s.id, reason: '  Customer asked by phone  ' })).cancelPaymentSession;
      assert.deepEqual(res, { id: s.id, status: 'Canceled', link: null });
      assert.equal(await statusOf(s.id), 'Canceled');
      const events = ok(await viewer.gql(SHOW, { id: s.id })).paymentSession.events;
      const canceled = events.at(-1);
      assert.equal(canceled.type, 'payment_session.canceled');
      assert.equal(canceled.actor, `staff:${operator.staffId}`);
      assert.equal(canceled.reason, 'Customer asked by phone');
      assert.equal(canceled.fromStatus, 'Active');
      assert.equal(canceled.status, 'Canceled');
      assert.equal(canceled.data.staffId, operator.staffId);
      const [row, ...rest] = await auditRows(s.id);
      assert.deepEqual(rest, []);
      assert.equal(row.staff_id, operator.staffId);
      assert.equal(row.action, 'payment_session.cancel');
      assert.equal(row.reason, 'Customer asked by phone');
      assert.ok(Math.abs(Number(row.at) - Date.now()) < 60_000);
    });

    it('refuses a viewer as FORBIDDEN and changes nothing', async () => {
      const s = await createSession(acme);
      assert.equal(codeOf(await viewer.gql(CANCEL, { id: s.id, reason: 'no' })), 'FORBIDDEN');
      assert.equal(codeOf(await viewer.gql(CANCEL_MANY, { ids: [s.id], reason: 'no' })), 'FORBIDDEN');
      assert.equal(await statusOf(s.id), 'Active');
      assert.deepEqual(await auditRows(s.id), []);
    });

    it('refuses a session that is not Active as INVALID_STATE, without an event or audit row', async () => {
      const completed = await createSession(acme);
      ok(await t.gql(UPDATE, { input: { orgId: acme.orgId, id: completed.id, status: 'Completed', paymentId: 'pay-1' } }, { key: acme.key }));
      const pending = await createSession(acme);
      const partner = await t.partner();
      await t.handOver(acme.orgId, partner, pending.id);
      const pendingRes = await t.gql(`mutation($id: ID!, $at: DateTime!) { paymentSessionPending(id: $id, pendingExpiresAt: $at, reason: BUYER_ACTION_REQUIRED) { userErrors { code } } }`, { id: pending.id, at: new Date(Date.now() + 3600_000).toISOString() }, { key: partner.key });
      assert.deepEqual(ok(pendingRes).paymentSessionPending.userErrors, []);
      for (const s of [completed, pending]) {
        const before = (await viewer.gql(SHOW, { id: s.id })).data.paymentSession.events.length;
        const res = await operator.gql(CANCEL, { id: s.id, reason: 'too late' });
        assert.equal(codeOf(res), 'INVALID_STATE');
        assert.match(res.errors![0].message, /Only Active/);
        assert.equal((await viewer.gql(SHOW, { id: s.id })).data.paymentSession.events.length, before);
        assert.deepEqual(await auditRows(s.id), []);
      }
      const canceledTwice = await createSession(acme);
      ok(await admin.gql(CANCEL, { id: canceledTwice.id, reason: 'first' }));
      assert.equal(codeOf(await operator.gql(CANCEL, { id: canceledTwice.id, reason: 'second' })), 'INVALID_STATE');
      assert.equal((await auditRows(canceledTwice.id)).length, 1);
    });

    it("serves what the signed-in member may do, from the transition table and the role: canCancel, nextStatuses", async () => {
      const VERBS = `query($id: ID!) { paymentSession(id: $id) { status canCancel nextStatuses } }`;
      const s = await createSession(acme);
      assert.deepEqual(ok(await viewer.gql(VERBS, { id: s.id })).paymentSession, { status: 'Active', canCancel: false, nextStatuses: [] });
      assert.deepEqual(ok(await operator.gql(VERBS, { id: s.id })).paymentSession, { status: 'Active', canCancel: true, nextStatuses: ['Canceled'] });
      const listed = ok(await operator.gql(`query($f: AdminPaymentSessionFilter) { paymentSessions(filter: $f) { nodes { id canCancel } } }`, { f: { ids: [s.id] } }));
      assert.deepEqual(listed.paymentSessions.nodes, [{ id: s.id, canCancel: true }]);
      ok(await operator.gql(CANCEL, { id: s.id, reason: 'done with it' }));
      assert.deepEqual(ok(await admin.gql(VERBS, { id: s.id })).paymentSession, { status: 'Canceled', canCancel: false, nextStatuses: [] });
    });

    it('requires a reason, and answers an unknown session NOT_FOUND', async () => {
      const s = await createSession(acme);
      const res = await operator.gql(CANCEL, { id: s.id, reason: '   ' });
      assert.equal(codeOf(res), 'BAD_USER_INPUT');
      assert.equal(res.errors![0].extensions!.field, 'reason');
      assert.equal(await statusOf(s.id), 'Active');
      assert.equal(codeOf(await operator.gql(CANCEL, { id: 'ps_01JD3Y0000000000000000000X', reason: 'x' })), 'NOT_FOUND');
    });

    it('cancels in bulk, reporting each session', async () => {
      const active = await createSession(acme);
      const other = await createSession(globex);
      const done = await createSession(acme);
      ok(await t.gql(UPDATE, { input: { orgId: acme.orgId, id: done.id, status: 'Expired' } }, { key: acme.key }));
      const outcomes = ok(await operator.gql(CANCEL_MANY, { ids: [active.id, other.id, done.id, 'ps_01JD3Y0000000000000000000X'], reason: 'fraud ring' })).cancelPaymentSessions;
      assert.deepEqual(outcomes.map((o: { canceled: boolean; code: string | null }) => [o.canceled, o.code]), [[true, null], [true, null], [false, 'INVALID_STATE'], [false, 'NOT_FOUND']]);
      assert.equal(outcomes[0].paymentSession.status, 'Canceled');
      assert.equal(await statusOf(other.id), 'Canceled');
      assert.equal(await statusOf(done.id), 'Expired');
    });
  });

  describe('webhook deliveries', () => {
    const SHOW = `query($id: ID!) { paymentSession(id: $id) { webhookDeliveries { id eventId status attemptCount url canRedeliver attempts { statusCode } } events { id type } } }`;
    const REDELIVER = `mutation($id: ID!) { redeliverWebhook(id: $id) { id status attemptCount } }`;

    it("shows a session's deliveries, and lets an operator (not a viewer) send a Failed one again, audited", async () => {
      const s = await createSession(acme, { callbackUrl: 'https://merchant.example.com/hooks' });
      const shown = ok(await viewer.gql(SHOW, { id: s.id })).paymentSession;
      assert.equal(shown.webhookDeliveries.length, 1);
      assert.equal(shown.webhookDeliveries[0].eventId, shown.events[0].id);
      assert.equal(shown.webhookDeliveries[0].url, 'https://merchant.example.com/hooks');
      assert.equal(shown.webhookDeliveries[0].canRedeliver, false, 'not Failed: nothing to redeliver');

      const deliveryId = shown.webhookDeliveries[0].id;
      assert.equal(codeOf(await operator.gql(REDELIVER, { id: deliveryId })), 'INVALID_STATE');
      // As if every attempt had failed.
      // The webhook worker may hold the row meanwhile (it is trying the unreachable host); MariaDB
      // then answers a deadlock and asks for the statement again.
      for (let tries = 1; ; tries++) {
        try {
          await t.dataSource.query("UPDATE webhook_deliveries SET status = 'Failed', attempt_count = 10, lease_until = NULL, claim_token = NULL WHERE id = ?", [deliveryId]);
          break;
        } catch (error) {
          if (tries === 5 || !/Deadlock found/.test(String(error))) throw error;
        }
      }
      assert.equal(ok(await operator.gql(SHOW, { id: s.id })).paymentSession.webhookDeliveries[0].canRedeliver, true);
      assert.equal(ok(await viewer.gql(SHOW, { id: s.id })).paymentSession.webhookDeliveries[0].canRedeliver, false);
      assert.equal(codeOf(await viewer.gql(REDELIVER, { id: deliveryId })), 'FORBIDDEN');
      const again = ok(await operator.gql(REDELIVER, { id: deliveryId })).redeliverWebhook;
      assert.deepEqual([again.status === 'Pending' || again.status === 'Delivering', again.attemptCount <= 1], [true, true]);
      const audit = await auditRows(deliveryId);
      assert.deepEqual(audit.map((row: { action: string; staff_id: string }) => [row.action, row.staff_id]), [['webhook_delivery.redeliver', operator.staffId]]);
      assert.equal(codeOf(await operator.gql(REDELIVER, { id: 'whd_01JD3Y0000000000000000000X' })), 'NOT_FOUND');
    });
  });

  describe('organizations, contacts and checkout configurations (read-only)', () => {
    it('lists and shows them across organizations', async () => {
      const orgs = ok(await viewer.gql(`query($f: OrganizationFilter) { organizations(filter: $f) { total nodes { id name } } }`, { f: { q: 'glob' } })).organizations;
      assert.deepEqual(orgs.nodes.map((o: { name: string }) => o.name), ['Globex']);
      assert.equal(ok(await viewer.gql(`query($id: ID!) { organization(id: $id) { name } }`, { id: acme.orgId })).organization.name, 'Acme');
      const byIds = ok(await viewer.gql(`query($f: OrganizationFilter) { organizations(filter: $f) { nodes { id } } }`, { f: { ids: [acme.orgId, globex.orgId] } })).organizations;
      assert.equal(byIds.nodes.length, 2);

      const contacts = ok(await viewer.gql(`query($f: ContactFilter) { contacts(filter: $f) { total nodes { id name email orgId } } }`, { f: { orgId: globex.orgId } })).contacts;
      assert.deepEqual(contacts.nodes.map((c: { name: string }) => c.name), ['Grace']);
      assert.equal(ok(await viewer.gql(`query($id: ID!) { contact(id: $id) { email } }`, { id: contacts.nodes[0].id })).contact.email, 'grace@globex.example');

      const configs = ok(await viewer.gql(`query($f: CheckoutConfigurationFilter) { checkoutConfigurations(filter: $f) { total nodes { id name isDefault } } }`, { f: { orgId: acme.orgId } })).checkoutConfigurations;
      assert.equal(configs.total, 1);
      assert.equal(configs.nodes[0].isDefault, true);
      assert.equal(ok(await viewer.gql(`query($id: ID!) { checkoutConfiguration(id: $id) { orgId } }`, { id: configs.nodes[0].id })).checkoutConfiguration.orgId, acme.orgId);
    });
  });

  describe('staff management (admins)', () => {
    it('lets an admin create members, change roles and deactivate, all audited; others are FORBIDDEN', async () => {
      const create = `mutation($input: CreateStaffMemberInput!) { createStaffMember(input: $input) { id email role } }`;
      const input = { email: 'New.Member@staff.example', role: 'viewer', password: 'a very long passphrase' };
      assert.equal(codeOf(await operator.gql(create, { input })), 'FORBIDDEN');
      assert.equal(codeOf(await viewer.gql(`{ staffMembers { total } }`)), 'FORBIDDEN');
      const created = ok(await admin.gql(create, { input })).createStaffMember;
      assert.equal(created.email, 'new.member@staff.example');
      assert.equal(codeOf(await admin.gql(create, { input })), 'CONFLICT');
      assert.equal(codeOf(await admin.gql(create, { input: { ...input, email: 'short@staff.example', password: 'short' } })), 'BAD_USER_INPUT');

      const member = new StaffClient(t);
      ok(await member.login(input.email, input.password));
      assert.equal(codeOf(await member.gql(CANCEL, { id: 'ps_01JD3Y0000000000000000000X', reason: 'x' })), 'FORBIDDEN');
      ok(await admin.gql(`mutation($id: ID!) { changeStaffRole(id: $id, role: operator) { role } }`, { id: created.id }));
      // The new role applies from the next request, without signing in again.
      assert.equal(ok(await member.gql(ME)).me.role, 'operator');
      assert.equal(codeOf(await admin.gql(`mutation($id: ID!) { changeStaffRole(id: $id, role: viewer) { role } }`, { id: admin.staffId })), 'BAD_USER_INPUT');

      ok(await admin.gql(`mutation($id: ID!) { deactivateStaffMember(id: $id) { id } }`, { id: created.id }));
      assert.equal(codeOf(await member.gql(ME)), 'UNAUTHENTICATED');

      const log = ok(await admin.gql(`query($f: StaffAuditFilter) { staffAuditLog(filter: $f) { nodes { action staffId reason } } }`, { f: { targetId: created.id } })).staffAuditLog;
      assert.deepEqual(log.nodes.map((e: { action: string }) => e.action).sort(), ['staff.change_role', 'staff.create', 'staff.deactivate', 'staff.login'].sort());
      const members = ok(await admin.gql(`{ staffMembers(perPage: 100) { nodes { email role deactivatedAt } } }`)).staffMembers.nodes;
      assert.ok(members.some((m: { email: string; deactivatedAt: string | null }) => m.email === input.email.toLowerCase() && m.deactivatedAt));
      assert.ok(!JSON.stringify(members).includes('argon2'));
    });

    it('never stores a password in the clear', async () => {
      const rows = await t.dataSource.query('SELECT password_hash FROM staff');
      for (const row of rows) assert.match(row.password_hash, /^\$argon2id\$/);
      assert.ok(!JSON.stringify(rows).includes(STAFF_PASSWORD));
    });
  });
});
