import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { badInput, newId, orgFilter, orgScope, pageSize, RequestContext, requestLoader, serviceUnavailable } from '@paysession/common';
import { multiRowInsert, Transactions } from '@paysession/database';
import { EntityManager, Repository } from 'typeorm';
import { PaymentSessionEntity } from '../payment-session.entity';
import { PaymentSessionViews } from '../payment-session.view';
import { PaymentSessionEventEntity } from './payment-session-event.entity';
import { PaymentSessionEventSequencer } from './payment-session-event.sequencer';
import { Actor, actorLabel, PaymentSessionEventType } from './payment-session-event.types';

/**
 * Something that must happen in the same transaction as an event (the webhook outbox, the search
 * index, the staff audit log): whatever it writes commits or rolls back with the event. `actor` is
 * who caused it, as recorded (the event keeps only its label). The event row of {@link
 * PaymentSessionEventsService.record} is deferred to the transaction's end, so the row cannot be
 * read back, and `event.seq` is never set on the event a listener gets (recordMany's rows are
 * written at once, but their generated seq is not read back either): a listener's own inserts are
 * best deferred too (Transactions.defer), after the event's, and refer to the event by its `id`.
 */
export type EventRecordedListener = (manager: EntityManager, event: PaymentSessionEventEntity, session: PaymentSessionEntity, actor: Actor) => Promise<void>;

@Injectable()
export class PaymentSessionEventsService {
  private readonly listeners: EventRecordedListener[] = [];

  constructor(
    @InjectRepository(PaymentSessionEventEntity) private readonly events: Repository<PaymentSessionEventEntity>,
    private readonly views: PaymentSessionViews,
    private readonly transactions: Transactions,
    private readonly sequencer: PaymentSessionEventSequencer,
  ) {}

  /** Registers a listener run inside the recording transaction. */
  onRecorded(listener: EventRecordedListener): void {
    this.listeners.push(listener);
  }

  /**
   * Appends an event with a snapshot of `session` (as the merchant API shows it) inside the
   * caller's transaction (a unit of work of Transactions.run). It takes its place in the org's
   * stream once that transaction has committed, before Transactions.run returns (see
   * PaymentSessionEventSequencer): no lock is taken, so writes of one org run side by side.
   * The row is deferred to the transaction's end (Transactions.defer: on MariaDB it goes with the
   * transaction's other deferred inserts and its COMMIT in one round trip), after every deferred
   * insert before it (the session's own, for `.created`); the returned event has no `seq` yet.
   */
  async record(manager: EntityManager, session: PaymentSessionEntity, type: PaymentSessionEventType, actor: Actor, details: Record<string, unknown> = {}): Promise<PaymentSessionEventEntity> {
    const event = manager.create(PaymentSessionEventEntity, {
      id: newId('evt'),
      orgId: session.orgId,
      sessionId: session.id,
      type,
      actor: actorLabel(actor),
      data: { ...details, paymentSession: this.views.toView(session) },
      occurredAt: new Date(),
      streamPosition: null,
    });
    this.transactions.defer(manager, multiRowInsert(manager, PaymentSessionEventEntity, [event]));
    this.sequenceAfterCommit(manager);
    for (const listener of this.listeners) await listener(manager, event, session, actor);
    return event;
  }

  /**
   * Appends one event per session in a single INSERT (bulk expiry), inside the caller's
   * transaction, as {@link record} does. The INSERT runs at once, not deferred: one round trip
   * per batch is nothing next to its rows, and the events take their `seq` now (in the database:
   * the returned events do not carry it; read it by event id if needed).
   */
  async recordMany(manager: EntityManager, sessions: PaymentSessionEntity[], type: PaymentSessionEventType, actor: Actor, details: Record<string, unknown> = {}): Promise<PaymentSessionEventEntity[]> {
    if (!sessions.length) return [];
    const occurredAt = new Date();
    const events = sessions.map((session) =>
      manager.create(PaymentSessionEventEntity, {
        id: newId('evt'),
        orgId: session.orgId,
        sessionId: session.id,
        type,
        actor: actorLabel(actor),
        data: { ...details, paymentSession: this.views.toView(session) },
        occurredAt,
        streamPosition: null,
      }),
    );
    const [sql, parameters] = multiRowInsert(manager, PaymentSessionEventEntity, events).getQueryAndParameters();
    await manager.query(sql, parameters);
    this.sequenceAfterCommit(manager);
    for (const [i, event] of events.entries()) for (const listener of this.listeners) await listener(manager, event, sessions[i], actor);
    return events;
  }

  private sequenceAfterCommit(manager: EntityManager): void {
    this.transactions.afterCommit(manager, 'payment-session-events', () => this.sequencer.sequence());
  }

