/**
 * `npm run bench`: throughput and latency of the merchant API on DATABASE_URL (a fresh database
 * on that server; SQLite when unset), each scenario next to its ceiling measured in the same run
 * at the same concurrency, and the server's RSS afterwards. Figures go to stdout; nothing here
 * asserts a target (the targets and the figures reached are in README.md, Performance).
 *
 *   BENCH_CONNECTIONS  concurrent clients (10)
 *   BENCH_SECONDS      seconds per scenario and round (8)
 *   BENCH_ROUNDS       interleaved rounds; each scenario reports its median round (1)
 *   BENCH_ONLY         comma-separated scenario keys to run (floor,trivial,anonymous,read,update,raw,create,create10,page)
 *   BENCH_CPU_PROF     a directory: the server writes a V8 CPU profile there when it stops
 *   BENCH_BASELINE     another checkout of the product (with its node_modules): its server runs
 *                      every scenario right after this one's, in each round, for before/after
 *                      figures measured under the same load of the machine
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { newId } from '@paysession/common';
import { benchDatabase, BenchServer, buildServer, cli, Figure, load, LoadRequest, loop, median, printTable, ROOT, Row, rssMiB, startEchoServer, startServer } from './bench-support';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;
const ORGS = 10;

export const CREATE = `mutation C($input: CreatePaymentSessionInput!) { createPaymentSession(input: $input) { id status amount link } }`;
/** The seed's updatePaymentSession request, verbatim. */
export const SEED_UPDATE = fs.readFileSync(path.join(ROOT, 'test/fixtures/seed-update-payment-session.graphql'), 'utf8');
/** The seed's whole selection, read through paymentSession. */
export const SEED_READ = SEED_UPDATE.replace('mutation UpdatePaymentSession($input: UpdatePaymentSessionInput!) { updatePaymentSession(input: $input)', 'query Read($orgId: ID!, $id: ID!) { paymentSession(orgId: $orgId, id: $id)');
export const TRIVIAL = '{ apiKey { id } }';
/**
 * Issue 15's anonymous request: 4,999 aliases, about 84 KB, no key. It must be refused (401)
 * before its body is read, in well under 5 ms of server time, with one log line at most.
 */
export const ANONYMOUS_84KB = JSON.stringify({ query: `{ ${Array.from({ length: 4999 }, (_, i) => `a${i}: __typename`).join(' ')} ${'#'.repeat(10_000)} }` });

/** A realistic session: a contactRef with an address and two invoices of three lines. */
export function realisticInput(orgId: string) {
  const contact = (name: string) => ({ contactName: name, contactFirstName: 'Jane', contactLastName: 'Doe', contactEmail: 'jane@example.com', contactPhone: '+14155554345' });
  const line = (num: number) => ({ num, quantity: 2, price: '25.00', productId: `p-${num}`, productSku: `SKU-${num}`, productName: `Widget ${num}`, productDescription: 'A very good widget', productImageUrl: 'https://cdn.example.com/w.png' });
  const invoice = (n: number) => ({ orderId: `o-${n}`, invoiceId: `inv-${n}`, invoiceNumber: `2026-${n}`, amount: '150.00', lines: [line(1), line(2), line(3)], billingContact: contact('Billing'), shippingContact: contact('Shipping') });
  return {
    orgId,
    amount: '300.00',
    currency: 'USD',
    callbackUrl: 'https://merchant.example.com/hooks',
    successUrl: 'https://merchant.example.com/thanks',
    transactionRef: 'tx-bench',
    contactRef: { ...contact('Jane Doe'), address: { lines: ['1 Main St', 'Suite 5'], locality: 'San Francisco', administrativeArea: 'CA', postalCode: '94105', countryCode: 'USA' } },
    invoiceRefs: [invoice(1), invoice(2)],
    expirationDate: new Date(Date.now() + 86400_000).toISOString(),
  };
}

/** An organization with a key that may do everything the scenarios do. */
export interface BenchTenant {
  orgId: string;
  headers: Record<string, string>;
}

