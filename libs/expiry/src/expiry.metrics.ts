import { Counter, Gauge, Histogram, register } from 'prom-client';

function once<T>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

/** Sessions the scheduler moved to Expired. */
export const sessionsExpired = once('paysession_sessions_expired_total', () =>
  new Counter({ name: 'paysession_sessions_expired_total', help: 'Payment sessions expired by the scheduler', labelNames: ['from'] }),
);

export const sweepDuration = once('paysession_expiry_sweep_duration_seconds', () =>
  new Histogram({ name: 'paysession_expiry_sweep_duration_seconds', help: 'Duration of one expiry sweep run', buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60] }),
);

/** How far behind the sweep is: 0 when nothing is overdue. */
export const oldestOverdue = once('paysession_expiry_oldest_overdue_seconds', () =>
  new Gauge({ name: 'paysession_expiry_oldest_overdue_seconds', help: 'Age of the oldest overdue session when the last sweep started' }),
);
