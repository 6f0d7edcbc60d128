import { Webhook } from 'standardwebhooks';

/**
 * The Standard Webhooks headers for one attempt: `webhook-id` (the event id, the same on every
 * retry), `webhook-timestamp` (this attempt, in seconds) and `webhook-signature` with one
 * `v1,<base64 HMAC-SHA256 of id.timestamp.body>` per secret, space-separated.
 */
export function signedHeaders(secrets: string[], eventId: string, body: string, at = new Date()): Record<string, string> {
  const timestamp = new Date(Math.floor(at.getTime() / 1000) * 1000);
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(timestamp.getTime() / 1000),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(eventId, timestamp, body)).join(' '),
  };
}
