/**
 * `npm run bench:soak`: mixed merchant load on one server process for BENCH_SOAK_SECONDS (300),
 * sampling the server's RSS every BENCH_SOAK_SAMPLE_SECONDS (10); prints the samples, the peak
 * and the trend after a one-minute warm-up. A leak shows as a steady climb; a healthy server
 * levels off. Target (issue 17): at most 250 MB, no upward trend.
 *
 * Each of BENCH_CONNECTIONS (10) clients sends, in turn: the trivial query, two reads of the
 * seed's selection, the seed's update, a realistic create and a page of sessions.
 */
import autocannon from 'autocannon';
import { benchDatabase, buildServer, rssMiB, startServer } from './bench-support';
import { benchTenant, CREATE, createSession, realisticInput, SEED_READ, SEED_UPDATE, TRIVIAL } from './merchant-api.bench';

const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 300);
const SAMPLE_SECONDS = Number(process.env.BENCH_SOAK_SAMPLE_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WARM_UP_SECONDS = Math.min(60, SECONDS / 3);

/** Least-squares slope of `y` over `x`. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den ? num / den : 0;
}

async function main() {
  buildServer();
  const db = await benchDatabase();
  const server = await startServer(db.url);
  try {
    const tenant = await benchTenant(db.url, 'Soak');
    const { id } = await createSession(server.url, tenant);
    const body = (query: string, variables: Record<string, unknown> = {}) => ({ method: 'POST' as const, path: '/graphql', headers: { 'content-type': 'application/json', ...tenant.headers }, body: JSON.stringify({ query, variables }) });
    const requests = [
      body(TRIVIAL),
      body(SEED_READ, { orgId: tenant.orgId, id }),
      body(SEED_UPDATE, { input: { orgId: tenant.orgId, id } }),
      body(CREATE, { input: realisticInput(tenant.orgId) }),
      body(SEED_READ, { orgId: tenant.orgId, id }),
      body('query($o: ID!) { paymentSessions(orgId: $o, first: 20) { nodes { id status amount link } } }', { o: tenant.orgId }),
    ];
    console.log(`database: ${db.kind}, ${CONNECTIONS} connections, ${SECONDS}s of mixed load, RSS every ${SAMPLE_SECONDS}s, ${new Date().toISOString()}`);
    console.log(`RSS before load: ${rssMiB(server.child.pid!).toFixed(0)} MiB\n`);
    console.log('  t s   RSS MiB   req/s (window)');

    const samples: { x: number; y: number }[] = [];
    let served = 0;
    let failed = 0;
    let finish!: (result: autocannon.Result) => void;
    let fail!: (error: unknown) => void;
    const done = new Promise<autocannon.Result>((resolve, reject) => ((finish = resolve), (fail = reject)));
    const run = autocannon({ url: server.url, connections: CONNECTIONS, duration: SECONDS, requests }, (error, result) => (error ? fail(error) : finish(result)));
    run.on('response', (_client: unknown, statusCode: number) => {
      if (statusCode >= 200 && statusCode < 300) served++;
      else failed++;
    });
    const started = Date.now();
    let lastServed = 0;
    const timer = setInterval(() => {
      const t = (Date.now() - started) / 1000;
      const rss = rssMiB(server.child.pid!);
      samples.push({ x: t, y: rss });
      console.log(`${t.toFixed(0).padStart(5)}   ${rss.toFixed(0).padStart(7)}   ${((served - lastServed) / SAMPLE_SECONDS).toFixed(0)}`);
      lastServed = served;
    }, SAMPLE_SECONDS * 1000);
    const result = await done;
    clearInterval(timer);
    if (failed || result.errors) throw new Error(`${failed} non-2xx answers, ${result.errors} errors`);

    const settled = samples.filter((s) => s.x >= WARM_UP_SECONDS);
    const perMinute = slope(settled) * 60;
    const last = samples.slice(-Math.max(1, Math.round(60 / SAMPLE_SECONDS)));
    const mean = (ps: { y: number }[]) => ps.reduce((s, p) => s + p.y, 0) / ps.length;
    console.log(`\nrequests: ${result.requests.total} (${result.requests.average.toFixed(0)} req/s average), p99 ${result.latency.p99} ms`);
    console.log(`RSS: peak ${Math.max(...samples.map((s) => s.y)).toFixed(0)} MiB, last minute's mean ${mean(last).toFixed(0)} MiB`);
    console.log(`trend after ${WARM_UP_SECONDS}s warm-up: ${perMinute >= 0 ? '+' : ''}${perMinute.toFixed(2)} MiB/min (least squares over ${settled.length} samples)`);
  } finally {
    await server.stop();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
