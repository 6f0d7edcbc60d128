import { Injectable, OnModuleInit } from '@nestjs/common';
import { invalidState } from '@paysession/common';
import { multiRowInsert, Transactions } from '@paysession/database';
import { EntityManager } from 'typeorm';
import { PaymentSessionEventsService } from '../events/payment-session-events.service';
import { Actor, PaymentSessionEventType } from '../events/payment-session-event.types';
import { PaymentSessionEntity } from '../payment-session.entity';
import { PaymentSessionStatus } from '../payment-session.types';
import { isOverdue } from './deadline';
import { EVENT_FOR_STATUS, findRule, INITIAL_STATUS, TRANSITION_TABLE, validateTransitionTable } from './transition-table';

/** Columns a transition may set together with the status. */
export type TransitionChanges = Partial<
  Pick<PaymentSessionEntity, 'paymentId' | 'pendingExpiresAt' | 'pendingReason' | 'networkTransactionId' | 'authorizationExpiresAt' | 'rejection'>
>;

export type TransitionResult =
  | { changed: true; session: PaymentSessionEntity }
  /** Another caller moved the session first; `session` is the state it left. */
  | { changed: false; session: PaymentSessionEntity };

/**
 * The only writer of `payment_sessions.status`. Every move is checked against the transition
 * table and applied as a compare-and-set on the status that was read, in the caller's
 * transaction together with its event row; a caller that lost a race gets the winner's state
 * back and writes nothing.
 *
 * It also enforces the deadline rule (./deadline.ts) at every touch: a session read past its
 * deadline is expired here, by the same compare-and-set the sweep's moves go through, so the
 * lazy expiry and the sweep race safely and exactly one of them writes the `.expired` event.
 */
@Injectable()
export class PaymentSessionStateMachine implements OnModuleInit {
  constructor(
    private readonly events: PaymentSessionEventsService,
    private readonly transactions: Transactions,
  ) {}

  onModuleInit(): void {
    const problems = validateTransitionTable(TRANSITION_TABLE);
    if (problems.length) throw new Error(`Invalid payment session transition table: ${problems.join('; ')}`);
  }

  /** Whether `actor` may move a session from `from` to `to`. */
  allows(from: PaymentSessionStatus, to: PaymentSessionStatus, actor: Actor['kind']): boolean {
    return findRule(from, to, actor) !== undefined;
  }

  /**
   * Inserts a new session in the initial status with its `.created` event. The rows are deferred
   * to the end of the caller's transaction (Transactions.defer), where they go to the database
   * together: nothing in the transaction after this may read them back.
   */
  async start(manager: EntityManager, draft: Omit<PaymentSessionEntity, 'status' | 'version'>, actor: Actor): Promise<PaymentSessionEntity> {
    const session = manager.create(PaymentSessionEntity, { ...draft, status: INITIAL_STATUS, version: 1 });
    this.transactions.defer(manager, multiRowInsert(manager, PaymentSessionEntity, [session]));
    await this.events.record(manager, session, PaymentSessionEventType.Created, actor);
    return session;
  }

  /**
   * `session` as it stands at `now` under the deadline rule: unchanged when its deadline has not
   * passed, otherwise expired in the caller's transaction (status Expired and its `.expired`
   * event, actor `scheduler`), or, when the sweep or another request expired it first, as that
   * one left it. Never throws for a session that is not overdue.
   */
  async expireIfOverdue(manager: EntityManager, session: PaymentSessionEntity, now: Date = new Date()): Promise<PaymentSessionEntity> {
    if (!isOverdue(session, now)) return session;
    return (await this.move(manager, session, PaymentSessionStatus.Expired, { kind: 'scheduler' }, {}, {})).session;
  }

  /**
   * {@link expireIfOverdue} in a transaction of its own, for reads: what a read shows of an
   * overdue session is committed (with its one `.expired` event) before the read answers.
   * Sessions not overdue cost nothing. Returns the sessions in the order given.
   */
  async settleDeadlines(sessions: PaymentSessionEntity[], now: Date = new Date()): Promise<PaymentSessionEntity[]> {
    if (!sessions.some((s) => isOverdue(s, now))) return sessions;
    return this.transactions.run(async (manager) => {
      const settled: PaymentSessionEntity[] = [];
      for (const session of sessions) settled.push(await this.expireIfOverdue(manager, session, now));
      return settled;
    });
  }

