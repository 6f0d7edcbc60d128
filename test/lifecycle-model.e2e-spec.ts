import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { DomainError, RequestContext, Scope } from '@paysession/common';
import { findRule, PaymentSessionsService, PaymentSessionStatus as S } from '@paysession/payment-sessions';
import { PaymentSessionPartnerService } from '../libs/payment-sessions/src/partner/payment-session-partner.service';
import { PendingReason } from '../libs/payment-sessions/src/payment-session.types';
import { TestApp } from './support/test-app';

// Property: random sequences of merchant and partner moves, run through the real services,
// agree with a small model of the status table in docs/CONTRACT.md: final statuses stay final, every
// change writes exactly one event of its kind (refusals write none and change nothing), and
// every status is one the table allows from the previous one, for the actor that moved it.

type ActorKind = 'merchant' | 'partner';
type EventTag = `${string}@${ActorKind}`;

interface ModelSession {
  status: S;
  paymentId: string | null;
  /** The event rows the session should have, oldest first: `type@actor`. */
  events: EventTag[];
}

interface Model {
  sessions: ModelSession[];
}

interface Real {
  orgId: string;
  ids: string[];
  merchant: RequestContext;
  partner: RequestContext;
}

const FINAL = new Set([S.Completed, S.Canceled, S.Expired, S.Rejected]);
const ev = (kind: string, actor: ActorKind): EventTag => `payment_session.${kind}@${actor}`;
const DAY = 24 * 3600 * 1000;
const RUNS = Number(process.env.LIFECYCLE_MODEL_RUNS ?? 200);

let t: TestApp;
let sessions: PaymentSessionsService;
let partner: PaymentSessionPartnerService;
let counter = 0;
/** Commands that ran, per kind: proof that the sequences exercise every move. */
const ran = new Map<string, { ok: number; refused: number }>();

function count(kind: string, refused: boolean) {
  const c = ran.get(kind) ?? { ok: 0, refused: 0 };
  c[refused ? 'refused' : 'ok']++;
  ran.set(kind, c);
}

/** The DomainError code a call threw, or undefined when it returned. */
async function thrown(work: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await work();
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

/** Compares the real session with the model after a command by `actor` from `previous`. */
async function verify(m: Model, r: Real, index: number, previous: { status: S; version: number }, actor: ActorKind, refused: boolean): Promise<void> {
  const id = r.ids[index];
  const expected = m.sessions[index];
  const [row] = await t.dataSource.query('SELECT status, version FROM payment_sessions WHERE id = ?', [id]);
  const status = row.status as S;
  assert.equal(status, expected.status, `${id}: status`);
  if (FINAL.has(previous.status)) assert.equal(status, previous.status, `${id}: ${previous.status} is final`);
  if (status !== previous.status) {
    assert.ok(findRule(previous.status, status, actor), `${id}: ${previous.status} → ${status} by ${actor} is not in the table`);
  }
  if (refused) assert.equal(Number(row.version), previous.version, `${id}: a refused command changed the row`);
  const rows: { type: string; actor: string }[] = await t.dataSource.query('SELECT type, actor FROM payment_session_events WHERE session_id = ? ORDER BY seq', [id]);
  const label = { merchant: `merchant:${r.merchant.apiKeyId}`, partner: `partner:${r.partner.apiKeyId}` };
  assert.deepEqual(
    rows.map((e) => `${e.type}@${e.actor === label.merchant ? 'merchant' : e.actor === label.partner ? 'partner' : e.actor}`),
    expected.events,
    `${id}: events`,
  );
  // Nothing was written for any other session of the org either.
  const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM payment_session_events WHERE org_id = ?', [r.orgId]);
  assert.equal(Number(n), m.sessions.reduce((sum, s) => sum + s.events.length, 0), 'events of the org');
}

async function snapshot(r: Real, index: number): Promise<{ status: S; version: number }> {
  const [row] = await t.dataSource.query('SELECT status, version FROM payment_sessions WHERE id = ?', [r.ids[index]]);
  return { status: row.status as S, version: Number(row.version) };
}

class Create implements fc.AsyncCommand<Model, Real> {
  constructor(readonly withPaymentId: boolean) {}
  check = (m: Readonly<Model>) => m.sessions.length < 4;
  async run(m: Model, r: Real) {
    const paymentId = this.withPaymentId ? `pay_m${++counter}` : null;
    const s = await sessions.create(r.merchant, { orgId: r.orgId, amount: '12.50', currency: 'USD', paymentId } as never);
    assert.equal(s.status, S.Active);
    // Handed to the partner, as the checkout page does when the customer pays: only then may it move the session.
    assert.ok(await partner.handOver(r.orgId, s.id, r.partner.partnerId!));
    r.ids.push(s.id);
    m.sessions.push({ status: S.Active, paymentId, events: [ev('created', 'merchant')] });
    await verify(m, r, m.sessions.length - 1, { status: S.Active, version: 1 }, 'merchant', false);
    count('Create', false);
  }
  toString = () => `create(${this.withPaymentId ? 'paymentId' : ''})`;
}

/** A command on one existing session, picked by `pick` modulo the count. */
abstract class OnSession implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.sessions.length > 0;
  abstract readonly actor: ActorKind;
  /** Runs the command; returns whether it was refused. */
  abstract apply(m: Model, r: Real, index: number): Promise<boolean>;
  async run(m: Model, r: Real) {
    const index = this.pick % m.sessions.length;
    const previous = await snapshot(r, index);
    assert.equal(previous.status, m.sessions[index].status);
    const refused = await this.apply(m, r, index);
    count(this.constructor.name, refused);
    await verify(m, r, index, previous, this.actor, refused);
  }
  toString = () => `${this.constructor.name.toLowerCase()}(#${this.pick})`;
}

