import { Counter, Gauge, register } from 'prom-client';

function once<T>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

/** Attempts by outcome: succeeded, retry (failed, will try again), failed (for good). */
export const webhookAttempts = once('paysession_webhook_attempts_total', () =>
  new Counter({ name: 'paysession_webhook_attempts_total', help: 'Webhook delivery attempts by outcome', labelNames: ['outcome'] }),
);

export const webhookOldestDue = once('paysession_webhook_oldest_due_seconds', () =>
  new Gauge({ name: 'paysession_webhook_oldest_due_seconds', help: 'Age of the oldest delivery that is due and not yet sent' }),
);
