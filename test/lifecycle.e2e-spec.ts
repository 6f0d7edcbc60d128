import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PaymentSessionEventsService } from '@paysession/payment-sessions';
import { codeOf, GqlResponse, Tenant, TestApp } from './support/test-app';
import { onMysql } from './support/test-database';

// The session lifecycle over HTTP: the payments partner's paymentSessionPending / Resolve /
// Reject (Shopify's shape), the merchant's status moves, and the event row every change writes.

const SESSION = `id orgId status link successUrl paymentId networkTransactionId authorizationExpiresAt
  pendingExpiresAt pendingReason nextAction { action context { __typename ... on PaymentSessionActionsRedirect { redirectUrl } } }
  rejection { code merchantMessage source } updatedAt`;
const EVENT = 'id type occurredAt actor data';
const CREATE = `mutation($i: CreatePaymentSessionInput!) { createPaymentSession(input: $i) { ${SESSION} } }`;
const UPDATE = `mutation($i: UpdatePaymentSessionInput!) { updatePaymentSession(input: $i) { ${SESSION} } }`;
const GET = `query($o: ID!, $id: ID!) { paymentSession(orgId: $o, id: $id) { ${SESSION} events { ${EVENT} } } }`;
const PENDING = `mutation($id: ID!, $at: DateTime!, $reason: PaymentSessionStatePendingReason!) {
  paymentSessionPending(id: $id, pendingExpiresAt: $at, reason: $reason) { paymentSession { ${SESSION} } userErrors { field message code } } }`;
const RESOLVE = `mutation($id: ID!, $paymentId: ID, $ntid: String, $authExp: DateTime) {
  paymentSessionResolve(id: $id, paymentId: $paymentId, networkTransactionId: $ntid, authorizationExpiresAt: $authExp) {
    paymentSession { ${SESSION} } userErrors { field message code } } }`;
const REJECT = `mutation($id: ID!, $reason: PaymentSessionRejectionReasonInput!) {
  paymentSessionReject(id: $id, reason: $reason) { paymentSession { ${SESSION} } userErrors { field message code } } }`;
