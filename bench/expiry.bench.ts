/**
 * `npm run bench:expiry`: how fast the sweep expires a backlog on DATABASE_URL (a fresh
 * database on that server; SQLite when unset), against two ceilings on the same rows — the
 * same work in SQL alone (per batch: claim, update, one event row per session) and one raw bulk
 * UPDATE without events — and what the sweep does to paymentSession read latency meanwhile.
 *
 *   BENCH_SESSIONS, BENCH_OVERDUE, BENCH_CONNECTIONS  size the run (200000, 50000, 10)
 *   BENCH_CPU_PROF  a directory: a V8 CPU profile of this process during the sweep alone is
 *                   written there (expiry-sweep.cpuprofile; `npm run --silent bench:profile --
 *                   <file> 999` summarizes it). The sweep runs in this process; the reads'
 *                   client (autocannon) does too and shows under its own name.
 */
import 'reflect-metadata';
import { newId } from '@paysession/common';
import { loadConfig } from '@paysession/config';
import { ExpirySweepService } from '@paysession/expiry';
import { createApp } from '../apps/api/src/bootstrap';
import { defaultCheckoutConfigurationId, seedSessions } from '../test/support/seed';
import { benchDatabase, buildServer, cli, Figure, startServer } from './bench-support';
import * as fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { DataSource } from 'typeorm';