  /**
   * One event by id, of any org (the webhook worker's body: it holds only ids from the outbox).
   *
   * @throws EntityNotFoundError when there is none (an outbox row always names an existing event).
   */
  byId(id: string): Promise<PaymentSessionEventEntity> {
    return this.events.findOneByOrFail({ id });
  }

  /**
   * Events of `orgId` by id, in no particular order; ids of other orgs or of no event are left
   * out. One query (the console's webhook payloads of a session).
   */
  async byIds(orgId: string, ids: readonly string[]): Promise<PaymentSessionEventEntity[]> {
    if (!ids.length) return [];
    return this.events.createQueryBuilder('e').where('e.org_id = :orgId AND e.id IN (:...ids)', { orgId, ids: [...ids] }).getMany();
  }

  /**
   * The org's stream in commit order (stream position), after an event id. Only events the
   * sequencer has placed are in it; an `after` event not yet placed (a webhook can arrive before
   * its event is) is placed first.
   *
   * @returns `events`: at most `first` (1 to MAX_PAGE_SIZE), oldest first; `hasMore`: whether more follow.
   * @throws DomainError NOT_FOUND (`orgId`) for another org; BAD_USER_INPUT (`first`; `after` not an
   *   event of this org); SERVICE_UNAVAILABLE when `after` cannot be placed yet (retry).
   */
  async stream(ctx: RequestContext, query: { orgId: string; after?: string | null; first?: number | null }) {
    const orgId = orgScope(ctx, query.orgId, 'Organization');
    const limit = pageSize(query.first);
    const qb = this.events
      .createQueryBuilder('e')
      .where('e.org_id = :orgId AND e.stream_position IS NOT NULL', { orgId })
      .orderBy('e.stream_position', 'ASC')
      .take(limit + 1);
    if (query.after) {
      const position = await this.positionOf(orgId, query.after);
      qb.andWhere('e.stream_position > :position', { position });
    }
    const rows = await qb.getMany();
    return { events: rows.slice(0, limit), hasMore: rows.length > limit };
  }

  private async positionOf(orgId: string, id: string): Promise<number> {
    const find = () => this.events.findOne({ select: { id: true, streamPosition: true }, where: { orgId, id } });
    let anchor = await find();
    if (!anchor) throw badInput('after', 'is not an event id of this organization');
    if (anchor.streamPosition === null) {
      await this.sequencer.sequence();
      anchor = await find();
    }
    if (anchor?.streamPosition === null || anchor?.streamPosition === undefined) throw serviceUnavailable('The event stream is catching up; retry');
    return anchor.streamPosition;
  }

  /**
   * The id of the org's newest event in the stream (its end, for `events tail`), or null when it has none yet.
   *
   * @throws DomainError NOT_FOUND (`orgId`) for another org.
   */
  async latestId(ctx: RequestContext, orgId: string): Promise<string | null> {
    const last = await this.events
      .createQueryBuilder('e')
      .select('e.id', 'id')
      .where('e.org_id = :orgId AND e.stream_position IS NOT NULL', { orgId: orgScope(ctx, orgId, 'Organization') })
      .orderBy('e.stream_position', 'DESC')
      .limit(1)
      .getRawOne<{ id: string }>();
    return last?.id ?? null;
  }

  /**
   * One session's events, oldest first (the console's timeline): of `orgId` (a merchant's own; a
   * staff member: any, or null for whichever org holds the session). Empty for an unknown session.
   *
   * @throws DomainError NOT_FOUND (`orgId`) for a merchant naming another org.
   */
  ofSession(ctx: RequestContext, orgId: string | null, sessionId: string): Promise<PaymentSessionEventEntity[]> {
    const org = orgFilter(ctx, orgId, 'Payment session');
    const qb = this.events.createQueryBuilder('e').where('e.session_id = :sessionId', { sessionId });
    if (org !== null) qb.andWhere('e.org_id = :orgId', { orgId: org });
    return qb.orderBy('e.seq', 'ASC').getMany();
  }

  /** Request-scoped loader of each session's events, oldest first (one query per page of sessions). */
  loader(scope: object, orgId: string) {
    return requestLoader<PaymentSessionEventEntity[]>(scope, `session-events:${orgId}`, async (sessionIds) => {
      const rows = await this.events
        .createQueryBuilder('e')
        .where('e.org_id = :orgId AND e.session_id IN (:...sessionIds)', { orgId, sessionIds })
        .orderBy('e.seq', 'ASC')
        .getMany();
      return sessionIds.map((id) => rows.filter((e) => e.sessionId === id));
    });
  }
}
