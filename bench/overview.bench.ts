/**
 * `npm run bench:overview`: the console overview's queries (issue 19) on a database of 1M payment
 * sessions (MariaDB by default), each run BENCH_RUNS times: median and p95 latency against the
 * 50 ms target, with the plan MariaDB picks for each of their statements.
 *
 *   DATABASE_URL          the server (default mysql://root@127.0.0.1:3306/paysession_bench): a
 *                         fresh database `<name>_<random>` on it, dropped at the end
 *   BENCH_DATABASE_URL    instead, this very database, kept: seeded only while it holds fewer than
 *                         BENCH_SESSIONS sessions, so a second run reuses the first one's rows
 *   BENCH_SESSIONS        sessions to seed (1000000), over BENCH_DAYS days (90) and 10 organizations
 *   BENCH_RUNS            runs per query (40)
 *
 * Rows are seeded by multi-row INSERTs of 2,000 rows straight into the tables (with progress),
 * then the hourly roll-up catches up as the job would (timed), then the queries are measured
 * through the domain services, as the admin resolvers call them.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { newId, RequestContext, staffContext, StaffRole } from '@paysession/common';
import { loadConfig } from '@paysession/config';
import { ExpirySweepService } from '@paysession/expiry';
import { PaymentSessionOverviewService, PaymentSessionStatus as S } from '@paysession/payment-sessions';
import { ProvisioningService } from '../apps/api/src/provisioning/provisioning.service';
import { WebhookDeliveriesService, WebhookDeliveryStatus } from '@paysession/webhooks';
import { createApp } from '../apps/api/src/bootstrap';
import { createTestDatabase, TestDatabase } from '../test/support/test-database';
import { DataSource } from 'typeorm';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 1_000_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 90);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const ORGS = 10;
const BATCH = 2000;
const TARGET_MS = 50;
const HOUR = 3_600_000;

async function database(): Promise<TestDatabase> {
  const kept = process.env.BENCH_DATABASE_URL;
  if (kept) {
    const url = new URL(kept);
    if (/^(mysql|mariadb):$/.test(url.protocol)) {
      const { createConnection } = await import('mysql2/promise');
      const admin = await createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
      await admin.query(`CREATE DATABASE IF NOT EXISTS \`${url.pathname.slice(1)}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      await admin.end();
    }
    return { url: kept, kind: /^(mysql|mariadb):/.test(kept) ? 'mysql' : 'sqlite', drop: async () => undefined };
  }
  process.env.DATABASE_URL ??= 'mysql://root@127.0.0.1:3306/paysession_bench';
  return createTestDatabase();
}

/** A session's life as seeded: its status, when it got there, its deadlines. */
function life(i: number, createdAt: number, now: number) {
  const r = (i * 2654435761) % 1000; // spread, repeatable
  const recent = now - createdAt < 2 * HOUR;
  if (recent && r < 300) return { status: S.Active, updatedAt: createdAt, expiration: createdAt + 24 * HOUR, pending: null };
  if (recent && r < 400) return { status: S.Pending, updatedAt: createdAt + 60_000, expiration: createdAt + 24 * HOUR, pending: now + HOUR + r * 1000 };
  if (r < 700) return { status: S.Completed, updatedAt: Math.min(now, createdAt + (r % 30) * 60_000), expiration: createdAt + 24 * HOUR, pending: null };
  if (r < 850) return { status: S.Expired, updatedAt: Math.min(now, createdAt + 24 * HOUR), expiration: createdAt + 24 * HOUR, pending: null };
  if (r < 950) return { status: S.Canceled, updatedAt: Math.min(now, createdAt + (r % 60) * 60_000), expiration: createdAt + 24 * HOUR, pending: null };
  if (r < 990) return { status: S.Rejected, updatedAt: Math.min(now, createdAt + (r % 10) * 60_000), expiration: createdAt + 24 * HOUR, pending: null };
  // A few Active ones past their deadline: the sweep's backlog.
  if (r === 999) return { status: S.Active, updatedAt: createdAt, expiration: now - (i % 3600) * 1000, pending: null };
  return { status: S.Completed, updatedAt: Math.min(now, createdAt + 120_000), expiration: createdAt + 24 * HOUR, pending: null };
}

