import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, TestDatabase } from './support/test-database';

const ROOT = path.resolve(__dirname, '..');
const NODE = [process.execPath, '--require', './scripts/register-ts.js'];

function env(db: TestDatabase, extra: Record<string, string> = {}) {
  return { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: db.url, DB_MIGRATE_ON_START: 'true', EXPIRY_ENABLED: 'false', WEBHOOKS_ENABLED: 'false', ...extra };
}

/** `npm run --silent cli -- …` as a script would call it: stdout must be one JSON document. */
function cli(db: TestDatabase, args: string[], input?: string) {
  const res = spawnSync(NODE[0], [...NODE.slice(1), 'apps/api/src/cli.ts', ...args], { cwd: ROOT, env: env(db), input, encoding: 'utf8' });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('the server and the CLI as processes', () => {
  let db: TestDatabase;

  before(async () => {
    db = await createTestDatabase();
  });
  after(() => db.drop());

  it('prints only JSON from the CLI: org create, api-key create and revoke, migrate', () => {
    const org = cli(db, ['org', 'create', '--name', 'Acme']);
    assert.equal(org.status, 0, org.stderr);
    const { orgId } = JSON.parse(org.stdout);
    assert.match(orgId, /^org_[0-9A-Z]{26}$/);
    assert.equal(org.stdout.trim().split('\n').length, 1);

    const key = cli(db, ['api-key', 'create', '--org', orgId, '--scopes', 'read_payment_sessions,write_payment_sessions']);
    assert.equal(key.status, 0, key.stderr);
    const created = JSON.parse(key.stdout);
    assert.deepEqual(Object.keys(created).sort(), ['apiKey', 'id']);
    assert.match(created.apiKey, /^psk_/);

    const revoked = cli(db, ['api-key', 'revoke', created.id]);
    assert.equal(revoked.status, 0, revoked.stderr);
    assert.equal(JSON.parse(revoked.stdout).id, created.id);

    const secret = cli(db, ['webhook-secret', 'rotate', '--org', orgId]);
    assert.match(JSON.parse(secret.stdout).secret, /^whsec_/);

    assert.deepEqual(JSON.parse(cli(db, ['migrate']).stdout), { applied: [] });
  });

  it('fails with a non-zero exit and a JSON error on stderr, stdout empty', () => {
    const res = cli(db, ['api-key', 'create', '--org', 'org_nope', '--scopes', 'read_payment_sessions']);
    assert.notEqual(res.status, 0);
    assert.equal(res.stdout, '');
    assert.equal(JSON.parse(res.stderr.trim().split('\n').pop()!).code, 'NOT_FOUND');
    const scopes = cli(db, ['api-key', 'create', '--org', 'org_nope', '--scopes', 'everything']);
    assert.notEqual(scopes.status, 0);
    assert.equal(scopes.stdout, '');
  });

  it('stops at once on bad configuration, with one line naming the variable', () => {
    for (const [name, value] of [['PORT', 'eighty'], ['DATABASE_URL', 'postgres://x/y'], ['EXPIRY_CRON', '* * *']]) {
      const res = spawnSync(NODE[0], [...NODE.slice(1), 'apps/api/src/main.ts'], { cwd: ROOT, env: env(db, { [name]: value }), encoding: 'utf8', timeout: 120_000 });
      assert.equal(res.status, 1, `${name}: ${res.stderr}`);
      const lines = res.stderr.trim().split('\n');
      assert.equal(lines.length, 1, res.stderr);
      assert.match(lines[0], new RegExp(`^Configuration error: ${name} `));
    }
  });

  /**
   * `npm start`'s entry point as a process, on a port the system picks (PORT=0; the server logs
   * the one it got), once it answers /health.
   */
  async function startServer(extra: Record<string, string> = {}) {
    const server = spawn(NODE[0], [...NODE.slice(1), 'apps/api/src/main.ts'], { cwd: ROOT, env: env(db, { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...extra }), stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    server.stdout!.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    let port = 0;
    for (let i = 0; !port; i++) {
      assert.equal(server.exitCode, null, 'the server exited while starting');
      assert.ok(i < 1200, 'the server did not start within two minutes');
      await new Promise((r) => setTimeout(r, 100));
      port = Number(/"msg":"listening on http:\/\/localhost:(\d+)/.exec(stdout)?.[1] ?? 0);
    }
    const url = `http://127.0.0.1:${port}`;
    assert.equal((await fetch(`${url}/health`)).status, 200);
    return { server, port, url, exited, stdout: () => stdout };
  }

  it('logs one JSON line per request with its request id, and none for /health and /metrics', async () => {
    const { server, url, exited, stdout } = await startServer();
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'log-check-1' }, body: JSON.stringify({ query: '{ __typename }' }) });
    assert.equal(res.status, 200);
    assert.equal((await fetch(`${url}/metrics`)).status, 200);
    assert.equal((await fetch(`${url}/health`)).status, 200);
    server.kill('SIGTERM');
    assert.equal(await exited, 0);
    const requests = stdout()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((line) => line.req);
    assert.deepEqual(
      requests.map((line) => ({ req: line.req, res: line.res })),
      [{ req: { id: 'log-check-1', method: 'POST', url: '/graphql' }, res: { statusCode: 200 } }],
    );
    assert.equal(typeof requests[0].responseTime, 'number');
  });

  it('on SIGTERM finishes the request in flight, then exits cleanly', async () => {
    const { server, port, url, exited } = await startServer();
    // A request truly in flight: headers sent, half of the body still to come.
    const body = JSON.stringify({ query: '{ __typename }' });
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let response = '';
    socket.on('data', (d) => (response += d));
    const answered = new Promise((resolve) => socket.once('end', resolve));
    socket.write(`POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 5)}`);
    await new Promise((r) => setTimeout(r, 200));
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    socket.write(body.slice(5));
    await answered;
    assert.match(response, /^HTTP\/1\.1 200/);
    assert.match(response, /"__typename":"Query"/);
    assert.equal(await exited, 0);
    await assert.rejects(fetch(`${url}/health`));
  });
});
