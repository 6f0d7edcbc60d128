import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { badInput, newId, orgScope, pageSize, RequestContext, requestLoader } from '@paysession/common';
import { lockOrganization } from '@paysession/database';
import { EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { PaymentSessionEntity } from '../payment-session.entity';
import { PaymentSessionViews } from '../payment-session.view';
import { PaymentSessionEventEntity } from './payment-session-event.entity';
import { Actor, actorLabel, PaymentSessionEventType } from './payment-session-event.types';

/**
 * Something that must happen in the same transaction as an event (the webhook outbox):
 * whatever it writes commits or rolls back with the event.
 */
export type EventRecordedListener = (manager: EntityManager, event: PaymentSessionEventEntity, session: PaymentSessionEntity) => Promise<void>;

@Injectable()
export class PaymentSessionEventsService {
  private readonly listeners: EventRecordedListener[] = [];

  constructor(
    @InjectRepository(PaymentSessionEventEntity) private readonly events: Repository<PaymentSessionEventEntity>,
    private readonly views: PaymentSessionViews,
  ) {}

  /** Registers a listener run inside the recording transaction. */
  onRecorded(listener: EventRecordedListener): void {
    this.listeners.push(listener);
  }

  /**
   * Appends an event with a snapshot of `session` (as the merchant API shows it) inside the
   * caller's transaction.
   */
  async record(manager: EntityManager, session: PaymentSessionEntity, type: PaymentSessionEventType, actor: Actor, details: Record<string, unknown> = {}): Promise<PaymentSessionEventEntity> {
    await this.lockStream(manager, session.orgId);
    const event = manager.create(PaymentSessionEventEntity, {
      id: newId('evt'),
      orgId: session.orgId,
      sessionId: session.id,
      type,
      actor: actorLabel(actor),
      data: { ...details, paymentSession: this.views.toView(session) },
      occurredAt: new Date(),
    });
    await manager.save(PaymentSessionEventEntity, event);
    for (const listener of this.listeners) await listener(manager, event, session);
    return event;
  }

  /** Appends one event per session in a single INSERT (bulk expiry), inside the caller's transaction. */
  async recordMany(manager: EntityManager, sessions: PaymentSessionEntity[], type: PaymentSessionEventType, actor: Actor, details: Record<string, unknown> = {}): Promise<PaymentSessionEventEntity[]> {
    if (!sessions.length) return [];
    // In a fixed order, so that two batches spanning the same orgs cannot deadlock on them.
    for (const orgId of [...new Set(sessions.map((s) => s.orgId))].sort()) await this.lockStream(manager, orgId);
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
      }),
    );
    // JSON `data` is a plain object; TypeORM's deep-partial type cannot see through `unknown`.
    await manager.insert(PaymentSessionEventEntity, events as unknown as QueryDeepPartialEntity<PaymentSessionEventEntity>[]);
    for (const [i, event] of events.entries()) for (const listener of this.listeners) await listener(manager, event, sessions[i]);
    return events;
  }

  /**
   * Makes the org's events of this transaction take their `seq` only after every other
   * transaction that wrote events of the org has committed, and holds that until commit.
   *
   * On MariaDB `seq` is handed out at insert, not at commit: two transactions of one org could
   * commit out of seq order, and a reader paging the stream with after = the last id would skip
   * the one that committed later, for good. The org row, locked until commit, makes seq order
   * commit order within the org. It is taken as late as possible (just before the event row) so
   * the serialized part of a write is short, which is why payment_sessions has no foreign key to
   * organizations: that check would take a shared lock on the row first, and two transactions
   * upgrading it would deadlock. SQLite runs one transaction at a time already.
   */
  async lockStream(manager: EntityManager, orgId: string): Promise<void> {
    await lockOrganization(manager, orgId);
  }

  /** One event by id (the webhook worker's body); throws when there is none. */
  byId(id: string): Promise<PaymentSessionEventEntity> {
    return this.events.findOneByOrFail({ id });
  }

  /** The org's whole stream in commit order (seq), after an event id. */
  async stream(ctx: RequestContext, query: { orgId: string; after?: string | null; first?: number | null }) {
    const orgId = orgScope(ctx, query.orgId, 'Organization');
    const limit = pageSize(query.first);
    const qb = this.events.createQueryBuilder('e').where('e.org_id = :orgId', { orgId }).orderBy('e.seq', 'ASC').take(limit + 1);
    if (query.after) {
      const anchor = await this.events.findOneBy({ orgId, id: query.after });
      if (!anchor) throw badInput('after', 'is not an event id of this organization');
      qb.andWhere('e.seq > :seq', { seq: Number(anchor.seq) });
    }
    const rows = await qb.getMany();
    return { events: rows.slice(0, limit), hasMore: rows.length > limit };
  }

  /** The id of the org's newest event (the end of its stream), or null when it has none yet. */
  async latestId(ctx: RequestContext, orgId: string): Promise<string | null> {
    const last = await this.events
      .createQueryBuilder('e')
      .select('e.id', 'id')
      .where('e.org_id = :orgId', { orgId: orgScope(ctx, orgId, 'Organization') })
      .orderBy('e.seq', 'DESC')
      .limit(1)
      .getRawOne<{ id: string }>();
    return last?.id ?? null;
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
