import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { createTestDatabase, TestDatabase } from '../test/support/test-database';

export const ROOT = path.resolve(__dirname, '..');

/** The secrets a production start requires; fixed so that the CLI and the server agree. */
const BENCH_SECRETS = { API_KEY_PEPPER: 'bench-pepper-bench-pepper-bench-pepper', SECRETS_ENCRYPTION_KEY: 'bench-secrets-bench-secrets-bench-secrets' };

/** One measured scenario: requests per second and latency percentiles in milliseconds. */
export interface Figure {
  name: string;
  rps: number;
  p50: number;
  p99: number;
}

/** A process the bench started and talks to over loopback HTTP. */
export interface BenchServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Compiles the server to dist/ (as `npm start` does), so that the bench runs what production runs. */
export function buildServer(root = ROOT): void {
  execFileSync(process.execPath, ['scripts/build.js'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function waitUntilUp(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; ; i++) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the process exited (${child.exitCode ?? child.signalCode}) before it answered`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    if (i > 1200) throw new Error(`${url} did not start within two minutes`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
}

const randomPort = () => 31000 + Math.floor(Math.random() * 2000);

/**
 * A server process of the product on `databaseUrl`, as `npm start` runs it (the built dist/,
 * NODE_ENV=production, a log line per request to a discarded stdout; call buildServer() first),
 * from this checkout or another one (`root`). With `cpuProfileDir` it writes a V8 CPU profile
 * there when it stops (`--cpu-prof`; open it in Chrome DevTools).
 */
export async function startServer(databaseUrl: string, env: Record<string, string> = {}, options: { cpuProfileDir?: string; root?: string } = {}): Promise<BenchServer> {
  const flags = options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir] : [];
  return startProcess((port) =>
    spawn(process.execPath, [...flags, '--enable-source-maps', 'dist/apps/api/src/main.js'], {
      cwd: options.root ?? ROOT,
      env: { ...process.env, NODE_ENV: 'production', ...BENCH_SECRETS, LOG_LEVEL: 'info', PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, DB_MIGRATE_ON_START: 'true', WEBHOOKS_ENABLED: 'false', API_RATE_LIMIT_PER_MINUTE: '0', CHECKOUT_RATE_LIMIT_PER_MINUTE: '0', ANONYMOUS_RATE_LIMIT_PER_MINUTE: '0', ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  );
}

/** Starts a server on a random port, and again on another if that one turned out to be taken. */
async function startProcess(spawnOn: (port: number) => ChildProcess): Promise<BenchServer> {
  for (let attempt = 1; ; attempt++) {
    const port = randomPort();
    const child = spawnOn(port);
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitUntilUp(url, child);
      return { url, child, stop: stopper(child) };
    } catch (error) {
      await stopper(child)();
      if (attempt === 3) throw error;
    }
  }
}

/**
 * The machine's floor: a bare `node:http` server in its own process that parses the JSON body
 * and answers it back as JSON — what any Node HTTP API costs before it does anything.
 */
export function startEchoServer(): Promise<BenchServer> {
  return startProcess((port) => spawn(process.execPath, [path.join(__dirname, 'echo-server.js'), String(port)], { stdio: ['ignore', 'ignore', 'inherit'] }));
}

/** Resident set size of process `pid` in MiB (`ps`, so Linux and macOS alike). */
export function rssMiB(pid: number): number {
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024;
}

/** A database for the run: a fresh one on DATABASE_URL's server, or a SQLite file. */
export function benchDatabase(): Promise<TestDatabase> {
  return createTestDatabase();
}

/** Runs the built CLI (call buildServer() first) on `databaseUrl` and parses its JSON. */
export async function cli(databaseUrl: string, args: string[]): Promise<any> {
  const child = spawn(process.execPath, ['dist/apps/api/src/cli.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...BENCH_SECRETS, NODE_ENV: 'production', DATABASE_URL: databaseUrl, DB_MIGRATE_ON_START: 'false' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`cli ${args.join(' ')} exited ${code}`);
  return JSON.parse(out);
}

/** One HTTP request of a load: POST of a JSON body to `path` (default /graphql), or a GET. */
export interface LoadRequest {
  method?: 'GET' | 'POST';
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * Load with autocannon: `connections` concurrent clients for `seconds`. With several
 * `requests`, each connection sends them in turn (a mix, or one org after another). Any non-2xx
 * answer fails the run (or, with `expectStatus`, any other answer): a figure of errors would mean
 * nothing. GraphQL answers a refused field with 200 and `errors` beside the data, which autocannon
 * cannot see: each request is sent once first, and one answering with `errors` fails the run.
 */
export async function load(name: string, url: string, opts: { requests: LoadRequest[]; connections: number; seconds: number; expectStatus?: number }): Promise<Figure> {
  if (opts.expectStatus === undefined) for (const request of opts.requests) await preflight(name, url, request);
  const result = await autocannon({
    url,
    connections: opts.connections,
    duration: opts.seconds,
    requests: opts.requests.map((r) => ({
      method: r.method ?? 'POST',
      path: r.path ?? '/graphql',
      headers: r.body === undefined ? r.headers : { 'content-type': 'application/json', ...r.headers },
      body: r.body,
    })),
  });
  if (opts.expectStatus !== undefined) {
    // A scenario of refusals: every answer must be that refusal.
    const other = Object.entries(result.statusCodeStats ?? {}).filter(([code]) => Number(code) !== opts.expectStatus);
    if (other.length || result.errors) throw new Error(`${name}: answers other than ${opts.expectStatus}: ${JSON.stringify(Object.fromEntries(other))}, ${result.errors} errors`);
  } else if (result.non2xx || result.errors) throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

/** Sends `request` once; throws when a GraphQL answer carries `errors` (a figure of partial failures would mean nothing). */
async function preflight(name: string, url: string, request: LoadRequest): Promise<void> {
  const res = await fetch(`${url}${request.path ?? '/graphql'}`, {
    method: request.method ?? 'POST',
    headers: request.body === undefined ? request.headers : { 'content-type': 'application/json', ...request.headers },
    body: request.body,
  });
  const text = await res.text();
  if (!res.headers.get('content-type')?.includes('json')) return;
  const errors = (JSON.parse(text) as { errors?: unknown[] }).errors;
  if (errors?.length) throw new Error(`${name}: the request answers with errors: ${JSON.stringify(errors).slice(0, 500)}`);
}

/** Runs `work` from `connections` concurrent loops for `seconds`, timing each call. */
export async function loop(name: string, connections: number, seconds: number, work: () => Promise<void>): Promise<Figure> {
  const latencies: number[] = [];
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < until) {
        const start = performance.now();
        await work();
        latencies.push(performance.now() - start);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { name, rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99) };
}

/** The round whose throughput is the median (of interleaved rounds of one scenario). */
export function median(figures: Figure[]): Figure {
  return [...figures].sort((a, b) => a.rps - b.rps)[Math.floor(figures.length / 2)];
}

/** A figure measured against another: "42.0% of <ceiling>". */
export const ratio = (figure: Figure, ceiling: Figure) => `${((figure.rps / ceiling.rps) * 100).toFixed(1)}% of ${ceiling.name}`;

/** One table row: a figure (or a line saying why there is none) and its ratios. */
export interface Row {
  name: string;
  figure?: Figure;
  ceilings?: (Figure | undefined)[];
  note?: string;
}

export function printTable(rows: Row[]): void {
  const width = Math.max(...rows.map((r) => r.name.length)) + 2;
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`${pad('scenario', width)} ${pad('req/s', 8)} ${pad('p50 ms', 8)} ${pad('p99 ms', 8)} ratio`);
  for (const row of rows) {
    if (!row.figure) {
      console.log(`${pad(row.name, width)} ${pad('—', 8)} ${pad('', 8)} ${pad('', 8)} ${row.note ?? ''}`);
      continue;
    }
    const f = row.figure;
    const ratios = (row.ceilings ?? []).filter((c): c is Figure => !!c).map((c) => ratio(f, c));
    console.log(`${pad(row.name, width)} ${pad(f.rps.toFixed(0), 8)} ${pad(f.p50.toFixed(1), 8)} ${pad(f.p99.toFixed(1), 8)} ${ratios.join('; ') || row.note || '(ceiling)'}`);
  }
}
