import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { createTestDatabase, TestDatabase } from '../test/support/test-database';

export const ROOT = path.resolve(__dirname, '..');

export interface Figure {
  name: string;
  rps: number;
  p50: number;
  p99: number;
}

/** A server process of the product on `databaseUrl`, as `npm start` would run it. */
export async function startServer(databaseUrl: string, env: Record<string, string> = {}): Promise<{ url: string; stop(): Promise<void>; child: ChildProcess }> {
  const port = 31000 + Math.floor(Math.random() * 2000);
  const child = spawn(process.execPath, ['--require', './scripts/register-ts.js', 'apps/api/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', API_KEY_PEPPER: 'bench-pepper-bench-pepper-bench-pepper', SECRETS_ENCRYPTION_KEY: 'bench-secrets-bench-secrets-bench-secrets', LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, DB_MIGRATE_ON_START: 'true', WEBHOOKS_ENABLED: 'false', API_RATE_LIMIT_PER_MINUTE: '0', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 300) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    stop: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

/** A database for the run: a fresh one on DATABASE_URL's server, or a SQLite file. */
export function benchDatabase(): Promise<TestDatabase> {
  return createTestDatabase();
}

/** Runs the CLI on `databaseUrl` and parses its JSON. */
export async function cli(databaseUrl: string, args: string[]): Promise<any> {
  const child = spawn(process.execPath, ['--require', './scripts/register-ts.js', 'apps/api/src/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, API_KEY_PEPPER: 'bench-pepper-bench-pepper-bench-pepper', SECRETS_ENCRYPTION_KEY: 'bench-secrets-bench-secrets-bench-secrets', NODE_ENV: 'production', DATABASE_URL: databaseUrl, DB_MIGRATE_ON_START: 'false' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`cli ${args.join(' ')} exited ${code}`);
  return JSON.parse(out);
}

/** Load with autocannon: `connections` concurrent clients for `seconds`. */
export async function load(name: string, url: string, opts: { body: string; headers: Record<string, string>; connections: number; seconds: number }): Promise<Figure> {
  const result = await autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    connections: opts.connections,
    duration: opts.seconds,
    headers: { 'content-type': 'application/json', ...opts.headers },
    body: opts.body,
  });
  if (result.non2xx || result.errors) throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
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

export function printFigures(rows: { figure: Figure; ceiling?: Figure }[]): void {
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`${pad('scenario', 44)} ${pad('req/s', 9)} ${pad('p50 ms', 8)} ${pad('p99 ms', 8)} vs ceiling`);
  for (const { figure, ceiling } of rows) {
    const ratio = ceiling ? `${((figure.rps / ceiling.rps) * 100).toFixed(1)}% of ${ceiling.name}` : '(ceiling)';
    console.log(`${pad(figure.name, 44)} ${pad(figure.rps.toFixed(0), 9)} ${pad(figure.p50.toFixed(1), 8)} ${pad(figure.p99.toFixed(1), 8)} ${ratio}`);
  }
}