const TOTAL = Number(process.env.BENCH_SESSIONS ?? 200_000);
const OVERDUE = Number(process.env.BENCH_OVERDUE ?? 50_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

async function main() {
  buildServer();
  const db = await benchDatabase();
  // No sequencer tick in either process: the sweep's own writes sequence their events (as in
  // production), and the SQL-alone ceiling's events are not placed while it is measured.
  const server = await startServer(db.url, { EXPIRY_ENABLED: 'false', EVENT_SEQUENCER_TICK_MS: '0' });
  // The bench's own bulk statements (the raw ceiling's UPDATE of every overdue row, the restore
  // between runs) outlast the product's 5 s statement bound on a busy machine; the sweep's own
  // batches are small and never near it.
  const config = loadConfig({ DB_STATEMENT_TIMEOUT_MS: '120000', DB_TRANSACTION_TIMEOUT_MS: '120000', NODE_ENV: 'production', API_KEY_PEPPER: 'bench-pepper-bench-pepper-bench-pepper', SECRETS_ENCRYPTION_KEY: 'bench-secrets-bench-secrets-bench-secrets', LOG_LEVEL: 'warn', DATABASE_URL: db.url, DB_MIGRATE_ON_START: 'false', EXPIRY_ENABLED: 'false', WEBHOOKS_ENABLED: 'false', EVENT_SEQUENCER_TICK_MS: '0' });
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
    // A session that is not due: reading an overdue one would expire it (the deadline rule) ahead of the sweep.
    const [{ id: readId }] = await ds.query('SELECT id FROM payment_sessions WHERE status = ? AND expiration_date > ? LIMIT 1', ['Active', now + 60_000]);
    console.log(`database: ${db.kind}; seeded ${TOTAL} sessions (${OVERDUE} overdue) in ${((Date.now() - seeding) / 1000).toFixed(1)}s`);

    const read = { query: 'query($o: ID!, $id: ID!) { paymentSession(orgId: $o, id: $id) { id status amount link } }', variables: { o: orgId, id: readId } };
    const reads = (seconds: number) =>
      autocannon({ url: `${server.url}/graphql`, method: 'POST', connections: CONNECTIONS, duration: seconds, headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, body: JSON.stringify(read) });

    const idle = await reads(5);

    const during = reads(30);
    const profiler = await startProfiler();
    const started = performance.now();
    const result = await sweeper.get(ExpirySweepService).sweep();
    const sweepSeconds = (performance.now() - started) / 1000;
    await profiler?.stop();
    (during as unknown as { stop(): void }).stop();
    const busy = await during;
    if (result.expired !== OVERDUE) throw new Error(`the sweep expired ${result.expired}, expected ${OVERDUE}`);

    // The ceilings: put the same rows back each time, then expire them in SQL alone.
    const restore = async () => {
      await ds.query("DELETE FROM payment_session_events WHERE type = 'payment_session.expired'");
      await ds.query("UPDATE payment_sessions SET status = 'Active' WHERE status = 'Expired'");
    };
    await restore();
    const batchedStarted = performance.now();
    const batched = await sqlSweep(ds, Date.now(), config.expiry.batchSize);
    const batchedSeconds = (performance.now() - batchedStarted) / 1000;
    if (batched !== OVERDUE) throw new Error(`the SQL sweep expired ${batched}, expected ${OVERDUE}`);
    await restore();
    const bulkStarted = performance.now();
    const bulk = await rawBulkExpire(ds, Date.now());
    const bulkSeconds = (performance.now() - bulkStarted) / 1000;

    const figure = (f: Figure) => `${f.rps.toFixed(0)} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms`;
    const sweepRate = OVERDUE / sweepSeconds;
    const batchedRate = batched / batchedSeconds;
    const bulkRate = bulk / bulkSeconds;
    const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(1)}%`;
    console.log(`sweep:   ${OVERDUE} expired in ${sweepSeconds.toFixed(2)}s = ${sweepRate.toFixed(0)} sessions/s (${result.batches} batches of ${config.expiry.batchSize}, with one event each)`);
    console.log(`ceiling: the same in SQL alone (claim + update + event insert per batch of ${config.expiry.batchSize}) in ${batchedSeconds.toFixed(2)}s = ${batchedRate.toFixed(0)} sessions/s`);
    console.log(`ceiling: raw bulk UPDATE of ${bulk} rows in ${bulkSeconds.toFixed(2)}s = ${bulkRate.toFixed(0)} sessions/s (no events)`);
    console.log(`ratio:   the sweep runs at ${pct(sweepRate, batchedRate)} of the SQL-alone sweep and ${pct(sweepRate, bulkRate)} of the bulk UPDATE`);
    console.log(`reads without a sweep: ${figure({ name: '', rps: idle.requests.average, p50: idle.latency.p50, p99: idle.latency.p99 })}`);
    console.log(`reads during the sweep: ${figure({ name: '', rps: busy.requests.average, p50: busy.latency.p50, p99: busy.latency.p99 })}`);
    console.log(`p99 during / without: ${(busy.latency.p99 / idle.latency.p99).toFixed(2)}x`);
  } finally {
    await sweeper.close();
    await server.stop();
    await db.drop();
  }
}

/** With BENCH_CPU_PROF: starts V8's CPU profiler on this process; `stop()` writes the profile there. */
async function startProfiler(): Promise<{ stop(): Promise<void> } | null> {
  const dir = process.env.BENCH_CPU_PROF;
  if (!dir) return null;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      fs.mkdirSync(dir, { recursive: true });
      const file = path.resolve(dir, 'expiry-sweep.cpuprofile');
      fs.writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      console.log(`CPU profile of the sweep: ${file}`);
    },
  };
}

async function rawBulkExpire(ds: DataSource, now: number): Promise<number> {
  const result = await ds.query("UPDATE payment_sessions SET status = 'Expired', version = version + 1, updated_at = ? WHERE status = 'Active' AND expiration_date <= ?", [now, now]);
  return Number(result.affectedRows ?? result.changes ?? result[1] ?? 0) || (await ds.query("SELECT COUNT(*) AS n FROM payment_sessions WHERE status = 'Expired'"))[0].n;
}

/**
 * The sweep's work with nothing but SQL: batch after batch, one transaction each that claims
 * the oldest due rows (FOR UPDATE SKIP LOCKED on MariaDB), moves them with one UPDATE, and
 * writes one `.expired` event per session (with the session's snapshot) in one INSERT.
 */
async function sqlSweep(ds: DataSource, now: number, batchSize: number): Promise<number> {
  const mysql = ds.options.type === 'mysql';
  let expired = 0;
  for (;;) {
    const runner = ds.createQueryRunner();
    await runner.startTransaction();
    try {
      const due: Record<string, unknown>[] = await runner.query(
        `SELECT * FROM payment_sessions WHERE status = 'Active' AND expiration_date <= ? ORDER BY expiration_date LIMIT ${batchSize}${mysql ? ' FOR UPDATE SKIP LOCKED' : ''}`,
        [now],
      );
      if (!due.length) {
        await runner.commitTransaction();
        return expired;
      }
      const ids = due.map((row) => row.id as string);
      const marks = ids.map(() => '?').join(', ');
      await runner.query(`UPDATE payment_sessions SET status = 'Expired', version = version + 1, updated_at = ? WHERE id IN (${marks}) AND status = 'Active'`, [now, ...ids]);
      const values = due.flatMap((row) => [newId('evt'), row.org_id, row.id, 'payment_session.expired', 'scheduler', JSON.stringify({ from: 'Active', paymentSession: { ...row, status: 'Expired', updated_at: now } }), now]);
      await runner.query(`INSERT INTO payment_session_events (id, org_id, session_id, type, actor, data, occurred_at) VALUES ${due.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`, values);
      await runner.commitTransaction();
      expired += due.length;
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
