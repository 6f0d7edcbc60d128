import { WebhookDeliveryModel } from './models/webhook.models';
import { DeliveryWithAttempts } from './webhook-deliveries.service';
import { WebhookDeliveryStatus } from './webhook-delivery.entity';

export function toWebhookDeliveryModel({ delivery: d, attempts }: DeliveryWithAttempts): WebhookDeliveryModel {
  return {
    id: d.id,
    eventId: d.eventId,
    sessionId: d.sessionId,
    url: d.url,
    status: d.status,
    attemptCount: d.attemptCount,
    nextAttemptAt: d.status === WebhookDeliveryStatus.Pending ? d.nextAttemptAt : null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    deliveredAt: d.deliveredAt,
    createdAt: d.createdAt,
    attempts: attempts.map((a) => ({ id: a.id, attemptedAt: a.attemptedAt, durationMs: a.durationMs, statusCode: a.statusCode, error: a.error, responseExcerpt: a.responseExcerpt })),
  };
}
