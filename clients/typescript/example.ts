/**
 * The typed client end to end: create a payment session, read it back, and receive and verify
 * its webhook. Run it against a development server (README, "The typed client"):
 *
 *   CALLBACK_ALLOW_PRIVATE_NETWORKS=true npm start            # in one terminal
 *   PAYSESSION_API_KEY=$KEY PAYSESSION_ORG_ID=$ORG PAYSESSION_WEBHOOK_SECRET=$SECRET npm run --silent example
 *
 * The webhook endpoint is this process, on 127.0.0.1: the server must be allowed to call a
 * loopback address (CALLBACK_ALLOW_PRIVATE_NETWORKS=true, development only).
 */
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { CreatePaymentSessionDocument, PaymentSessionDocument, PaysessionClient, PaysessionError } from './src';

const WEBHOOK_WAIT_MS = 60_000;

function setting(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (!value) throw new Error(`${name} is not set (see the comment at the top of this file)`);
  return value;
}

/** A webhook endpoint: answers 204 to a delivery whose signature verifies, 400 to anything else. */
async function startWebhookEndpoint(secret: string, onEvent: (event: { id: string; type: string; data: { paymentSession?: { id: string; status: string } } }) => void) {
  const webhook = new Webhook(secret);
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        // The raw body and the webhook-id, webhook-timestamp and webhook-signature headers.
        const event = webhook.verify(body, req.headers as Record<string, string>) as Parameters<typeof onEvent>[0];
        res.writeHead(204).end();
        onEvent(event);
      } catch (error) {
        console.error(`refused a webhook: ${(error as Error).message}`);
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks` };
}

async function main(): Promise<void> {
  const client = new PaysessionClient({ url: setting('PAYSESSION_URL', 'http://localhost:3000/graphql'), apiKey: setting('PAYSESSION_API_KEY') });
  const orgId = setting('PAYSESSION_ORG_ID');

  // The webhook can arrive before the create's answer does (the server delivers as soon as the
  // session commits): keep each session's .created event by id until it is asked for.
  const createdEvents = new Map<string, { promise: Promise<{ id: string; type: string }>; resolve: (event: { id: string; type: string }) => void }>();
  const createdEvent = (sessionId: string) => {
    let entry = createdEvents.get(sessionId);
    if (!entry) {
      let resolve: (event: { id: string; type: string }) => void = () => undefined;
      const promise = new Promise<{ id: string; type: string }>((r) => (resolve = r));
      entry = { promise, resolve };
      createdEvents.set(sessionId, entry);
    }
    return entry;
  };
  const endpoint = await startWebhookEndpoint(setting('PAYSESSION_WEBHOOK_SECRET'), (event) => {
    const sessionId = event.data.paymentSession?.id;
    if (event.type === 'payment_session.created' && sessionId) createdEvent(sessionId).resolve(event);
  });

  try {
    // 1. Create: typed input, typed answer. The idempotency key makes a retry return the same session.
    const { createPaymentSession: session } = await client.request(
      CreatePaymentSessionDocument,
      { input: { orgId, amount: '100.10', currency: 'USD', transactionRef: `example-${Date.now()}`, callbackUrl: endpoint.url } },
      { idempotencyKey: randomUUID() },
    );
    console.log(`created ${session.id}: ${session.status}, ${session.amount} ${session.currency}, pay at ${session.link}`);

    // 2. Read it back, with its events.
    const { paymentSession } = await client.request(PaymentSessionDocument, { orgId, id: session.id });
    console.log(`read ${paymentSession.id}: ${paymentSession.status}, expires ${paymentSession.expirationDate ?? 'never'}, events: ${paymentSession.events.map((e) => e.type).join(', ')}`);

    // 3. The webhook of its creation, signed (Standard Webhooks) and verified by the endpoint above.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no verified webhook within ${WEBHOOK_WAIT_MS / 1000} s: does the server run with CALLBACK_ALLOW_PRIVATE_NETWORKS=true, and is its log showing a failed delivery?`)), WEBHOOK_WAIT_MS);
    });
    const event = await Promise.race([createdEvent(session.id).promise, timeout]).finally(() => clearTimeout(timer));
    console.log(`webhook ${event.id} (${event.type}) verified`);
  } finally {
    endpoint.server.close();
  }
}

main().catch((error) => {
  console.error(error instanceof PaysessionError ? `the API refused: ${error.message}${error.field ? ` (field ${error.field})` : ''}` : String(error?.message ?? error));
  process.exit(1);
});