export async function benchTenant(databaseUrl: string, name: string): Promise<BenchTenant> {
  const { orgId } = await cli(databaseUrl, ['org', 'create', '--name', name]);
  // The seed's selection includes `contact`, which needs read_contacts: without it every read and
  // update answered with a FORBIDDEN error beside its data (the figures before 2026-12-02 were so).
  const { apiKey } = await cli(databaseUrl, ['api-key', 'create', '--org', orgId, '--scopes', 'write_payment_sessions,read_contacts']);
  return { orgId, headers: { authorization: `Bearer ${apiKey}` } };
}

/** Creates one realistic session over HTTP; returns its id and the path of its customer link. */
export async function createSession(url: string, tenant: BenchTenant): Promise<{ id: string; linkPath: string }> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...tenant.headers }, body: JSON.stringify({ query: CREATE, variables: { input: realisticInput(tenant.orgId) } }) });
  const body = (await res.json()) as { data?: { createPaymentSession: { id: string; link: string } }; errors?: unknown };
  if (!body.data) throw new Error(`create failed: ${JSON.stringify(body.errors)}`);
  return { id: body.data.createPaymentSession.id, linkPath: new URL(body.data.createPaymentSession.link).pathname };
}

const gql = (tenant: BenchTenant, query: string, variables: Record<string, unknown> = {}): LoadRequest => ({ headers: tenant.headers, body: JSON.stringify({ query, variables }) });

/** One scenario: its key (BENCH_ONLY), its name, and how to measure it against a server. */
interface Scenario {
  key: string;
  name: string;
  /** Measured against the product's server; false for the floor and the raw-driver ceiling. */
  perServer: boolean;
  run(server: BenchServer): Promise<Figure | undefined>;
}

/** The rows of the report: each scenario next to its ceilings (issue 17's ratios). */
function report(chosen: Scenario[], f: (key: string) => Figure | undefined): Row[] {
  const row = (key: string, ...ceilings: (Figure | undefined)[]): Row | undefined => {
    const scenario = chosen.find((s) => s.key === key);
    if (!scenario) return undefined;
    return { name: scenario.name, figure: f(key), ceilings, note: key === 'page' && !f(key) ? 'not served' : undefined };
  };
  return [
    row('floor'),
    row('trivial', f('floor')),
    row('anonymous', f('floor')),
    row('read', f('trivial')),
    row('update', f('trivial')),
    row('page', f('trivial'), f('floor')),
    row('raw'),
    row('create', f('trivial'), f('raw')),
    row('create10', f('create')),
  ].filter((r): r is Row => !!r);
}