async function seed(ds: DataSource, orgs: { orgId: string; cc: string }[], count: number): Promise<void> {
  const now = Date.now();
  const span = DAYS * 24 * HOUR;
  const started = Date.now();
  const cols = 'id, org_id, status, amount_minor, currency, link_token, checkout_configuration_id, expiration_date, pending_expires_at, pending_reason, payment_id, version, created_at, updated_at';
  for (let start = 0; start < count; start += BATCH) {
    const values: unknown[] = [];
    const n = Math.min(BATCH, count - start);
    for (let k = 0; k < n; k++) {
      const i = start + k;
      const org = orgs[i % ORGS];
      // Oldest first across the run, evenly over the span, the last one now.
      const createdAt = now - span + Math.floor((span * (i + 1)) / count);
      const l = life(i, createdAt, now);
      values.push(
        newId('ps'), org.orgId, l.status, 1000 + (i % 100_000), 'USD', randomBytes(24).toString('base64url'), org.cc, l.expiration, l.pending,
        l.status === S.Pending ? 'BUYER_ACTION_REQUIRED' : null, l.status === S.Completed ? `pay-${i}` : null, 1, createdAt, l.updatedAt,
      );
    }
    await ds.query(`INSERT INTO payment_sessions (${cols}) VALUES ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`, values);
    const done = start + n;
    if (done % 50_000 < BATCH || done === count) {
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(`\rseeding sessions: ${done.toLocaleString('en-US')} / ${count.toLocaleString('en-US')} (${seconds.toFixed(0)} s, ${Math.round(done / seconds)}/s)   `);
    }
  }
  process.stdout.write('\n');
  // Webhook deliveries: one per tenth session, most delivered, some retrying, some given up.
  const deliveries = Math.floor(count / 10);
  const dcols = 'id, org_id, event_id, event_seq, session_id, url, status, attempt_count, next_attempt_at, created_at, updated_at';
  for (let start = 0; start < deliveries; start += BATCH) {
    const values: unknown[] = [];
    const n = Math.min(BATCH, deliveries - start);
    for (let k = 0; k < n; k++) {
      const i = start + k;
      const r = i % 1000;
      const status = r < 980 ? WebhookDeliveryStatus.Succeeded : r < 990 ? WebhookDeliveryStatus.Pending : WebhookDeliveryStatus.Failed;
      const createdAt = now - span + Math.floor((span * (i + 1)) / deliveries);
      const next = status === WebhookDeliveryStatus.Pending ? now - 60_000 + (r - 985) * 30_000 : createdAt;
      values.push(newId('whd'), orgs[i % ORGS].orgId, newId('evt'), i + 1, newId('ps'), 'https://merchant.example/hooks', status, status === WebhookDeliveryStatus.Succeeded ? 1 : 3, next, createdAt, createdAt);
    }
    await ds.query(`INSERT INTO webhook_deliveries (${dcols}) VALUES ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`, values);
  }
  console.log(`seeded ${count.toLocaleString('en-US')} sessions over ${DAYS} days in ${ORGS} organizations and ${deliveries.toLocaleString('en-US')} webhook deliveries in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

interface Row {
  name: string;
  median: number;
  p95: number;
}

async function measure(name: string, run: () => Promise<unknown>): Promise<Row> {
  for (let i = 0; i < 3; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { name, median: times[Math.floor(times.length / 2)], p95: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)] };
}

/** The statements one call runs, and MariaDB's plan for each (key, rows, Extra). */
async function explain(ds: DataSource, run: () => Promise<unknown>): Promise<string[]> {
  const statements: [string, unknown[]][] = [];
  const logger = ds.logger;
  const original = logger.logQuery.bind(logger);
  logger.logQuery = (query: string, parameters?: unknown[]) => {
    if (/^\s*SELECT/i.test(query)) statements.push([query, parameters ?? []]);
    return original(query, parameters);
  };
  try {
    await run();
  } finally {
    logger.logQuery = original;
  }
  const plans: string[] = [];
  for (const [query, parameters] of statements) {
    const rows: Record<string, unknown>[] = await ds.query(`EXPLAIN ${query}`, parameters);
    plans.push(rows.map((r) => `${r.table}: ${r.type} key=${r.key ?? '-'} rows=${r.rows}${r.Extra ? ` (${r.Extra})` : ''}`).join('; '));
  }
  return plans;
}

async function main() {
  const db = await database();
  const config = loadConfig({
    NODE_ENV: 'production', API_KEY_PEPPER: 'bench-pepper-bench-pepper-bench-pepper', SECRETS_ENCRYPTION_KEY: 'bench-secrets-bench-secrets-bench-secrets', LOG_LEVEL: 'warn',
    DATABASE_URL: db.url, DB_MIGRATE_ON_START: 'true', EXPIRY_ENABLED: 'false', WEBHOOKS_ENABLED: 'false', EVENT_SEQUENCER_TICK_MS: '0', OVERVIEW_ROLLUP_ENABLED: 'false',
    DB_STATEMENT_TIMEOUT_MS: '600000', DB_TRANSACTION_TIMEOUT_MS: '600000',
  });
  const app = await createApp(config);
  await app.init();
  const ds = app.get(DataSource);
  try {
    const [{ n }] = await ds.query('SELECT COUNT(*) AS n FROM payment_sessions');
    let orgs: { orgId: string; cc: string }[] = await ds.query('SELECT org_id AS orgId, id AS cc FROM checkout_configurations WHERE is_default = ? ORDER BY org_id LIMIT ?', [true, ORGS]);
    if (Number(n) < SESSIONS) {
      if (Number(n) > 0) throw new Error(`${db.url} holds ${n} sessions, fewer than BENCH_SESSIONS=${SESSIONS}: use an empty database or a fully seeded one`);
      for (let i = orgs.length; i < ORGS; i++) await app.get(ProvisioningService).createOrganization(`Bench ${i + 1}`);
      orgs = await ds.query('SELECT org_id AS orgId, id AS cc FROM checkout_configurations WHERE is_default = ? ORDER BY org_id LIMIT ?', [true, ORGS]);
      await seed(ds, orgs, SESSIONS);
      await ds.query(ds.options.type === 'mysql' ? 'ANALYZE TABLE payment_sessions, webhook_deliveries' : 'ANALYZE');
    } else {
      console.log(`reusing ${Number(n).toLocaleString('en-US')} sessions in ${db.url.replace(/\/\/[^@]*@/, '//')}`);
    }

    // The sweep is off: a backlog of overdue Active sessions for its figure (topped up to 1,000 on a reused database).
    const [{ overdue }] = await ds.query('SELECT COUNT(*) AS overdue FROM payment_sessions WHERE status = ? AND expiration_date <= ?', [S.Active, Date.now()]);
    const missing = 1000 - Number(overdue);
    if (missing > 0) {
      const at = Date.now() - 2 * 24 * HOUR;
      const values = Array.from({ length: missing }, (_, i) => [newId('ps'), orgs[i % ORGS].orgId, S.Active, 1000, 'USD', randomBytes(24).toString('base64url'), orgs[i % ORGS].cc, Date.now() - (i + 1) * 1000, 1, at, at]).flat();
      await ds.query(
        `INSERT INTO payment_sessions (id, org_id, status, amount_minor, currency, link_token, checkout_configuration_id, expiration_date, version, created_at, updated_at) VALUES ${Array.from({ length: missing }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        values,
      );
    }

    const overview = app.get(PaymentSessionOverviewService);
    const rolling = Date.now();
    let rolled = 0;
    for (let step; (step = await overview.rollUp(new Date(), 10_000)).hours; ) rolled += step.hours;
    console.log(`roll-up: ${rolled} hours counted in ${((Date.now() - rolling) / 1000).toFixed(1)} s (the job's catch-up; then one chunk an hour)`);

    const ctx: RequestContext = staffContext({ id: 'stf_bench', role: StaffRole.viewer }, 'bench');
    const deliveries = app.get(WebhookDeliveriesService);
    const sweep = app.get(ExpirySweepService);
    const org = orgs[3].orgId;
    const range = (hours: number) => ({ from: new Date(Date.now() - hours * HOUR), until: new Date(Date.now() + HOUR) });
    const queries: [string, () => Promise<unknown>][] = [
      ['activity, 24 hours, every org', () => overview.activity(ctx, range(24))],
      ['activity, 7 days, every org', () => overview.activity(ctx, range(7 * 24))],
      ['activity, 30 days, every org', () => overview.activity(ctx, range(30 * 24))],
      ['activity, 30 days, one org', () => overview.activity(ctx, { ...range(30 * 24), orgId: org })],
      ['pending now, every org', () => overview.pendingNow(ctx, null)],
      ['pending now, one org', () => overview.pendingNow(ctx, org)],
      ['webhooks failing, every org', () => deliveries.failingNow(ctx, null)],
      ['webhooks failing, one org', () => deliveries.failingNow(ctx, org)],
      ['expiry sweep backlog', () => sweep.backlog()],
    ];
    const rows: Row[] = [];
    for (const [name, run] of queries) rows.push(await measure(name, run));

    console.log(`\ndatabase: ${db.kind}; ${RUNS} runs each; target ${TARGET_MS} ms`);
    console.log(`${'query'.padEnd(34)} ${'median ms'.padStart(10)} ${'p95 ms'.padStart(8)}   vs target`);
    for (const r of rows) {
      console.log(`${r.name.padEnd(34)} ${r.median.toFixed(1).padStart(10)} ${r.p95.toFixed(1).padStart(8)}   ${r.p95 <= TARGET_MS ? 'ok' : `OVER (${(r.p95 / TARGET_MS).toFixed(1)}x)`}`);
    }
    if (db.kind === 'mysql') {
      console.log('\nplans (EXPLAIN of each statement):');
      for (const [name, run] of queries) {
        console.log(`- ${name}`);
        for (const plan of await explain(ds, run)) console.log(`    ${plan}`);
      }
    }
  } finally {
    await app.close();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