/** A merchant field change (transactionRef): only while Active. */
class Update extends OnSession {
  readonly actor = 'merchant';
  async apply(m: Model, r: Real, i: number) {
    const code = await thrown(() => sessions.update(r.merchant, { orgId: r.orgId, id: r.ids[i], transactionRef: `ref-${++counter}` } as never));
    const s = m.sessions[i];
    if (s.status !== S.Active) {
      assert.equal(code, 'INVALID_STATE');
      return true;
    }
    assert.equal(code, undefined);
    s.events.push(ev('updated', 'merchant'));
    return false;
  }
}

/** The merchant's status moves through updatePaymentSession: only from Active. */
abstract class MerchantMove extends OnSession {
  readonly actor = 'merchant';
  abstract readonly to: S.Canceled | S.Expired;
  async apply(m: Model, r: Real, i: number) {
    const code = await thrown(() => sessions.update(r.merchant, { orgId: r.orgId, id: r.ids[i], status: this.to } as never));
    const s = m.sessions[i];
    if (s.status !== S.Active) {
      assert.equal(code, 'INVALID_STATE');
      return true;
    }
    assert.equal(code, undefined);
    s.status = this.to;
    s.events.push(ev(this.to.toLowerCase(), 'merchant'));
    return false;
  }
}
class Cancel extends MerchantMove {
  readonly to = S.Canceled;
}
class ExpireNow extends MerchantMove {
  readonly to = S.Expired;
}

/** The merchant completes with a paymentId: a new paymentId is a field change, then the move. */
class Complete extends OnSession {
  readonly actor = 'merchant';
  async apply(m: Model, r: Real, i: number) {
    const s = m.sessions[i];
    const paymentId = s.paymentId ?? `pay_c${++counter}`;
    const code = await thrown(() => sessions.update(r.merchant, { orgId: r.orgId, id: r.ids[i], status: S.Completed, paymentId } as never));
    if (s.status !== S.Active) {
      assert.equal(code, 'INVALID_STATE');
      return true;
    }
    assert.equal(code, undefined);
    if (s.paymentId !== paymentId) s.events.push(ev('updated', 'merchant'));
    s.paymentId = paymentId;
    s.status = S.Completed;
    s.events.push(ev('completed', 'merchant'));
    return false;
  }
}

class Pending extends OnSession {
  readonly actor = 'partner';
  /** A pendingExpiresAt in the past is refused whatever the status. */
  constructor(pick: number, readonly stale: boolean) {
    super(pick);
  }
  async apply(m: Model, r: Real, i: number) {
    const at = new Date(Date.now() + (this.stale ? -DAY : DAY));
    const out = await partner.pending(r.partner, r.ids[i], at, PendingReason.BUYER_ACTION_REQUIRED);
    const s = m.sessions[i];
    if (this.stale || s.status !== S.Active) {
      assert.deepEqual(out.userErrors.map((e) => e.code), [this.stale ? 'EXPIRED_PENDING_EXPIRES_AT' : 'PENDING_INVALID_STATE']);
      assert.equal(out.session?.status, s.status);
      return true;
    }
    assert.deepEqual(out.userErrors, []);
    s.status = S.Pending;
    s.events.push(ev('pending', 'partner'));
    return false;
  }
  override toString = () => `pending(#${this.pick}${this.stale ? ', in the past' : ''})`;
}