  /**
   * Moves `session` (as read by the caller) to `to`. A session whose deadline has passed is
   * expired instead and comes back with `changed: false` (as when another caller won a race), so
   * no transition ever starts from a status the deadline has ended. Throws INVALID_STATE when the
   * table has no such move for `actor` from the status read.
   */
  async transition(
    manager: EntityManager,
    session: PaymentSessionEntity,
    to: Exclude<PaymentSessionStatus, PaymentSessionStatus.Active>,
    actor: Actor,
    changes: TransitionChanges = {},
    eventDetails: Record<string, unknown> = {},
  ): Promise<TransitionResult> {
    if (isOverdue(session)) return { changed: false, session: await this.expireIfOverdue(manager, session) };
    return this.move(manager, session, to, actor, changes, eventDetails);
  }

  private async move(
    manager: EntityManager,
    session: PaymentSessionEntity,
    to: Exclude<PaymentSessionStatus, PaymentSessionStatus.Active>,
    actor: Actor,
    changes: TransitionChanges,
    eventDetails: Record<string, unknown>,
  ): Promise<TransitionResult> {
    if (!this.allows(session.status, to, actor.kind)) {
      throw invalidState(`A ${session.status} payment session cannot become ${to}`);
    }
    const now = new Date();
    const result = await manager
      .createQueryBuilder()
      .update(PaymentSessionEntity)
      .set({ ...changes, status: to, updatedAt: now, version: () => 'version + 1' })
      .where('id = :id AND org_id = :orgId AND status = :from', { id: session.id, orgId: session.orgId, from: session.status })
      .execute();
    const current = await manager.findOneByOrFail(PaymentSessionEntity, { id: session.id, orgId: session.orgId });
    if (!result.affected) return { changed: false, session: current };
    await this.events.record(manager, current, EVENT_FOR_STATUS[to], actor, { from: session.status, ...eventDetails });
    return { changed: true, session: current };
  }

  /**
   * Moves many sessions that the caller has read (and, on MariaDB, row-locked) in the same
   * status to `to` in one UPDATE, writing one event per session that moved. Sessions that had
   * already moved on are left as they are. Returns the sessions that moved.
   */
  async transitionMany(
    manager: EntityManager,
    sessions: PaymentSessionEntity[],
    to: Exclude<PaymentSessionStatus, PaymentSessionStatus.Active>,
    actor: Actor,
  ): Promise<PaymentSessionEntity[]> {
    if (!sessions.length) return [];
    const from = sessions[0].status;
    if (sessions.some((s) => s.status !== from)) throw new Error('transitionMany needs sessions read in one status');
    if (!this.allows(from, to, actor.kind)) throw invalidState(`A ${from} payment session cannot become ${to}`);
    const ids = sessions.map((s) => s.id);
    const updatedAt = new Date();
    const result = await manager
      .createQueryBuilder()
      .update(PaymentSessionEntity)
      .set({ status: to, updatedAt, version: () => 'version + 1' })
      .where('id IN (:...ids) AND status = :from', { ids, from })
      .execute();
    let moved: PaymentSessionEntity[];
    if (result.affected === sessions.length) {
      // Every row read moved (the caller holds them, as the sweep's claim does): each is now what
      // was read, in `to`, one version on; no need to read them back.
      moved = sessions.map((s) => manager.create(PaymentSessionEntity, { ...s, status: to, updatedAt, version: s.version + 1 }));
    } else {
      const readVersion = new Map(sessions.map((s) => [s.id, s.version]));
      const after = await manager.createQueryBuilder(PaymentSessionEntity, 's').where('s.id IN (:...ids)', { ids }).getMany();
      // A row moved by this UPDATE is in `to` exactly one version after the one read.
      moved = after.filter((s) => s.status === to && s.version === (readVersion.get(s.id) ?? -1) + 1);
    }
    await this.events.recordMany(manager, moved, EVENT_FOR_STATUS[to], actor, { from });
    return moved;
  }
}
