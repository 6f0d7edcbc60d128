import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from 'standardwebhooks';
import { databaseUrlOf, NODE_TS, ROOT, runProcess } from './support/server-process';
import { TestApp } from './support/test-app';
import { createTestDatabase, onMysql, TestDatabase } from './support/test-database';
import { WebhookReceiver } from './support/webhook-receiver';


function env(db: TestDatabase, extra: Record<string, string> = {}) {
  return { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: db.url, DB_MIGRATE_ON_START: 'true', EXPIRY_ENABLED: 'false', WEBHOOKS_ENABLED: 'false', ...extra };
}

/** `npm run --silent cli -- …` as a script would call it: stdout must be one JSON document. */
function cli(db: TestDatabase, args: string[], input?: string) {
  const res = spawnSync(NODE_TS[0], [...NODE_TS.slice(1), 'apps/api/src/cli.ts', ...args], { cwd: ROOT, env: env(db), input, encoding: 'utf8' });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/**
 * Runs the CLI on a pseudo-terminal (script(1)), typing each answer once its prompt has
 * appeared, as a person would; `output` is everything the terminal showed.
 */
function atTerminal(db: TestDatabase, args: string[], dialogue: [prompt: string, answer: string][]): Promise<{ status: number | null; output: string }> {
  const command = [...NODE_TS, 'apps/api/src/cli.ts', ...args].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd: ROOT, env: env(db), stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let answered = 0;
  let from = 0;
  child.stdout.on('data', (d) => {
    output += d;
    const next = dialogue[answered];
    const at = next ? output.indexOf(next[0], from) : -1;
    if (at < 0) return;
    from = at + next[0].length;
    answered++;
    child.stdin.write(`${next[1]}\r`);
  });
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, output })));
}

