import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GqlResponse, Tenant, TestApp, TestPartner } from './support/test-app';

// Racing moves over HTTP: every session is hit at once by cancel, resolve, reject and
// expire-now. Exactly one may win; the others must see the state it left (INVALID_STATE for
// the merchant, a userError for the partner), never a 500, and exactly one terminal event.

const SESSIONS = 30;
const SESSION = 'id status paymentId';
const CREATE = `mutation($i: CreatePaymentSessionInput!) { createPaymentSession(input: $i) { ${SESSION} } }`;
const UPDATE = `mutation($i: UpdatePaymentSessionInput!) { updatePaymentSession(input: $i) { ${SESSION} } }`;
const PENDING = `mutation($id: ID!, $at: DateTime!) { paymentSessionPending(id: $id, pendingExpiresAt: $at, reason: BUYER_ACTION_REQUIRED) {
  paymentSession { ${SESSION} } userErrors { field message code } } }`;
const RESOLVE = `mutation($id: ID!) { paymentSessionResolve(id: $id) { paymentSession { ${SESSION} } userErrors { field message code } } }`;
const REJECT = `mutation($id: ID!) { paymentSessionReject(id: $id, reason: { code: CARD_DECLINED }) { paymentSession { ${SESSION} } userErrors { field message code } } }`;
const STREAM = `query($o: ID!, $after: ID) { paymentSessionEvents(orgId: $o, after: $after, first: 100) { nodes { id type data } pageInfo { endCursor hasNextPage } } }`;

type Move = 'cancel' | 'expire' | 'resolve' | 'reject' | 'pending';
const TARGET: Record<Move, string> = { cancel: 'Canceled', expire: 'Expired', resolve: 'Completed', reject: 'Rejected', pending: 'Pending' };
const EVENT: Record<string, string> = {
  Canceled: 'payment_session.canceled',
  Expired: 'payment_session.expired',
  Completed: 'payment_session.completed',
  Rejected: 'payment_session.rejected',
};
const TERMINAL = new Set(Object.values(EVENT));

