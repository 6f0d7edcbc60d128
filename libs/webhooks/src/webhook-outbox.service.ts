import { createHash } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { newId } from '@paysession/common';
import { Transactions } from '@paysession/database';
import { PaymentSessionEntity, PaymentSessionEventEntity, PaymentSessionEventsService } from '@paysession/payment-sessions';
import { EntityManager } from 'typeorm';
import { WebhookDeliveryEntity, WebhookDeliveryStatus } from './webhook-delivery.entity';

const GONE_ERROR = 'The endpoint answered 410 Gone earlier; deliveries to it are stopped until one is redelivered';

export const urlHash = (url: string) => createHash('sha256').update(url).digest('hex');

/**
 * The transactional outbox: every event of a session with a callbackUrl gets a delivery row
 * in the transaction that writes the event, so a committed event is never without its
 * delivery and a rolled-back change never sends one. The row is deferred to the transaction's
 * end (Transactions.defer), after its event's, so it names the event's generated `seq` through a
 * lookup by the event's id inside the INSERT.
 */
@Injectable()
export class WebhookOutboxService implements OnModuleInit {
  constructor(
    private readonly events: PaymentSessionEventsService,
    private readonly transactions: Transactions,
  ) {}

  onModuleInit(): void {
    this.events.onRecorded((manager, event, session) => this.enqueue(manager, event, session));
  }

  private async enqueue(manager: EntityManager, event: PaymentSessionEventEntity, session: PaymentSessionEntity): Promise<void> {
    if (!session.callbackUrl) return;
    const now = new Date();
    // Whether the URL answered 410 Gone earlier is asked inside the INSERT: one statement, not a
    // read and then a write, on the create's path.
    const gone = 'EXISTS (SELECT 1 FROM webhook_gone_urls g WHERE g.org_id = :goneOrgId AND g.url_hash = :goneUrlHash)';
    this.transactions.defer(
      manager,
      manager
        .createQueryBuilder()
        .insert()
        .into(WebhookDeliveryEntity)
        .values({
          id: newId('whd'),
          orgId: session.orgId,
          eventId: event.id,
          // The event's row is inserted before this one (deferred as well by record(), at once by
          // recordMany()): its generated seq may be known only to the database, so it is looked
          // up by the event's id (a unique index).
          eventSeq: () => '(SELECT e.seq FROM payment_session_events e WHERE e.id = :eventId)',
          sessionId: session.id,
          url: session.callbackUrl,
          status: () => `CASE WHEN ${gone} THEN :failed ELSE :pending END`,
          attemptCount: 0,
          nextAttemptAt: now,
          leaseUntil: null,
          claimToken: null,
          lastStatusCode: null,
          lastError: () => `CASE WHEN ${gone} THEN :goneError ELSE NULL END`,
          deliveredAt: null,
          createdAt: now,
          updatedAt: now,
        })
        .setParameters({
          eventId: event.id,
          goneOrgId: session.orgId,
          goneUrlHash: urlHash(session.callbackUrl),
          failed: WebhookDeliveryStatus.Failed,
          pending: WebhookDeliveryStatus.Pending,
          goneError: GONE_ERROR,
        })
        .updateEntity(false),
    );
  }
}
