import { createHash } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { newId } from '@paysession/common';
import { PaymentSessionEntity, PaymentSessionEventEntity, PaymentSessionEventsService } from '@paysession/payment-sessions';
import { EntityManager } from 'typeorm';
import { WebhookDeliveryEntity, WebhookDeliveryStatus } from './webhook-delivery.entity';

const GONE_ERROR = 'The endpoint answered 410 Gone earlier; deliveries to it are stopped until one is redelivered';

export const urlHash = (url: string) => createHash('sha256').update(url).digest('hex');

/**
 * The transactional outbox: every event of a session with a callbackUrl gets a delivery row
 * in the transaction that writes the event, so a committed event is never without its
 * delivery and a rolled-back change never sends one.
 */
@Injectable()
export class WebhookOutboxService implements OnModuleInit {
  constructor(private readonly events: PaymentSessionEventsService) {}

  onModuleInit(): void {
    this.events.onRecorded((manager, event, session) => this.enqueue(manager, event, session));
  }

  private async enqueue(manager: EntityManager, event: PaymentSessionEventEntity, session: PaymentSessionEntity): Promise<void> {
    if (!session.callbackUrl) return;
    const seq = event.seq ?? (await manager.findOneByOrFail(PaymentSessionEventEntity, { id: event.id })).seq;
    const now = new Date();
    // Whether the URL answered 410 Gone earlier is asked inside the INSERT: one statement, not a
    // read and then a write, on the create's path.
    const gone = 'EXISTS (SELECT 1 FROM webhook_gone_urls g WHERE g.org_id = :goneOrgId AND g.url_hash = :goneUrlHash)';
    await manager
      .createQueryBuilder()
      .insert()
      .into(WebhookDeliveryEntity)
      .values({
        id: newId('whd'),
        orgId: session.orgId,
        eventId: event.id,
        eventSeq: Number(seq),
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
        goneOrgId: session.orgId,
        goneUrlHash: urlHash(session.callbackUrl),
        failed: WebhookDeliveryStatus.Failed,
        pending: WebhookDeliveryStatus.Pending,
        goneError: GONE_ERROR,
      })
      .updateEntity(false)
      .execute();
  }
}
