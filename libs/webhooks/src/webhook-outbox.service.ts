import { createHash } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { newId } from '@paysession/common';
import { PaymentSessionEntity, PaymentSessionEventEntity, PaymentSessionEventsService } from '@paysession/payment-sessions';
import { EntityManager } from 'typeorm';
import { WebhookDeliveryEntity, WebhookDeliveryStatus } from './webhook-delivery.entity';
import { WebhookGoneUrlEntity } from './webhook-gone-url.entity';

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
    const gone = await manager.findOneBy(WebhookGoneUrlEntity, { orgId: session.orgId, urlHash: urlHash(session.callbackUrl) });
    const now = new Date();
    await manager.insert(WebhookDeliveryEntity, {
      id: newId('whd'),
      orgId: session.orgId,
      eventId: event.id,
      eventSeq: Number(seq),
      sessionId: session.id,
      url: session.callbackUrl,
      status: gone ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending,
      attemptCount: 0,
      nextAttemptAt: now,
      leaseUntil: null,
      claimToken: null,
      lastStatusCode: null,
      lastError: gone ? 'The endpoint answered 410 Gone earlier; deliveries to it are stopped until one is redelivered' : null,
      deliveredAt: null,
      createdAt: now,
      updatedAt: now,
    });
  }
}