interface Attempt {
  sessionId: string;
  move: Move;
  res: GqlResponse;
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

describe('racing lifecycle moves', () => {
  let t: TestApp;
  let acme: Tenant;
  let partner: TestPartner;
  let partnerKey: string;

  before(async () => {
    t = await TestApp.start();
    acme = await t.tenant();
    partner = await t.partner();
    partnerKey = partner.key;
  });
  after(() => t.close());

  async function createSessions(n: number): Promise<string[]> {
    return Promise.all(
      Array.from({ length: n }, async () => {
        const res = await t.gql(CREATE, { i: { orgId: acme.orgId, amount: '10.00', currency: 'USD' } }, { key: acme.key });
        assert.equal(res.errors, undefined, JSON.stringify(res.errors));
        const id = res.data.createPaymentSession.id as string;
        await t.handOver(acme.orgId, partner, id);
        return id;
      }),
    );
  }

  function attempt(sessionId: string, move: Move): Promise<Attempt> {
    const send = () => {
      switch (move) {
        case 'cancel':
          return t.gql(UPDATE, { i: { orgId: acme.orgId, id: sessionId, status: 'Canceled' } }, { key: acme.key });
        case 'expire':
          return t.gql(UPDATE, { i: { orgId: acme.orgId, id: sessionId, status: 'Expired' } }, { key: acme.key });
        case 'resolve':
          return t.gql(RESOLVE, { id: sessionId }, { key: partnerKey });
        case 'reject':
          return t.gql(REJECT, { id: sessionId }, { key: partnerKey });
        case 'pending':
          return t.gql(PENDING, { id: sessionId, at: new Date(Date.now() + 24 * 3600 * 1000).toISOString() }, { key: partnerKey });
      }
    };
    return send().then((res) => ({ sessionId, move, res }));
  }

  /** Whether the attempt made the move; asserts that a refusal is a clean, expected one. */
  function won(a: Attempt, finalStatus: string): boolean {
    const where = `${a.move} on ${a.sessionId}: ${JSON.stringify({ status: a.res.status, data: a.res.data, errors: a.res.errors })}`;
    assert.equal(a.res.status, 200, where);
    if (a.move === 'cancel' || a.move === 'expire') {
      if (!a.res.errors) {
        assert.equal(a.res.data.updatePaymentSession.status, TARGET[a.move], where);
        return true;
      }
      assert.equal(a.res.errors.length, 1, where);
      assert.equal(a.res.errors[0].extensions?.code, 'INVALID_STATE', where);
      return false;
    }
    assert.equal(a.res.errors, undefined, where);
    const outcome = a.move === 'resolve' ? a.res.data.paymentSessionResolve : a.move === 'reject' ? a.res.data.paymentSessionReject : a.res.data.paymentSessionPending;
    if (!outcome.userErrors.length) {
      assert.equal(outcome.paymentSession.status, TARGET[a.move], where);
      return true;
    }
    assert.equal(outcome.userErrors.length, 1, where);
    assert.equal(outcome.userErrors[0].code, `${a.move.toUpperCase()}_INVALID_STATE`, where);
    // The loser is shown the state the winner left.
    assert.equal(outcome.paymentSession.status, finalStatus, where);
    return false;
  }

  async function eventsBySession(ids: string[]): Promise<Map<string, string[]>> {
    const rows: { session_id: string; type: string }[] = await t.dataSource.query(
      `SELECT session_id, type FROM payment_session_events WHERE session_id IN (${ids.map(() => '?').join(',')}) ORDER BY seq`,
      ids,
    );
    const out = new Map<string, string[]>(ids.map((id) => [id, []]));
    for (const row of rows) out.get(row.session_id)!.push(row.type);
    return out;
  }

  async function statuses(ids: string[]): Promise<Map<string, string>> {
    const rows: { id: string; status: string }[] = await t.dataSource.query(`SELECT id, status FROM payment_sessions WHERE id IN (${ids.map(() => '?').join(',')})`, ids);
    return new Map(rows.map((r) => [r.id, r.status]));
  }

  /** The id of the org's last event now: where a relay that is up to date stands. */
  async function streamEnd(): Promise<string | null> {
    let cursor: string | null = null;
    for (;;) {
      const res: GqlResponse = await t.gql(STREAM, { o: acme.orgId, after: cursor }, { key: acme.key });
      cursor = res.data.paymentSessionEvents.pageInfo.endCursor;
      if (!res.data.paymentSessionEvents.pageInfo.hasNextPage) return cursor;
    }
  }

  /**
   * Follows the org's stream from `start` like a webhook relay would (after = the last event id
   * seen) while `work` runs, then drains it; returns the event ids it saw, in order.
   */
  async function followStream(start: string | null, work: Promise<unknown>): Promise<string[]> {
    let cursor = start;
    const seen: string[] = [];
    let done = false;
    work.finally(() => (done = true)).catch(() => undefined);
    for (let drained = false; !drained; ) {
      const finished = done;
      const res = await t.gql(STREAM, { o: acme.orgId, after: cursor }, { key: acme.key });
      assert.equal(res.errors, undefined, JSON.stringify(res.errors));
      const page = res.data.paymentSessionEvents;
      seen.push(...page.nodes.map((e: { id: string }) => e.id));
      cursor = page.pageInfo.endCursor;
      drained = finished && !page.pageInfo.hasNextPage;
      if (!page.pageInfo.hasNextPage && !finished) await new Promise((r) => setTimeout(r, 2));
    }
    return seen;
  }

  /** The stream after `start` as it is now, read in one go. */
  async function streamAfter(start: string | null): Promise<string[]> {
    const out: string[] = [];
    let cursor = start;
    for (;;) {
      const res = await t.gql(STREAM, { o: acme.orgId, after: cursor }, { key: acme.key });
      out.push(...res.data.paymentSessionEvents.nodes.map((e: { id: string }) => e.id));
      cursor = res.data.paymentSessionEvents.pageInfo.endCursor;
      if (!res.data.paymentSessionEvents.pageInfo.hasNextPage) return out;
    }
  }

  it(`lets exactly one of cancel, resolve, reject and expire-now win on each of ${SESSIONS} Active sessions`, async () => {
    const ids = await createSessions(SESSIONS);
    const moves: Move[] = ['cancel', 'resolve', 'reject', 'expire'];
    const start = await streamEnd();
    const race = Promise.all(shuffle(ids.flatMap((id) => moves.map((move) => () => attempt(id, move)))).map((go) => go()));
    const followed = followStream(start, race);
    const attempts = await race;
    const seen = await followed;

    const final = await statuses(ids);
    const events = await eventsBySession(ids);
    const winners: Record<string, number> = {};
    for (const id of ids) {
      const status = final.get(id)!;
      assert.ok(EVENT[status], `${id} ended ${status}, not a final status`);
      const mine = attempts.filter((a) => a.sessionId === id);
      const wins = mine.filter((a) => won(a, status));
      assert.equal(wins.length, 1, `${id}: ${wins.map((w) => w.move).join(', ')} all won`);
      assert.equal(TARGET[wins[0].move], status, `${id}: the winner's status is the final one`);
      winners[wins[0].move] = (winners[wins[0].move] ?? 0) + 1;
      assert.deepEqual(events.get(id), ['payment_session.created', EVENT[status]], `${id}: exactly one terminal event`);
    }
    // A relay following the stream during the race saw every event exactly once.
    assert.deepEqual([...seen].sort(), [...(await streamAfter(start))].sort(), 'the followed stream missed or repeated events');
    assert.equal(new Set(seen).size, seen.length);
    assert.equal(seen.length, SESSIONS);
    console.log(`winners on ${t.dbKind}:`, JSON.stringify(winners));
  });

  it(`settles ${SESSIONS} Pending sessions hit by resolve, reject (twice each), cancel and expire-now at once`, async () => {
    const ids = await createSessions(SESSIONS);
    const at = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
    for (const id of ids) {
      const res = await t.gql(PENDING, { id, at }, { key: partnerKey });
      assert.deepEqual(res.data.paymentSessionPending.userErrors, []);
    }
    const moves: Move[] = ['resolve', 'resolve', 'reject', 'reject', 'cancel', 'expire'];
    const attempts = await Promise.all(shuffle(ids.flatMap((id) => moves.map((move) => () => attempt(id, move)))).map((go) => go()));

    const final = await statuses(ids);
    const events = await eventsBySession(ids);
    for (const id of ids) {
      const status = final.get(id)!;
      assert.ok(status === 'Completed' || status === 'Rejected', `${id} ended ${status}`);
      const mine = attempts.filter((a) => a.sessionId === id);
      const wins = mine.filter((a) => won(a, status));
      // Resolve after resolve (and reject after reject) succeeds again: both of the winning
      // kind succeed, with one change between them.
      assert.deepEqual(wins.map((w) => TARGET[w.move]), [status, status], id);
      for (const a of mine.filter((m) => m.move === 'cancel' || m.move === 'expire')) assert.equal(a.res.errors?.[0].extensions?.code, 'INVALID_STATE');
      assert.deepEqual(events.get(id), ['payment_session.created', 'payment_session.pending', EVENT[status]], id);
      assert.equal(events.get(id)!.filter((type) => TERMINAL.has(type)).length, 1);
    }
    // Both winning resolves of a session report the one paymentId that was stored.
    for (const id of ids.filter((i) => final.get(i) === 'Completed')) {
      const paymentIds = new Set(attempts.filter((a) => a.sessionId === id && a.move === 'resolve').map((a) => a.res.data.paymentSessionResolve.paymentSession.paymentId));
      assert.equal(paymentIds.size, 1, id);
    }
  });

  it(`lets exactly one of pending, cancel and expire-now win on each of ${SESSIONS} Active sessions`, async () => {
    const ids = await createSessions(SESSIONS);
    const moves: Move[] = ['pending', 'pending', 'cancel', 'expire'];
    const attempts = await Promise.all(shuffle(ids.flatMap((id) => moves.map((move) => () => attempt(id, move)))).map((go) => go()));
    const final = await statuses(ids);
    const events = await eventsBySession(ids);
    for (const id of ids) {
      const status = final.get(id)!;
      const wins = attempts.filter((a) => a.sessionId === id).filter((a) => won(a, status));
      // Pending twice is no move: the second pending is refused like the others.
      assert.equal(wins.length, 1, `${id}: ${wins.map((w) => w.move).join(', ')} all won`);
      assert.equal(TARGET[wins[0].move], status);
      assert.deepEqual(events.get(id), ['payment_session.created', status === 'Pending' ? 'payment_session.pending' : EVENT[status]], id);
    }
  });
});