async function main() {
  buildServer();
  const baselineRoot = process.env.BENCH_BASELINE ? path.resolve(process.env.BENCH_BASELINE) : undefined;
  if (baselineRoot) buildServer(baselineRoot);
  const db = await benchDatabase();
  const cpuProfileDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined;
  const server = await startServer(db.url, {}, { cpuProfileDir });
  const baseline = baselineRoot ? await startServer(db.url, {}, { root: baselineRoot }) : undefined;
  const echo = await startEchoServer();
  try {
    // One after another: SQLite has one writer, and the CLI does not wait for it.
    const tenants: BenchTenant[] = [];
    for (let i = 1; i <= ORGS; i++) tenants.push(await benchTenant(db.url, `Bench ${i}`));
    const [one] = tenants;
    const { id, linkPath } = await createSession(server.url, one);
    const at = (name: string, requests: LoadRequest[]) => (target: BenchServer) => load(name, target.url, { requests, connections: CONNECTIONS, seconds: SECONDS });

    const scenarios: Scenario[] = [
      { key: 'floor', name: 'bare node:http JSON echo (floor)', perServer: false, run: () => at('bare node:http', [gql(one, TRIVIAL)])(echo) },
      { key: 'trivial', name: 'trivial authenticated query', perServer: true, run: at('trivial query', [gql(one, TRIVIAL)]) },
      {
        key: 'anonymous',
        name: 'anonymous 84 KB request (401)',
        perServer: true,
        run: (target) => load('anonymous 84 KB', target.url, { requests: [{ body: ANONYMOUS_84KB }], connections: CONNECTIONS, seconds: SECONDS, expectStatus: 401 }),
      },
      { key: 'read', name: "paymentSession (seed's selection)", perServer: true, run: at('read', [gql(one, SEED_READ, { orgId: one.orgId, id })]) },
      { key: 'update', name: "updatePaymentSession (seed's request)", perServer: true, run: at('update', [gql(one, SEED_UPDATE, { input: { orgId: one.orgId, id } })]) },
      // GET /pay/:token, the customer's page (issue 12): one read and a server render, next to the trivial query.
      {
        key: 'page',
        name: 'GET /pay/:token (hosted page)',
        perServer: true,
        run: async (target) => ((await fetch(`${target.url}${linkPath}`)).ok ? at('hosted page', [{ method: 'GET', path: linkPath }])(target) : undefined),
      },
      { key: 'raw', name: `raw-driver insert ceiling (${db.kind})`, perServer: false, run: () => rawInsertCeiling(db.url, one.orgId) },
      { key: 'create', name: 'createPaymentSession, 1 org', perServer: true, run: at('create, 1 org', [gql(one, CREATE, { input: realisticInput(one.orgId) })]) },
      { key: 'create10', name: `createPaymentSession, ${ORGS} orgs`, perServer: true, run: at(`create, ${ORGS} orgs`, tenants.map((t) => gql(t, CREATE, { input: realisticInput(t.orgId) }))) },
    ];
    const chosen = scenarios.filter((s) => !ONLY || ONLY.has(s.key));
    console.log(`database: ${db.kind}, ${CONNECTIONS} connections, ${SECONDS}s per scenario, ${ROUNDS} round(s) (median), ${new Date().toISOString()}`);
    if (baseline) console.log(`baseline: ${baselineRoot} (${revision(baselineRoot!)}), measured right after this tree (${revision(ROOT)}) in each round`);
    console.log('');

    const rounds = new Map<string, Figure[]>();
    const record = (key: string, figure: Figure | undefined) => figure && rounds.set(key, [...(rounds.get(key) ?? []), figure]);
    for (let round = 0; round < ROUNDS; round++) {
      for (const scenario of chosen) {
        record(scenario.key, await scenario.run(server));
        if (baseline && scenario.perServer) record(`baseline:${scenario.key}`, await scenario.run(baseline));
      }
    }
    const figureOf = (prefix: string) => (key: string) => {
      const own = rounds.get(`${prefix}${key}`) ?? (prefix && !chosen.find((s) => s.key === key)?.perServer ? rounds.get(key) : undefined);
      return own?.length ? median(own) : undefined;
    };
    printTable(report(chosen, figureOf('')));
    console.log(`\nserver RSS after the run: ${rssMiB(server.child.pid!).toFixed(0)} MiB`);
    printTargets(figureOf(''));
    if (baseline) {
      console.log(`\nbaseline (${revision(baselineRoot!)}):\n`);
      printTable(report(chosen, figureOf('baseline:')));
      console.log(`\nbaseline server RSS after the run: ${rssMiB(baseline.child.pid!).toFixed(0)} MiB\n`);
      for (const scenario of chosen.filter((s) => s.perServer)) {
        const [now, before] = [figureOf('')(scenario.key), figureOf('baseline:')(scenario.key)];
        if (now && before) console.log(`${scenario.name.padEnd(40)} ×${(now.rps / before.rps).toFixed(2)} of the baseline`);
      }
    }
  } finally {
    await echo.stop();
    await baseline?.stop();
    await server.stop();
    await db.drop();
  }
  if (cpuProfileDir) console.log(`CPU profile of the server written under ${cpuProfileDir}`);
}

/** Issue 17's ratios, each as measured in this run next to its target (README, Performance). */
const TARGETS: { name: string; of: string; to: string; target: number }[] = [
  { name: 'trivial query / bare node:http', of: 'trivial', to: 'floor', target: 0.3 },
  { name: 'seed read / trivial query', of: 'read', to: 'trivial', target: 0.7 },
  { name: 'seed update / trivial query', of: 'update', to: 'trivial', target: 0.5 },
  { name: 'create / trivial query', of: 'create', to: 'trivial', target: 0.5 },
  { name: 'create / raw-driver insert ceiling', of: 'create', to: 'raw', target: 0.25 },
  { name: `create with ${ORGS} orgs / with 1 org`, of: 'create10', to: 'create', target: 0.95 },
];