class Resolve extends OnSession {
  readonly actor = 'partner';
  async apply(m: Model, r: Real, i: number) {
    const out = await partner.resolve(r.partner, r.ids[i], {});
    const s = m.sessions[i];
    if (s.status === S.Active || s.status === S.Pending) {
      assert.deepEqual(out.userErrors, []);
      s.status = S.Completed;
      s.paymentId ??= out.session!.paymentId;
      s.events.push(ev('completed', 'partner'));
      assert.ok(out.session!.paymentId);
      return false;
    }
    if (s.status === S.Completed) {
      assert.deepEqual(out.userErrors, [], 'resolve after resolve succeeds');
      assert.equal(out.session!.paymentId, s.paymentId);
    } else {
      assert.deepEqual(out.userErrors.map((e) => e.code), ['RESOLVE_INVALID_STATE']);
    }
    assert.equal(out.session!.status, s.status);
    return true;
  }
}

class Reject extends OnSession {
  readonly actor = 'partner';
  async apply(m: Model, r: Real, i: number) {
    const out = await partner.reject(r.partner, r.ids[i], { code: 'CARD_DECLINED' as never });
    const s = m.sessions[i];
    if (s.status === S.Active || s.status === S.Pending) {
      assert.deepEqual(out.userErrors, []);
      s.status = S.Rejected;
      s.events.push(ev('rejected', 'partner'));
      return false;
    }
    if (s.status === S.Rejected) assert.deepEqual(out.userErrors, [], 'reject after reject succeeds');
    else assert.deepEqual(out.userErrors.map((e) => e.code), ['REJECT_INVALID_STATE']);
    assert.equal(out.session!.status, s.status);
    return true;
  }
}

const pick = fc.nat({ max: 7 });
const commands = [
  fc.boolean().map((withPaymentId) => new Create(withPaymentId)),
  pick.map((p) => new Update(p)),
  fc.tuple(pick, fc.boolean()).map(([p, stale]) => new Pending(p, stale)),
  // Pending again, always with a good date: Pending sessions are where resolve and reject meet.
  pick.map((p) => new Pending(p, false)),
  pick.map((p) => new Resolve(p)),
  pick.map((p) => new Reject(p)),
  pick.map((p) => new Cancel(p)),
  pick.map((p) => new ExpireNow(p)),
  pick.map((p) => new Complete(p)),
];

describe('the lifecycle against a model', () => {
  before(async () => {
    t = await TestApp.start();
    sessions = t.app.get(PaymentSessionsService);
    partner = t.app.get(PaymentSessionPartnerService);
  });
  after(() => t.close());

  it(`agrees with the transition table over ${RUNS} random command sequences`, async () => {
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 30, size: 'max' }), async (cmds) => {
        const tenant = await t.tenant('Model');
        const scopes = new Set(Object.values(Scope));
        const real: Real = {
          orgId: tenant.orgId,
          ids: [],
          merchant: { requestId: 'model', orgId: tenant.orgId, apiKeyId: tenant.keyId, scopes },
          partner: { requestId: 'model', orgId: '', apiKeyId: `ptn_model${++counter}`, scopes: new Set(), partnerId: `ptn_model${counter}` },
        };
        await fc.asyncModelRun(() => ({ model: { sessions: [] }, real }), cmds);
      }),
      { numRuns: RUNS },
    );
    console.log(`${RUNS} runs on ${t.dbKind} in ${Date.now() - started} ms:`, JSON.stringify(Object.fromEntries(ran)));
    for (const kind of ['Create', 'Update', 'Pending', 'Resolve', 'Reject', 'Cancel', 'ExpireNow', 'Complete']) {
      assert.ok(ran.get(kind)?.ok, `${kind} never succeeded`);
      if (kind !== 'Create') assert.ok(ran.get(kind)?.refused, `${kind} was never refused`);
    }
  });
});
