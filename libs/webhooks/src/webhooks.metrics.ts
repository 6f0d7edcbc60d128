import { Counter, Gauge, register } from 'prom-client';

function once<T>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

/** Attempts by outcome: succeeded, retry (failed, will try again), failed (for good). */
export const webhookAttempts = once('paysession_webhook_attempts_total', () =>
  new Counter({ name: 'paysession_webhook_attempts_total', help: 'Webhook delivery attempts by outcome', labelNames: ['outcome'] }),
);

/**
 * Seconds since the oldest delivery the worker could claim at its last poll fell due (0 when
 * none): how far delivery is behind. A delivery held back behind an earlier open delivery of its
 * session (whereNotHeldBack) is waiting by design and does not count, as on the console overview.
 */
export const webhookOldestDue = once('paysession_webhook_oldest_due_seconds', () =>
  new Gauge({ name: 'paysession_webhook_oldest_due_seconds', help: 'Seconds since the oldest delivery the worker could claim fell due (held-back deliveries excluded); 0 when none' }),
);
