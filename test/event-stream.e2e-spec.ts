import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newId } from '@paysession/common';
import { Transactions } from '@paysession/database';
import { PaymentSessionEntity, PaymentSessionEventEntity, PaymentSessionEventsService, PaymentSessionEventType } from '@paysession/payment-sessions';
import { eventually } from './support/eventually';
import { ok, QUIET, Tenant, TestApp } from './support/test-app';

// The org's event stream (`paymentSessionEvents(after:)`) without a per-org lock: events take
// their place in the stream after they commit (the sequencer), so a reader paging with
// after = the last id it saw never skips an event that committed late, and two writes of one
// organization do not wait for each other.

const CREATE = `mutation($i: CreatePaymentSessionInput!) { createPaymentSession(input: $i) { id } }`;
const STREAM = `query($o: ID!, $after: ID) { paymentSessionEvents(orgId: $o, after: $after, first: 100) { nodes { id type } pageInfo { endCursor hasNextPage } } }`;

/** The stream after `cursor` as it stands now: event ids, in order. */
async function streamAfter(t: TestApp, tenant: Tenant, cursor: string | null): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const page = ok(await t.gql(STREAM, { o: tenant.orgId, after: cursor }, { key: tenant.key })).paymentSessionEvents;
    ids.push(...page.nodes.map((e: { id: string }) => e.id));
    cursor = page.pageInfo.endCursor;
    if (!page.pageInfo.hasNextPage) return ids;
  }
}

async function createSession(t: TestApp, tenant: Tenant): Promise<string> {
  return ok(await t.gql(CREATE, { i: { orgId: tenant.orgId, amount: '10.00', currency: 'USD' } }, { key: tenant.key })).createPaymentSession.id;
}

/** The id of the session's one event (its `.created`). */
async function createdEventOf(t: TestApp, sessionId: string): Promise<string> {
  const rows: { id: string }[] = await t.dataSource.query('SELECT id FROM payment_session_events WHERE session_id = ?', [sessionId]);
  assert.equal(rows.length, 1);
  return rows[0].id;
}

/**
 * Commits an event of `sessionId` the way a writer does that stopped (crashed, lost its
 * connection) between its commit and sequencing its events: committed, without a stream position.
 */
async function commitWithoutSequencing(t: TestApp, tenant: Tenant, sessionId: string): Promise<string> {
  const id = newId('evt');
  await t.app.get(Transactions).run((manager) =>
    manager.insert(PaymentSessionEventEntity, {
      id,
      orgId: tenant.orgId,
      sessionId,
      type: PaymentSessionEventType.Updated,
      actor: `merchant:${tenant.keyId}`,
      data: { changes: [] },
      occurredAt: new Date(),
      streamPosition: null,
    }),
  );
  return id;
}

