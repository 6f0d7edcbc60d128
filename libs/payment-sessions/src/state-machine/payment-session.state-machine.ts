import { Injectable, OnModuleInit } from '@nestjs/common';
import { invalidState } from '@paysession/common';
import { EntityManager } from 'typeorm';
import { PaymentSessionEventsService } from '../events/payment-session-events.service';
import { Actor, PaymentSessionEventType } from '../events/payment-session-event.types';
import { PaymentSessionEntity } from '../payment-session.entity';
import { PaymentSessionStatus } from '../payment-session.types';
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
 */
@Injectable()
export class PaymentSessionStateMachine implements OnModuleInit {
  constructor(private readonly events: PaymentSessionEventsService) {}

  onModuleInit(): void {
    const problems = validateTransitionTable(TRANSITION_TABLE);
    if (problems.length) throw new Error(`Invalid payment session transition table: ${problems.join('; ')}`);
  }

  /** Whether `actor` may move a session from `from` to `to`. */
  allows(from: PaymentSessionStatus, to: PaymentSessionStatus, actor: Actor['kind']): boolean {
    return findRule(from, to, actor) !== undefined;
  }

  /** Inserts a new session in the initial status with its `.created` event. */
  async start(manager: EntityManager, draft: Omit<PaymentSessionEntity, 'status' | 'version'>, actor: Actor): Promise<PaymentSessionEntity> {
    const session = manager.create(PaymentSessionEntity, { ...draft, status: INITIAL_STATUS, version: 1 });
    await manager.insert(PaymentSessionEntity, session);
    await this.events.record(manager, session, PaymentSessionEventType.Created, actor);
    return session;
  }

  /**
   * Moves `session` (as read by the caller) to `to`. Throws INVALID_STATE when the table has no
   * such move for `actor` from the status read.
   */
  async transition(
    manager: EntityManager,
    session: PaymentSessionEntity,
    to: Exclude<PaymentSessionStatus, PaymentSessionStatus.Active>,
    actor: Actor,
    changes: TransitionChanges = {},
    eventDetails: Record<string, unknown> = {},
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
}
