/**
 * `npm run bench:expiry`: how fast the sweep expires a backlog on DATABASE_URL (a fresh
 * database on that server; SQLite when unset), against a raw bulk UPDATE of the same rows (the
 * ceiling), and what the sweep does to paymentSession read latency meanwhile.
 */
import 'reflect-metadata';
import { loadConfig } from '@paysession/config';
import { ExpirySweepService } from '@paysession/expiry';
import { createApp } from '../apps/api/src/bootstrap';
import { defaultCheckoutConfigurationId, seedSessions } from '../test/support/seed';
import { benchDatabase, cli, Figure, startServer } from './bench-support';
import autocannon from 'autocannon';
import { DataSource } from 'typeorm';

const TOTAL = Number(process.env.BENCH_SESSIONS ?? 200_000);
const OVERDUE = Number(process.env.BENCH_OVERDUE ?? 50_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

async function main() {
  const db = await benchDatabase();
  const server = await startServer(db.url, { EXPIRY_ENABLED: 'false' });
  const config = loadConfig({ NODE_ENV: 'production', API_KEY_PEPPER: 'bench-pepper-bench-pepper-bench-pepper', SECRETS_ENCRYPTION_KEY: 'bench-secrets-bench-secrets-bench-secrets', LOG_LEVEL: 'warn', DATABASE_URL: db.url, DB_MIGRATE_ON_START: 'false', EXPIRY_ENABLED: 'false', WEBHOOKS_ENABLED: 'false' });
  const sweeper = await createApp(config);
  await sweeper.init();
  const ds = sweeper.get(DataSource);
  try {
    const { orgId } = await cli(db.url, ['org', 'create', '--name', 'Bench']);
    const { apiKey } = await cli(db.url, ['api-key', 'create', '--org', orgId, '--scopes', 'read_payment_sessions']);
    const cc = await defaultCheckoutConfigurationId(ds, orgId);
    const seeding = Date.now();
    const now = Date.now();
    await seedSessions(ds, { orgId, checkoutConfigurationId: cc, count: TOTAL - OVERDUE, expirationDate: (i) => new Date(now + 3600_000 + i) });
    await seedSessions(ds, { orgId, checkoutConfigurationId: cc, count: OVERDUE, expirationDate: (i) => new Date(now - 1000 - i) });
    const [{ id: readId }] = await ds.query('SELECT id FROM payment_sessions WHERE status = ? LIMIT 1', ['Active']);
    console.log(`database: ${db.kind}; seeded ${TOTAL} sessions (${OVERDUE} overdue) in ${((Date.now() - seeding) / 1000).toFixed(1)}s`);

    const read = { query: 'query($o: ID!, $id: ID!) { paymentSession(orgId: $o, id: $id) { id status amount link } }', variables: { o: orgId, id: readId } };
    const reads = (seconds: number) =>
      autocannon({ url: `${server.url}/graphql`, method: 'POST', connections: CONNECTIONS, duration: seconds, headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, body: JSON.stringify(read) });

    const idle = await reads(5);

    const during = reads(30);
    const started = performance.now();
    const result = await sweeper.get(ExpirySweepService).sweep();
    const sweepSeconds = (performance.now() - started) / 1000;
    (during as unknown as { stop(): void }).stop();
    const busy = await during;
    if (result.expired !== OVERDUE) throw new Error(`the sweep expired ${result.expired}, expected ${OVERDUE}`);

    // The ceiling: put the same rows back and expire them with one bulk UPDATE.
    await ds.query("DELETE FROM payment_session_events WHERE type = 'payment_session.expired'");
    await ds.query("UPDATE payment_sessions SET status = 'Active' WHERE status = 'Expired'");
    const bulkStarted = performance.now();
    const bulk = await rawBulkExpire(ds, Date.now());
    const bulkSeconds = (performance.now() - bulkStarted) / 1000;

    const figure = (f: Figure) => `${f.rps.toFixed(0)} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms`;
    const sweepRate = OVERDUE / sweepSeconds;
    const bulkRate = bulk / bulkSeconds;
    console.log(`sweep:   ${OVERDUE} expired in ${sweepSeconds.toFixed(2)}s = ${sweepRate.toFixed(0)} sessions/s (${result.batches} batches of ${config.expiry.batchSize}, with one event each)`);
    console.log(`ceiling: raw bulk UPDATE of ${bulk} rows in ${bulkSeconds.toFixed(2)}s = ${bulkRate.toFixed(0)} sessions/s (no events)`);
    console.log(`ratio:   the sweep runs at ${((sweepRate / bulkRate) * 100).toFixed(1)}% of the ceiling`);
    console.log(`reads without a sweep: ${figure({ name: '', rps: idle.requests.average, p50: idle.latency.p50, p99: idle.latency.p99 })}`);
    console.log(`reads during the sweep: ${figure({ name: '', rps: busy.requests.average, p50: busy.latency.p50, p99: busy.latency.p99 })}`);
    console.log(`p99 during / without: ${(busy.latency.p99 / idle.latency.p99).toFixed(2)}x`);
  } finally {
    await sweeper.close();
    await server.stop();
    await db.drop();
  }
}

async function rawBulkExpire(ds: DataSource, now: number): Promise<number> {
  const result = await ds.query("UPDATE payment_sessions SET status = 'Expired', version = version + 1, updated_at = ? WHERE status = 'Active' AND expiration_date <= ?", [now, now]);
  return Number(result.affectedRows ?? result.changes ?? result[1] ?? 0) || (await ds.query("SELECT COUNT(*) AS n FROM payment_sessions WHERE status = 'Expired'"))[0].n;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