describe('the event stream', () => {
  let t: TestApp;
  let acme: Tenant;

  before(async () => {
    // No sequencer tick: only the writes themselves sequence, so what the stream shows is what the test did.
    t = await TestApp.start(QUIET);
    acme = await t.tenant();
  });
  after(() => t.close());

  it('shows a write in the stream as soon as it has answered', async () => {
    const start = await streamAfter(t, acme, null);
    const id = await createSession(t, acme);
    assert.deepEqual(await streamAfter(t, acme, start.at(-1) ?? null), [await createdEventOf(t, id)]);
  });

  it('places an event that committed before a later one was placed, after it, instead of skipping it', async () => {
    const s1 = await createSession(t, acme);
    const cursor = await createdEventOf(t, s1);
    const late = await commitWithoutSequencing(t, acme, s1);
    // Committed but not yet placed: a reader does not see it yet, and its cursor stays put.
    assert.deepEqual(await streamAfter(t, acme, cursor), []);
    const s2 = await createSession(t, acme);
    // The next write's sequencing places it first: the reader at `cursor` gets both.
    assert.deepEqual(await streamAfter(t, acme, cursor), [late, await createdEventOf(t, s2)]);
  });

  it('places an after: event that is not placed yet (a webhook can arrive before its event is) and pages on from it', async () => {
    const s = await createSession(t, acme);
    const before = await createdEventOf(t, s);
    const unplaced = await commitWithoutSequencing(t, acme, s);
    assert.deepEqual(await streamAfter(t, acme, unplaced), []);
    assert.deepEqual(await streamAfter(t, acme, before), [unplaced]);
  });

  it('lets two writes of one organization run side by side; the one that started first and commits last is not skipped', async () => {
    const [a, b] = await Promise.all([createSession(t, acme), createSession(t, acme)]);
    const sessions = t.dataSource.getRepository(PaymentSessionEntity);
    const [sessionA, sessionB] = [await sessions.findOneByOrFail({ id: a }), await sessions.findOneByOrFail({ id: b })];
    const events = t.app.get(PaymentSessionEventsService);
    const transactions = t.app.get(Transactions);
    const actor = { kind: 'merchant' as const, id: acme.keyId };
    const cursor = (await streamAfter(t, acme, null)).at(-1)!;

    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let recorded!: (event: PaymentSessionEventEntity) => void;
    const recordedA = new Promise<PaymentSessionEventEntity>((resolve) => (recorded = resolve));
    // A: starts first, writes its event row at once (the lower seq), then stays open until B is
    // done. A bulk write takes its seq at once, as the expiry sweep's does; record() defers its
    // row to the transaction's commit (Transactions.defer), which would not leave one open.
    const writeA = transactions.run(async (manager) => {
      recorded((await events.recordMany(manager, [sessionA], PaymentSessionEventType.Updated, actor, { changes: [] }))[0]);
      await gate;
    });
    const eventA = await recordedA;
    const writeB = transactions.run((manager) => events.record(manager, sessionB, PaymentSessionEventType.Updated, actor, { changes: [] }));

    if (t.dbKind === 'mysql') {
      // B commits while A is still open: nothing of the org serializes them.
      const eventB = await writeB;
      const seqOf = async (id: string) => Number((await t.dataSource.query('SELECT seq FROM payment_session_events WHERE id = ?', [id]))[0].seq);
      const seenWhileAOpen = await streamAfter(t, acme, cursor);
      assert.deepEqual(seenWhileAOpen, [eventB.id]);
      release();
      await writeA;
      assert.ok((await seqOf(eventA.id)) < (await seqOf(eventB.id)), 'A took the lower seq');
      // A reader that went on from B's id still gets A, which committed after it.
      assert.deepEqual(await streamAfter(t, acme, eventB.id), [eventA.id]);
      assert.deepEqual(await streamAfter(t, acme, cursor), [eventB.id, eventA.id], 'the stream is in commit order');
    } else {
      // SQLite has one writer: B is queued behind A and commits after it.
      release();
      await writeA;
      const eventB = await writeB;
      assert.deepEqual(await streamAfter(t, acme, cursor), [eventA.id, eventB.id], 'the stream is in commit order');
    }
    // Each session's own events stay in order, one per change.
    for (const id of [a, b]) {
      const types: { type: string }[] = await t.dataSource.query('SELECT type FROM payment_session_events WHERE session_id = ? ORDER BY seq', [id]);
      assert.deepEqual(types.map((r) => r.type), ['payment_session.created', 'payment_session.updated'], id);
    }
  });
});

describe('the event sequencer tick', () => {
  let t: TestApp;
  let acme: Tenant;

  before(async () => {
    t = await TestApp.start({ ...QUIET, EVENT_SEQUENCER_TICK_MS: '50' });
    acme = await t.tenant();
  });
  after(() => t.close());

  it('places the events of a writer that stopped before it sequenced them, with no further write', async () => {
    const s = await createSession(t, acme);
    const created = await createdEventOf(t, s);
    const late = await commitWithoutSequencing(t, acme, s);
    await eventually(async () => (await streamAfter(t, acme, null)).includes(late), "the tick placed the stopped writer's event");
    assert.deepEqual(await streamAfter(t, acme, null), [created, late]);
  });
});