function printTargets(f: (key: string) => Figure | undefined): void {
  const lines = TARGETS.flatMap((t) => {
    const [of, to] = [f(t.of), f(t.to)];
    if (!of || !to) return [];
    const ratio = of.rps / to.rps;
    return [`${t.name.padEnd(40)} ${`${(ratio * 100).toFixed(1)}%`.padEnd(8)} target ≥ ${(t.target * 100).toFixed(0)}%${ratio >= t.target ? '' : '  (not met)'}`];
  });
  if (lines.length) console.log(`\nissue 17's ratios:\n${lines.join('\n')}`);
}

/** The checkout's commit, with a mark when its tree has changes. */
function revision(root: string): string {
  const run = (args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  return `${run(['rev-parse', '--short', 'HEAD'])}${run(['status', '--porcelain', '--untracked-files=no']) ? ' + changes' : ''}`;
}

/**
 * Every row a create writes (the session, its event, its webhook delivery, its staff search
 * index entry), inserted through the raw driver in one transaction per session: what the
 * database alone can do at the same concurrency.
 */
async function rawInsertCeiling(url: string, orgId: string): Promise<Figure> {
  const input = realisticInput(orgId);
  const invoices = JSON.stringify(input.invoiceRefs);
  const contact = JSON.stringify(input.contactRef);
  const cc = newId('cc');
  const statements = (seq: number) => {
    const now = Date.now();
    const sessionId = newId('ps');
    const eventId = newId('evt');
    return [
      [
        'INSERT INTO payment_sessions (id, org_id, status, amount_minor, currency, callback_url, success_url, link_token, contact_ref, transaction_ref, invoice_refs, invoice_total_minor, expiration_date, checkout_configuration_id, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [sessionId, orgId, 'Active', 30000, 'USD', input.callbackUrl, input.successUrl, randomBytes(24).toString('base64url'), contact, input.transactionRef, invoices, 30000, now + 86400_000, cc, 1, now, now],
      ],
      // With a stream position already (0: ahead of every real event), so that the sequencer of the server under
      // test does not get these rows to place during the scenarios that follow.
      [
        'INSERT INTO payment_session_events (id, org_id, session_id, type, actor, data, occurred_at, stream_position) VALUES (?, ?, ?, ?, ?, ?, ?, 0)',
        [eventId, orgId, sessionId, 'payment_session.created', 'merchant', JSON.stringify({ paymentSession: input }), now],
      ],
      [
        'INSERT INTO webhook_deliveries (id, org_id, event_id, event_seq, session_id, url, status, attempt_count, next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [newId('whd'), orgId, eventId, seq, sessionId, input.callbackUrl, 'Pending', 0, now, now, now],
      ],
      ['INSERT INTO staff_session_emails (email, session_id) VALUES (?, ?)', ['jane@example.com', sessionId]],
    ] as [string, unknown[]][];
  };
  let seq = 1_000_000_000;
  if (url.startsWith('sqlite:')) {
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(url.slice('sqlite:'.length));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    const insert = db.transaction(() => {
      for (const [sql, params] of statements(seq++)) db.prepare(sql).run(...params);
    });
    // better-sqlite3 is synchronous: concurrency cannot add throughput, so one loop measures it.
    const figure = await loop('raw-driver inserts', 1, SECONDS, async () => insert());
    db.close();
    return figure;
  }
  const mysql = await import('mysql2/promise');
  const pool = mysql.createPool({ uri: url, connectionLimit: CONNECTIONS });
  const figure = await loop('raw-driver inserts', CONNECTIONS, SECONDS, async () => {
    const conn = await pool.getConnection();
    try {
      await conn.beginTransaction();
      for (const [sql, params] of statements(seq++)) await conn.execute(sql, params as never[]);
      await conn.commit();
    } finally {
      conn.release();
    }
  });
  await pool.end();
  return figure;
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
