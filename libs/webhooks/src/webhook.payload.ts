/** Event types that are not payment-session changes. */
export const WEBHOOK_TEST_EVENT_TYPE = 'webhook.test';

/**
 * The JSON body of a webhook (README, Webhooks): `{ id, type, occurredAt, orgId, data }`, where
 * `id` is also the `webhook-id` header (the receiver's deduplication key) and `occurredAt` is an
 * ISO 8601 UTC timestamp. The CLI's event tail prints the same shape.
 */
export interface WebhookPayload {
  id: string;
  type: string;
  occurredAt: string;
  orgId: string;
  data: Record<string, unknown>;
}

/** The body for an event as stored (a payment-session event, or a test event). */
export function webhookPayload(event: { id: string; type: string; occurredAt: Date; orgId: string; data: Record<string, unknown> }): WebhookPayload {
  return { id: event.id, type: event.type, occurredAt: event.occurredAt.toISOString(), orgId: event.orgId, data: event.data };
}