const STREAM = `query($o: ID!, $after: ID, $first: Int) { paymentSessionEvents(orgId: $o, after: $after, first: $first) {
  nodes { ${EVENT} } edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;

const DAY = 24 * 3600 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const DECLINED = { code: 'CARD_DECLINED', merchantMessage: 'Declined by the issuer', source: 'NETWORK' };

type Event = { id: string; type: string; occurredAt: string; actor: string; data: { paymentSession: Record<string, any>; [k: string]: unknown } };
type Outcome = { paymentSession: Record<string, any> | null; userErrors: { field: string[] | null; message: string; code: string }[] };

describe('the payment session lifecycle', () => {
  let t: TestApp;
  let acme: Tenant;
  /** The payments partner every session of these tests is handed to; its id is the event actor. */
  let partner: { key: string; id: string };

  before(async () => {
    t = await TestApp.start();
    acme = await t.tenant();
    const created = await t.partner();
    partner = { key: created.key, id: created.partnerId };
  });
  after(() => t.close());

  /** Asserts a well-formed answer (200, no errors) and returns its data. */
  function ok<T = any>(res: GqlResponse<T>): T {
    assert.equal(res.status, 200, JSON.stringify(res));
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    return res.data as T;
  }

  /** A new session, handed to the partner as the checkout page does when the customer pays. */
  async function create(input: Record<string, unknown> = {}, tenant = acme) {
    const session = ok(await t.gql(CREATE, { i: { orgId: tenant.orgId, amount: '25.00', currency: 'USD', ...input } }, { key: tenant.key })).createPaymentSession;
    if (session.status === 'Active') await t.handOver(tenant.orgId, partner.id, session.id);
    return session;
  }

  async function get(id: string, tenant = acme): Promise<Record<string, any> & { events: Event[] }> {
    return ok(await t.gql(GET, { o: tenant.orgId, id }, { key: tenant.key })).paymentSession;
  }

  async function pending(id: string, at = inDays(2), reason = 'BUYER_ACTION_REQUIRED', key = partner.key): Promise<Outcome> {
    return ok(await t.gql(PENDING, { id, at, reason }, { key })).paymentSessionPending;
  }

  async function resolve(id: string, extra: Record<string, unknown> = {}, key = partner.key): Promise<Outcome> {
    return ok(await t.gql(RESOLVE, { id, ...extra }, { key })).paymentSessionResolve;
  }

  async function reject(id: string, reason: Record<string, unknown> = DECLINED, key = partner.key): Promise<Outcome> {
    return ok(await t.gql(REJECT, { id, reason }, { key })).paymentSessionReject;
  }

  async function update(input: Record<string, unknown>, tenant = acme) {
    return t.gql(UPDATE, { i: { orgId: tenant.orgId, ...input } }, { key: tenant.key });
  }

  async function eventRows(sessionId: string): Promise<number> {
    const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM payment_session_events WHERE session_id = ?', [sessionId]);
    return Number(n);
  }

  /** Runs `refusal` and asserts it changed neither the row nor the events. */
  async function changesNothing<T>(sessionId: string, refusal: () => Promise<T>): Promise<T> {
    const [before] = await t.dataSource.query('SELECT * FROM payment_sessions WHERE id = ?', [sessionId]);
    const eventsBefore = await eventRows(sessionId);
    const result = await refusal();
    const [after] = await t.dataSource.query('SELECT * FROM payment_sessions WHERE id = ?', [sessionId]);
    assert.deepEqual(after, before, 'the row must not change');
    assert.equal(await eventRows(sessionId), eventsBefore, 'no event may be written');
    return result;
  }

  function userError(outcome: Outcome, code: string, field: string[]) {
    assert.equal(outcome.userErrors.length, 1, JSON.stringify(outcome));
    assert.equal(outcome.userErrors[0].code, code);
    assert.deepEqual(outcome.userErrors[0].field, field);
    assert.ok(outcome.userErrors[0].message.length > 0);
  }

  it('goes Pending → resolve → resolve again (no change, no event) → reject refused', async () => {
    const s = await create({ successUrl: 'https://shop.example.com/thanks' });
    assert.equal(s.status, 'Active');
    assert.equal(s.nextAction, null);
    assert.equal(s.pendingExpiresAt, null);
    const activeLink = s.link;
    assert.match(activeLink, /^https:\/\/pay\.example\.test\/pay\/.+/);

    const at = new Date(Date.now() + 2 * DAY + 1234);
    const p = await pending(s.id, at.toISOString(), 'NETWORK_ACTION_REQUIRED');
    assert.deepEqual(p.userErrors, []);
    assert.equal(p.paymentSession!.status, 'Pending');
    assert.equal(p.paymentSession!.pendingExpiresAt, at.toISOString());
    assert.equal(p.paymentSession!.pendingReason, 'NETWORK_ACTION_REQUIRED');
    assert.deepEqual(p.paymentSession!.nextAction, {
      action: 'REDIRECT',
      context: { __typename: 'PaymentSessionActionsRedirect', redirectUrl: 'https://shop.example.com/thanks' },
    });
    assert.equal(p.paymentSession!.link, activeLink, 'a Pending session keeps its link');
    // What the partner was told is what a later read shows.
    const read = await get(s.id);
    assert.equal(read.status, 'Pending');
    assert.equal(read.pendingExpiresAt, at.toISOString());
    assert.equal(read.pendingReason, 'NETWORK_ACTION_REQUIRED');
    assert.deepEqual(read.nextAction, p.paymentSession!.nextAction);

    const r1 = await resolve(s.id, { ntid: 'ntx-1', authExp: inDays(5) });
    assert.deepEqual(r1.userErrors, []);
    const done = r1.paymentSession!;
    assert.equal(done.status, 'Completed');
    assert.ok(typeof done.paymentId === 'string' && done.paymentId.length > 0, 'resolve generates a paymentId when none is given');
    assert.equal(done.networkTransactionId, 'ntx-1');
    assert.equal(done.link, null, 'a Completed session has no link');
    assert.equal(done.nextAction, null);
    assert.equal(done.pendingExpiresAt, null);

    const r2 = await changesNothing(s.id, () => resolve(s.id, { paymentId: done.paymentId, ntid: 'ntx-1' }));
    assert.deepEqual(r2.userErrors, [], 'resolve after resolve with the same details succeeds again');
    assert.equal(r2.paymentSession!.status, 'Completed');
    assert.equal(r2.paymentSession!.paymentId, done.paymentId, 'with no change');
    assert.equal(r2.paymentSession!.networkTransactionId, 'ntx-1');
    assert.equal(r2.paymentSession!.updatedAt, done.updatedAt);
    const other = await changesNothing(s.id, () => resolve(s.id, { paymentId: 'pay_other' }));
    userError(other, 'RESOLVE_INVALID_STATE', ['paymentId']);
    assert.equal(other.paymentSession!.paymentId, done.paymentId, 'a repeat with other details is refused');

    const rj = await changesNothing(s.id, () => reject(s.id));
    userError(rj, 'REJECT_INVALID_STATE', ['id']);
    assert.equal(rj.paymentSession!.status, 'Completed', 'the payload shows the state the session is in');

    const final = await get(s.id);
    assert.deepEqual(
      final.events.map((e) => [e.type, e.actor]),
      [
        ['payment_session.created', `merchant:${acme.keyId}`],
        ['payment_session.pending', `partner:${partner.id}`],
        ['payment_session.completed', `partner:${partner.id}`],
      ],
    );
    assert.equal(final.events[1].data.paymentSession.status, 'Pending');
    assert.equal(final.events[1].data.paymentSession.pendingReason, 'NETWORK_ACTION_REQUIRED');
    assert.equal(final.events[2].data.paymentSession.status, 'Completed');
    assert.equal(final.events[2].data.paymentSession.paymentId, done.paymentId);
  });

  it('redirects to the link when the session has no successUrl', async () => {
    const s = await create();
    const p = await pending(s.id);
    assert.deepEqual(p.userErrors, []);
    assert.equal(p.paymentSession!.nextAction.action, 'REDIRECT');
    assert.equal(p.paymentSession!.nextAction.context.redirectUrl, s.link);
  });

  it('keeps the paymentId the partner gives, and the one the merchant set', async () => {
    const a = await create();
    const ra = await resolve(a.id, { paymentId: 'pay_from_partner' });
    assert.deepEqual(ra.userErrors, []);
    assert.equal(ra.paymentSession!.paymentId, 'pay_from_partner');

    const b = await create({ paymentId: 'pay_from_merchant' });
    const rb = await resolve(b.id);
    assert.deepEqual(rb.userErrors, []);
    assert.equal(rb.paymentSession!.paymentId, 'pay_from_merchant');
    // Resolve straight from Active is allowed (the table's Active → Completed by partner).
    assert.equal(rb.paymentSession!.status, 'Completed');
  });

  it('refuses pending with NOT_FOUND, EXPIRED_PENDING_EXPIRES_AT, OUT_OF_RANGE_PENDING_EXPIRES_AT and PENDING_INVALID_STATE', async () => {
    const missing = await pending('ps_does_not_exist');
    userError(missing, 'NOT_FOUND', ['id']);
    assert.equal(missing.paymentSession, null);

    const s = await create();
    const past = await changesNothing(s.id, () => pending(s.id, new Date(Date.now() - 60_000).toISOString()));
    userError(past, 'EXPIRED_PENDING_EXPIRES_AT', ['pendingExpiresAt']);
    assert.equal(past.paymentSession!.status, 'Active');
    const beyond = await changesNothing(s.id, () => pending(s.id, inDays(7.01)));
    userError(beyond, 'OUT_OF_RANGE_PENDING_EXPIRES_AT', ['pendingExpiresAt']);

    // Just inside PENDING_MAX_DAYS (7) is fine.
    assert.deepEqual((await pending(s.id, inDays(6.99))).userErrors, []);
    // Pending twice is not a move the table has.
    const again = await changesNothing(s.id, () => pending(s.id));
    userError(again, 'PENDING_INVALID_STATE', ['id']);
    assert.equal(again.paymentSession!.status, 'Pending');

    for (const final of ['Canceled', 'Expired']) {
      const f = await create();
      ok(await update({ id: f.id, status: final }));
      const refused = await changesNothing(f.id, () => pending(f.id));
      userError(refused, 'PENDING_INVALID_STATE', ['id']);
      assert.equal(refused.paymentSession!.status, final);
    }
    const resolved = await create();
    await resolve(resolved.id);
    userError(await changesNothing(resolved.id, () => pending(resolved.id)), 'PENDING_INVALID_STATE', ['id']);
    const rejected = await create();
    await reject(rejected.id);
    userError(await changesNothing(rejected.id, () => pending(rejected.id)), 'PENDING_INVALID_STATE', ['id']);
  });

  it('honours PENDING_MAX_DAYS', async () => {
    const short = await TestApp.start({ PENDING_MAX_DAYS: '2' });
    try {
      const tenant = await short.tenant();
      const s = (await short.gql(CREATE, { i: { orgId: tenant.orgId, amount: '5.00', currency: 'EUR' } }, { key: tenant.key })).data.createPaymentSession;
      const shortPartner = await short.partner();
      await short.handOver(tenant.orgId, shortPartner, s.id);
      const far = (await short.gql(PENDING, { id: s.id, at: inDays(2.5), reason: 'PARTNER_ACTION_REQUIRED' }, { key: shortPartner.key })).data.paymentSessionPending;
      assert.equal(far.userErrors[0]?.code, 'OUT_OF_RANGE_PENDING_EXPIRES_AT');
      assert.match(far.userErrors[0].message, /2 days/);
      const near = (await short.gql(PENDING, { id: s.id, at: inDays(1.5), reason: 'PARTNER_ACTION_REQUIRED' }, { key: shortPartner.key })).data.paymentSessionPending;
      assert.deepEqual(near.userErrors, []);
      assert.equal(near.paymentSession.status, 'Pending');
    } finally {
      await short.close();
    }
  });

  it('rejects from Active and from Pending; reject again succeeds with no change (refused with another reason); resolve after reject is refused', async () => {
    const a = await create();
    const r1 = await reject(a.id);
    assert.deepEqual(r1.userErrors, []);
    assert.equal(r1.paymentSession!.status, 'Rejected');
    assert.deepEqual(r1.paymentSession!.rejection, DECLINED);
    assert.equal(r1.paymentSession!.link, null);

    const r2 = await changesNothing(a.id, () => reject(a.id, { code: DECLINED.code }));
    assert.deepEqual(r2.userErrors, [], 'reject after reject with the same reason succeeds again');
    assert.deepEqual(r2.paymentSession!.rejection, DECLINED, 'and keeps the first reason');
    const other = await changesNothing(a.id, () => reject(a.id, { code: 'INSUFFICIENT_FUNDS' }));
    userError(other, 'REJECT_INVALID_STATE', ['reason', 'code']);
    assert.deepEqual(other.paymentSession!.rejection, DECLINED);

    const rs = await changesNothing(a.id, () => resolve(a.id));
    userError(rs, 'RESOLVE_INVALID_STATE', ['id']);
    assert.equal(rs.paymentSession!.status, 'Rejected');
    assert.equal(rs.paymentSession!.paymentId, null);

    const p = await create({ successUrl: 'https://shop.example.com/ok' });
    await pending(p.id);
    const rp = await reject(p.id, { code: 'AUTHENTICATION_FAILED', source: 'PROVIDER' });
    assert.deepEqual(rp.userErrors, []);
    assert.equal(rp.paymentSession!.status, 'Rejected');
    assert.deepEqual(rp.paymentSession!.rejection, { code: 'AUTHENTICATION_FAILED', merchantMessage: null, source: 'PROVIDER' });
    assert.equal(rp.paymentSession!.nextAction, null);
    assert.equal(rp.paymentSession!.pendingExpiresAt, null);

    const events = (await get(a.id)).events;
    assert.deepEqual(events.map((e) => e.type), ['payment_session.created', 'payment_session.rejected']);
    assert.deepEqual(events[1].data.paymentSession.rejection, DECLINED);
    assert.deepEqual((await get(p.id)).events.map((e) => e.type), ['payment_session.created', 'payment_session.pending', 'payment_session.rejected']);
  });

  it('refuses the partner once the merchant has canceled, expired or completed', async () => {
    for (const [status, extra] of [['Canceled', {}], ['Expired', {}], ['Completed', { paymentId: 'pay_merchant' }]] as const) {
      const s = await create();
      const moved = ok(await update({ id: s.id, status, ...extra })).updatePaymentSession;
      assert.equal(moved.status, status);
      assert.equal(moved.link, null);
      const rj = await changesNothing(s.id, () => reject(s.id));
      userError(rj, 'REJECT_INVALID_STATE', ['id']);
      assert.equal(rj.paymentSession!.status, status);
      const rs = await changesNothing(s.id, () => resolve(s.id));
      if (status === 'Completed') {
        // Already resolved: Shopify's idempotent success, nothing changes.
        assert.deepEqual(rs.userErrors, []);
        assert.equal(rs.paymentSession!.paymentId, 'pay_merchant');
      } else {
        userError(rs, 'RESOLVE_INVALID_STATE', ['id']);
      }
    }
  });

  it('refuses merchant moves and updates on a Pending session, and Pending/Rejected as merchant statuses', async () => {
    const s = await create();
    await pending(s.id);
    for (const input of [{ status: 'Canceled' }, { status: 'Expired' }, { status: 'Completed', paymentId: 'pay_1' }, { brandName: 'Other' }]) {
      const res = await changesNothing(s.id, () => update({ id: s.id, ...input }));
      assert.equal(res.status, 200);
      assert.equal(codeOf(res), 'INVALID_STATE', JSON.stringify(input));
    }
    const a = await create();
    for (const status of ['Pending', 'Rejected']) {
      const res = await changesNothing(a.id, () => update({ id: a.id, status }));
      assert.equal(codeOf(res), 'BAD_USER_INPUT');
      assert.equal(res.errors![0].extensions!.field, 'input.status');
    }
    // Completing without a paymentId is refused and leaves nothing behind, not even the field change.
    const c = await changesNothing(a.id, () => update({ id: a.id, status: 'Completed', brandName: 'Changed' }));
    assert.equal(codeOf(c), 'BAD_USER_INPUT');
  });

  it("needs a payments partner's key (a merchant key is FORBIDDEN, none UNAUTHENTICATED), and hides sessions handed to another partner (NOT_FOUND)", async () => {
    const s = await create();
    const reader = await t.apiKey(acme.orgId, ['read_payment_sessions']);
    const contacts = await t.apiKey(acme.orgId, ['write_contacts']);
    // The merchant's own write key must not mark its own session paid.
    const calls: [string, Record<string, unknown>][] = [
      [PENDING, { id: s.id, at: inDays(1), reason: 'BUYER_ACTION_REQUIRED' }],
      [RESOLVE, { id: s.id }],
      [REJECT, { id: s.id, reason: DECLINED }],
    ];
    for (const [doc, vars] of calls) {
      for (const key of [acme.key, reader, contacts]) {
        const res = await changesNothing(s.id, () => t.gql(doc, vars, { key }));
        assert.equal(codeOf(res), 'FORBIDDEN');
        assert.equal(res.data, null);
      }
      assert.equal(codeOf(await changesNothing(s.id, () => t.gql(doc, vars))), 'UNAUTHENTICATED');
    }

    const otherPartner = await t.partner('Other Payments');
    for (const [doc, vars] of calls) {
      const res = ok(await changesNothing(s.id, () => t.gql(doc, vars, { key: otherPartner.key })));
      const outcome = Object.values(res)[0] as Outcome;
      assert.equal(outcome.paymentSession, null, 'another partner sees nothing of the session');
      userError(outcome, 'NOT_FOUND', ['id']);
    }
    assert.equal((await get(s.id)).status, 'Active');
  });

  it('writes exactly one well-formed event per change, with the actor and a snapshot', async () => {
    const s = await create({ transactionRef: 'order-1' });
    ok(await update({ id: s.id, transactionRef: 'order-2', brandName: 'Acme Shop' }));
    // An update that changes nothing writes nothing.
    ok(await changesNothing(s.id, () => update({ id: s.id, transactionRef: 'order-2' })));
    ok(await update({ id: s.id, status: 'Canceled' }));
    const events = (await get(s.id)).events;
    assert.deepEqual(events.map((e) => [e.type, e.actor]), [
      ['payment_session.created', `merchant:${acme.keyId}`],
      ['payment_session.updated', `merchant:${acme.keyId}`],
      ['payment_session.canceled', `merchant:${acme.keyId}`],
    ]);
    assert.deepEqual(new Set(events[1].data.changes as string[]), new Set(['transactionRef', 'brandName']));
    const statuses = ['Active', 'Active', 'Canceled'];
    let previous = 0;
    for (const [i, e] of events.entries()) {
      assert.match(e.id, /^evt_/);
      assert.equal(new Date(e.occurredAt).toISOString(), e.occurredAt);
      assert.ok(new Date(e.occurredAt).getTime() >= previous);
      previous = new Date(e.occurredAt).getTime();
      assert.equal(e.data.paymentSession.id, s.id);
      assert.equal(e.data.paymentSession.orgId, acme.orgId);
      assert.equal(e.data.paymentSession.status, statuses[i]);
    }
    assert.equal(events[0].data.paymentSession.transactionRef, 'order-1');
    assert.equal(events[1].data.paymentSession.transactionRef, 'order-2');
    assert.equal(events[2].data.paymentSession.link, null);

    const expired = await create();
    ok(await update({ id: expired.id, status: 'Expired' }));
    const completed = await create();
    ok(await update({ id: completed.id, status: 'Completed', paymentId: 'pay_x' }));
    assert.deepEqual((await get(expired.id)).events.map((e) => e.type), ['payment_session.created', 'payment_session.expired']);
    const completedEvents = (await get(completed.id)).events.map((e) => e.type);
    assert.equal(completedEvents.filter((type) => type === 'payment_session.completed').length, 1);
    // A refused move after a final one writes nothing.
    const refused = await changesNothing(expired.id, () => update({ id: expired.id, status: 'Canceled' }));
    assert.equal(codeOf(refused), 'INVALID_STATE');
  });

  it("streams the org's events in order with cursor paging, and only the org's", async () => {
    const tenant = await t.tenant('Streamer');
    const other = await t.tenant('Other');
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await create({}, tenant)).id);
    await create({}, other);
    await pending(ids[0], inDays(1), 'BUYER_ACTION_REQUIRED');
    await resolve(ids[0]);
    await reject(ids[1], DECLINED);
    ok(await update({ id: ids[2], status: 'Canceled' }, tenant));
    ok(await update({ id: ids[3], brandName: 'B' }, tenant));
    ok(await update({ id: ids[3], status: 'Expired' }, tenant));

    const full = ok(await t.gql(STREAM, { o: tenant.orgId, first: 100 }, { key: tenant.key })).paymentSessionEvents;
    const expected = [
      ...ids.map((id) => [id, 'payment_session.created']),
      [ids[0], 'payment_session.pending'],
      [ids[0], 'payment_session.completed'],
      [ids[1], 'payment_session.rejected'],
      [ids[2], 'payment_session.canceled'],
      [ids[3], 'payment_session.updated'],
      [ids[3], 'payment_session.expired'],
    ];
    assert.deepEqual(full.nodes.map((e: Event) => [e.data.paymentSession.id, e.type]), expected);
    assert.equal(full.pageInfo.hasNextPage, false);
    assert.deepEqual(full.edges.map((e: { cursor: string; node: { id: string } }) => e.cursor), full.nodes.map((e: Event) => e.id));
    assert.equal(full.pageInfo.endCursor, full.nodes.at(-1).id);

    // Paging two at a time with after = the last event id gives the same stream.
    const paged: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const res: any = ok(await t.gql(STREAM, { o: tenant.orgId, first: 2, after: cursor }, { key: tenant.key })).paymentSessionEvents;
      paged.push(...res.nodes.map((e: Event) => e.id));
      cursor = res.pageInfo.endCursor;
      if (!res.pageInfo.hasNextPage) break;
    }
    assert.deepEqual(paged, full.nodes.map((e: Event) => e.id));
    // At the end of the stream: nothing after the last event, and the cursor stays.
    const tail = ok(await t.gql(STREAM, { o: tenant.orgId, after: cursor }, { key: tenant.key })).paymentSessionEvents;
    assert.deepEqual(tail.nodes, []);
    assert.equal(tail.pageInfo.endCursor, cursor);
    // A new event shows up after that cursor.
    await create({}, tenant);
    const next = ok(await t.gql(STREAM, { o: tenant.orgId, after: cursor }, { key: tenant.key })).paymentSessionEvents;
    assert.deepEqual(next.nodes.map((e: Event) => e.type), ['payment_session.created']);

    // Each session's own events are the stream's, filtered.
    const own = (await get(ids[0], tenant)).events.map((e) => e.id);
    assert.deepEqual(own, full.nodes.filter((e: Event) => e.data.paymentSession.id === ids[0]).map((e: Event) => e.id));

    // Another org: its stream is NOT_FOUND to this key, and its event ids are no cursor here.
    assert.equal(codeOf(await t.gql(STREAM, { o: other.orgId }, { key: tenant.key })), 'NOT_FOUND');
    const otherEvent = ok(await t.gql(STREAM, { o: other.orgId }, { key: other.key })).paymentSessionEvents.nodes[0].id;
    assert.equal(codeOf(await t.gql(STREAM, { o: tenant.orgId, after: otherEvent }, { key: tenant.key })), 'BAD_USER_INPUT');
    assert.equal(codeOf(await t.gql(STREAM, { o: tenant.orgId, after: 'evt_nope' }, { key: tenant.key })), 'BAD_USER_INPUT');
  });

  it('never lets a reader following the stream skip an event that commits late', async () => {
    // A change whose transaction is still open after writing its event (held here by a
    // listener, as the webhook outbox runs inside it) and a later change that commits first:
    // a reader paging with after = the last id must still get both.
    const tenant = await t.tenant('Relay');
    const [slow, fast] = [await create({}, tenant), await create({}, tenant)];
    const start = ok(await t.gql(STREAM, { o: tenant.orgId, first: 100 }, { key: tenant.key })).paymentSessionEvents.pageInfo.endCursor;
    let entered!: () => void;
    let release!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const gate = new Promise<void>((r) => (release = r));
    t.app.get(PaymentSessionEventsService).onRecorded(async (_manager, event) => {
      if (event.sessionId !== slow.id) return;
      entered();
      await gate;
    });
    const slowMove = update({ id: slow.id, status: 'Canceled' }, tenant);
    await inside;
    const fastMove = update({ id: fast.id, status: 'Canceled' }, tenant);
    // On MariaDB the fast change commits now (or waits for the slow one, if events are
    // ordered by commit); SQLite runs one transaction at a time, so there it waits.
    await Promise.race([fastMove, new Promise((r) => setTimeout(r, 300))]);
    const first = ok(await t.gql(STREAM, { o: tenant.orgId, after: start, first: 100 }, { key: tenant.key })).paymentSessionEvents;
    release();
    assert.equal(codeOf(await slowMove), undefined);
    assert.equal(codeOf(await fastMove), undefined);
    const rest = ok(await t.gql(STREAM, { o: tenant.orgId, after: first.pageInfo.endCursor, first: 100 }, { key: tenant.key })).paymentSessionEvents;
    const seen = [...first.nodes, ...rest.nodes].map((e: Event) => `${e.data.paymentSession.id} ${e.type}`);
    assert.deepEqual(seen.sort(), [`${slow.id} payment_session.canceled`, `${fast.id} payment_session.canceled`].sort());
  });

  it(
    'never shows a reader a change (or its event) that then rolls back',
    async () => {
      const s = await create();
      let entered!: () => void;
      let release!: () => void;
      const inside = new Promise<void>((r) => (entered = r));
      const gate = new Promise<void>((r) => (release = r));
      t.app.get(PaymentSessionEventsService).onRecorded(async (_manager, event) => {
        if (event.sessionId !== s.id) return;
        entered();
        await gate;
        throw new Error('the outbox write failed');
      });
      const move = update({ id: s.id, status: 'Canceled' });
      await inside;
      const during = await get(s.id);
      release();
      const res = await move;
      assert.equal(codeOf(res), 'INTERNAL_SERVER_ERROR');
      assert.doesNotMatch(JSON.stringify(res.errors), /outbox/);
      const afterwards = await get(s.id);
      assert.equal(afterwards.status, 'Active');
      assert.deepEqual(afterwards.events.map((e) => e.type), ['payment_session.created']);
      assert.equal(during.status, 'Active', 'a reader saw an uncommitted status');
      assert.deepEqual(during.events.map((e) => e.type), ['payment_session.created'], 'a reader saw an uncommitted event');
    },
  );

  it('keeps exactly one event row per change in the database', async () => {
    const rows: { session_id: string; type: string; n: number | string }[] = await t.dataSource.query(
      'SELECT session_id, type, COUNT(*) AS n FROM payment_session_events WHERE org_id = ? GROUP BY session_id, type',
      [acme.orgId],
    );
    assert.ok(rows.length > 0);
    for (const row of rows) {
      if (row.type !== 'payment_session.updated') assert.equal(Number(row.n), 1, `${row.session_id} ${row.type}`);
    }
    const sessions: { id: string; status: string }[] = await t.dataSource.query('SELECT id, status FROM payment_sessions WHERE org_id = ?', [acme.orgId]);
    const terminal: Record<string, string> = { Completed: 'completed', Canceled: 'canceled', Expired: 'expired', Rejected: 'rejected' };
    for (const s of sessions) {
      const types = rows.filter((r) => r.session_id === s.id).map((r) => r.type);
      assert.ok(types.includes('payment_session.created'), s.id);
      const finals = types.filter((type) => Object.values(terminal).some((x) => type === `payment_session.${x}`));
      if (terminal[s.status]) assert.deepEqual(finals, [`payment_session.${terminal[s.status]}`], `${s.id} ${s.status}`);
      else assert.deepEqual(finals, []);
    }
  });
});