/** The same, without blocking this process (when the command talks to a server in it). */
const cliAsync = (db: TestDatabase, args: string[], extraEnv: Record<string, string> = {}) => runProcess(NODE_TS[0], [...NODE_TS.slice(1), 'apps/api/src/cli.ts', ...args], env(db, extraEnv));

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

    // A label names the key in the staff console's timeline; the service holds it to 100 characters.
    const labelled = cli(db, ['api-key', 'create', '--org', orgId, '--scopes', 'read_payment_sessions', '--label', 'Shop backend']);
    assert.equal(labelled.status, 0, labelled.stderr);
    assert.match(JSON.parse(labelled.stdout).apiKey, /^psk_/);
    const tooLong = cli(db, ['api-key', 'create', '--org', orgId, '--scopes', 'read_payment_sessions', '--label', 'x'.repeat(101)]);
    assert.notEqual(tooLong.status, 0);
    assert.deepEqual(JSON.parse(tooLong.stderr.trim().split('\n').pop()!).code, 'BAD_USER_INPUT');

    const revoked = cli(db, ['api-key', 'revoke', created.id]);
    assert.equal(revoked.status, 0, revoked.stderr);
    assert.equal(JSON.parse(revoked.stdout).id, created.id);

    const secret = cli(db, ['webhook-secret', 'rotate', '--org', orgId]);
    assert.match(JSON.parse(secret.stdout).secret, /^whsec_/);

    assert.deepEqual(JSON.parse(cli(db, ['migrate']).stdout), { applied: [] });
  });

  it('prints one field raw with --get, for shell variables', () => {
    const org = cli(db, ['org', 'create', '--name', 'Acme', '--get', 'orgId']);
    assert.equal(org.status, 0, org.stderr);
    assert.match(org.stdout, /^org_[0-9A-Z]{26}\n$/);
    const missing = cli(db, ['org', 'create', '--name', 'Acme', '--get', 'nope']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--get nope: the result has no such field \(it has orgId\)/);
  });

  it('sends a signed test webhook from the CLI and exits 1 when the endpoint refuses it', async () => {
    const orgId = cli(db, ['org', 'create', '--name', 'Acme', '--get', 'orgId']).stdout.trim();
    const secret = cli(db, ['webhook-secret', 'rotate', '--org', orgId, '--get', 'secret']).stdout.trim();
    const receiver = await WebhookReceiver.start((n) => ({ status: n === 0 ? 204 : 500 }));
    try {
      const allow = { CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true' };
      const sent = await cliAsync(db, ['webhook', 'test', '--org', orgId, '--url', receiver.url()], allow);
      assert.equal(sent.status, 0, sent.stderr);
      const result = JSON.parse(sent.stdout);
      assert.deepEqual([result.delivered, result.statusCode], [true, 204]);
      const [got] = receiver.received;
      assert.equal(got.json.type, 'webhook.test');
      assert.doesNotThrow(() => new Webhook(secret).verify(got.body, got.headers));
      const refused = await cliAsync(db, ['webhook', 'test', '--org', orgId, '--url', receiver.url()], allow);
      assert.equal(refused.status, 1);
      assert.deepEqual(JSON.parse(refused.stdout).error, 'HTTP 500');
      const local = cli(db, ['webhook', 'test', '--org', orgId, '--url', receiver.url()]);
      assert.equal(local.status, 1);
      assert.match(JSON.parse(local.stderr).error, /set CALLBACK_ALLOW_PRIVATE_NETWORKS=true/);
    } finally {
      await receiver.close();
    }
  });

  it("tails an org's event stream: new events only, one JSON line each, until interrupted", async () => {
    const t = await TestApp.start({ EXPIRY_ENABLED: 'false', WEBHOOKS_ENABLED: 'false' });
    try {
      const acme = await t.tenant();
      const other = await t.tenant('Other');
      const create = (tenant: typeof acme, amount: string) =>
        t.gql('mutation($i: CreatePaymentSessionInput!) { createPaymentSession(input: $i) { id } }', { i: { orgId: tenant.orgId, amount, currency: 'USD' } }, { key: tenant.key });
      const before = (await create(acme, '1.00')).data.createPaymentSession.id;
      const tail = spawn(NODE_TS[0], [...NODE_TS.slice(1), 'apps/api/src/cli.ts', 'events', 'tail', '--org', acme.orgId, '--interval', '100'], {
        cwd: ROOT,
        env: { ...env(db), DATABASE_URL: databaseUrlOf(t.config.database), DB_MIGRATE_ON_START: 'false' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      tail.stdout.on('data', (d) => (out += d));
      tail.stderr.on('data', (d) => (err += d));
      const exited = new Promise<number | null>((resolve) => tail.once('exit', resolve));
      // The tail starts at the end of the stream: write once it says where that is.
      for (const until = Date.now() + 120_000; !err.includes('following the events of'); await sleep(50)) assert.ok(Date.now() < until, `the tail did not start: ${err}`);
      const ids = [(await create(acme, '2.00')).data.createPaymentSession.id];
      await create(other, '3.00');
      ids.push((await create(acme, '4.00')).data.createPaymentSession.id);
      const until = Date.now() + 120_000;
      while (out.split('\n').filter(Boolean).length < 2 && Date.now() < until) await sleep(100);
      tail.kill('SIGINT');
      assert.equal(await exited, 0, err);
      const events = out.trim().split('\n').map((line) => JSON.parse(line));
      assert.deepEqual(events.map((e) => e.data.paymentSession.id), ids);
      assert.deepEqual(events.map((e) => e.type), ['payment_session.created', 'payment_session.created']);
      assert.deepEqual(Object.keys(events[0]).sort(), ['data', 'id', 'occurredAt', 'orgId', 'type']);
      assert.ok(!out.includes(before), 'events before the tail started are not printed');

      const all = spawnSync(NODE_TS[0], [...NODE_TS.slice(1), 'apps/api/src/cli.ts', 'events', 'tail', '--org', acme.orgId, '--all', '--no-follow'], {
        cwd: ROOT,
        env: { ...env(db), DATABASE_URL: databaseUrlOf(t.config.database), DB_MIGRATE_ON_START: 'false' },
        encoding: 'utf8',
      });
      assert.equal(all.status, 0, all.stderr);
      assert.deepEqual(all.stdout.trim().split('\n').map((line) => JSON.parse(line).data.paymentSession.id), [before, ...ids]);
    } finally {
      await t.close();
    }
  });

  it('asks for the staff password at a terminal without echoing it', async () => {
    const password = 'correct horse battery staple';
    const created = await atTerminal(db, ['staff', 'create', '--email', 'tty@example.com', '--role', 'admin'], [
      ['Password (at least 12 characters): ', password],
      ['Repeat the password: ', password],
    ]);
    assert.equal(created.status, 0, created.output);
    assert.match(created.output, /\{"id":"stf_[0-9A-Z]{26}"\}/);
    assert.ok(!created.output.includes(password), `the password is not echoed: ${JSON.stringify(created.output)}`);

    const differ = await atTerminal(db, ['staff', 'create', '--email', 'tty2@example.com', '--role', 'admin'], [
      ['Password (at least 12 characters): ', password],
      ['Repeat the password: ', 'something else entirely'],
    ]);
    assert.notEqual(differ.status, 0);
    assert.match(differ.output, /the two passwords differ; nothing was created/);
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
      const res = spawnSync(NODE_TS[0], [...NODE_TS.slice(1), 'apps/api/src/main.ts'], { cwd: ROOT, env: env(db, { [name]: value }), encoding: 'utf8', timeout: 120_000 });
      assert.equal(res.status, 1, `${name}: ${res.stderr}`);
      const lines = res.stderr.trim().split('\n');
      assert.equal(lines.length, 1, res.stderr);
      assert.match(lines[0], new RegExp(`^Configuration error: ${name} `));
    }
  });

  it('stops at once with one line naming DATABASE_URL when the database refuses it', () => {
    const notADatabase = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'paysession-notdb-')), 'file.sqlite');
    fs.writeFileSync(notADatabase, 'this is not a SQLite database, it is a text file of some length\n'.repeat(20));
    const refused: [string, RegExp][] = [[`sqlite:${notADatabase}`, /^Configuration error: DATABASE_URL names a SQLite file that cannot be used/]];
    if (onMysql()) {
      const base = new URL(process.env.DATABASE_URL!);
      const wrongPassword = new URL(base);
      wrongPassword.username = 'paysession_nobody';
      wrongPassword.password = 'wrong';
      const unknown = new URL(base);
      unknown.pathname = '/paysession_no_such_database';
      refused.push(
        [wrongPassword.toString(), /^Configuration error: DATABASE_URL was refused by the server: Access denied for user 'paysession_nobody'/],
        [unknown.toString(), /^Configuration error: DATABASE_URL names a database that does not exist: .*CREATE DATABASE `paysession_no_such_database`/],
      );
    }
    for (const [url, message] of refused) {
      for (const command of [['apps/api/src/cli.ts', 'migrate'], ['apps/api/src/cli.ts', 'org', 'create', '--name', 'x'], ['apps/api/src/main.ts']]) {
        const res = spawnSync(NODE_TS[0], [...NODE_TS.slice(1), ...command], { cwd: ROOT, env: env(db, { DATABASE_URL: url, PORT: '0' }), encoding: 'utf8', timeout: 120_000 });
        assert.equal(res.status, 1, `${command.join(' ')} on ${url}: ${res.stderr}`);
        assert.equal(res.stdout, '');
        const lines = res.stderr.trim().split('\n');
        assert.equal(lines.length, 1, res.stderr);
        assert.match(lines[0], message);
        assert.ok(!lines[0].includes('wrong'), 'the password is never printed');
      }
    }
    fs.rmSync(path.dirname(notADatabase), { recursive: true, force: true });
  });

  /**
   * `npm start`'s entry point as a process, on a port the system picks (PORT=0; the server logs
   * the one it got), once it answers /health.
   */
  async function startServer(extra: Record<string, string> = {}) {
    const server = spawn(NODE_TS[0], [...NODE_TS.slice(1), 'apps/api/src/main.ts'], { cwd: ROOT, env: env(db, { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...extra }), stdio: ['ignore', 'pipe', 'ignore'] });
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

  it('npm run dev serves, logs readable lines, and restarts when a source changes', async () => {
    const dev = spawn('npm', ['run', 'dev'], {
      cwd: ROOT,
      env: { ...env(db), NODE_ENV: 'development', LOG_LEVEL: 'info', PORT: '0', HOST: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: npm, the watcher, the server and pino-pretty stop together.
      detached: true,
    });
    let out = '';
    dev.stdout.on('data', (d) => (out += d));
    dev.stderr.on('data', (d) => (out += d));
    const exited = new Promise((resolve) => dev.once('exit', resolve));
    const listening = () => [...out.matchAll(/INFO: \[Paysession\] listening on http:\/\/localhost:(\d+)/g)].map((m) => Number(m[1]));
    const waitForListening = async (count: number) => {
      for (const until = Date.now() + 120_000; listening().length < count; await sleep(100)) assert.ok(Date.now() < until, `npm run dev did not (re)start:\n${out}`);
    };
    try {
      await waitForListening(1);
      assert.equal((await fetch(`http://127.0.0.1:${listening()[0]}/health`)).status, 200, 'on 127.0.0.1 by default outside production');
      assert.ok(!out.split('\n').some((line) => line.startsWith('{"level"')), 'pretty lines, not JSON');
      // Touching a source (its contents unchanged) is a change to the watcher.
      const now = new Date();
      fs.utimesSync(path.join(ROOT, 'apps/api/src/main.ts'), now, now);
      await waitForListening(2);
      assert.match(out, /Restarting 'apps\/api\/src\/main\.ts'/);
      assert.equal((await fetch(`http://127.0.0.1:${listening()[1]}/health`)).status, 200);
    } finally {
      process.kill(-dev.pid!, 'SIGTERM');
      await exited;
    }
  });

  /** A key of a new organization, from the CLI: /graphql reads nothing without one. */
  function newKey(): string {
    const orgId = cli(db, ['org', 'create', '--name', 'Acme', '--get', 'orgId']).stdout.trim();
    return cli(db, ['api-key', 'create', '--org', orgId, '--scopes', 'read_payment_sessions', '--get', 'apiKey']).stdout.trim();
  }

  it('logs one JSON line per request with its request id, and none for /health and /metrics', async () => {
    const key = newKey();
    const { server, url, exited, stdout } = await startServer();
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'log-check-1', authorization: `Bearer ${key}` }, body: JSON.stringify({ query: '{ __typename }' }) });
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
    const key = newKey();
    const { server, port, url, exited } = await startServer();
    // A request truly in flight: headers sent, half of the body still to come.
    const body = JSON.stringify({ query: '{ __typename }' });
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let response = '';
    socket.on('data', (d) => (response += d));
    const answered = new Promise((resolve) => socket.once('end', resolve));
    socket.write(`POST /graphql HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 5)}`);
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
