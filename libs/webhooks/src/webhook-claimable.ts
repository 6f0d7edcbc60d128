import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { WebhookDeliveryStatus } from './webhook-delivery.entity';

/**
 * The ordering rule of webhook deliveries, in one place: a session's deliveries go out in event
 * order, so a delivery is held back (not claimable, however due) while an earlier delivery of
 * the same session is still open (Pending or Delivering). Adds that condition to `qb`, whose
 * main alias is a `webhook_deliveries` row. Used by the worker's claim and by every figure that
 * says what the worker would claim now (the console overview's oldest due delivery), so they
 * agree. The subquery is a lookup on `ix_webhook_deliveries_session (session_id, event_seq)`.
 */
export function whereNotHeldBack<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  const d = qb.alias;
  return qb.andWhere(
    `NOT EXISTS (SELECT 1 FROM webhook_deliveries held_by WHERE held_by.session_id = ${d}.session_id AND held_by.event_seq < ${d}.event_seq AND held_by.status IN (:...heldByOpen))`,
    { heldByOpen: [WebhookDeliveryStatus.Pending, WebhookDeliveryStatus.Delivering] },
  );
}
