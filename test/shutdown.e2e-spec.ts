import assert from 'node:assert/strict';
import * as http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { databaseUrlOf, ServerProcess } from './support/server-process';
import { QUIET, TestApp, Tenant } from './support/test-app';

const CREATE = 'mutation($i: CreatePaymentSessionInput!) { createPaymentSession(input: $i) { id } }';
const CLIENTS = 24;
const ROUNDS = 5;

/** What one request came to: the session it created, or how it failed. */
interface Outcome {
  key: string;
  /** Which burst it was part of. */
  burst: number;
  id?: string;
  failure?: string;
}

describe('SIGTERM under concurrent keyed creates', () => {
  let t: TestApp;
  let acme: Tenant;

  before(async () => {
    // Provisions, and reads what committed; the server under test is its own process on the same database.
    t = await TestApp.start(QUIET);
    acme = await t.tenant();
  });
  after(() => t?.close());

  /**
   * CLIENTS clients, each on a keep-alive connection of its own (Node's agent), create sessions in
   * bursts: all at once, each request with a key of its own, until the server stops answering.
   * SIGTERM goes just before burst `signalBurst` is written: the server reads its requests while it
   * drains, on connections it has not closed.
   */
  async function round(n: number, signalBurst: number): Promise<{ outcomes: Outcome[]; exitCode: number | null }> {
    const server = await ServerProcess.start({
      DATABASE_URL: databaseUrlOf(t.config.database),
      DB_MIGRATE_ON_START: 'false',
      // The sweep and the webhook worker run too: they stop after their current batch.
      EXPIRY_CRON: '* * * * * *',
      WEBHOOK_POLL_MS: '50',
      API_RATE_LIMIT_PER_MINUTE: '0',
    });
    const agents = Array.from({ length: CLIENTS }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
    const outcomes: Outcome[] = [];
    try {
      // Each client's connection is open before the creates start.
      await Promise.all(agents.map((agent, c) => post(server.url, agent, `round-${n}-client-${c}-warm-up`)));
      const live = new Set(agents.keys());
      for (let burst = 0; live.size; burst++) {
        if (burst === signalBurst) server.child.kill('SIGTERM');
        await Promise.all(
          [...live].map(async (c) => {
            const outcome: Outcome = { key: `round-${n}-client-${c}-${burst}`, burst };
            outcomes.push(outcome);
            try {
              const { status, body } = await post(server.url, agents[c], outcome.key);
              if (body.data?.createPaymentSession) outcome.id = body.data.createPaymentSession.id;
              else outcome.failure = `HTTP ${status} ${body.errors?.[0]?.extensions?.code}`;
            } catch (error) {
              outcome.failure = String((error as { code?: string }).code ?? error);
              live.delete(c);
            }
          }),
        );
      }
      return { outcomes, exitCode: await server.exited };
    } finally {
      for (const agent of agents) agent.destroy();
      await server.stop();
    }
  }

  /** One keyed create over `agent`'s connection. */
  function post(base: string, agent: http.Agent, key: string): Promise<{ status: number; body: { data?: { createPaymentSession?: { id: string } }; errors?: { extensions?: { code?: string } }[] } }> {
    const payload = JSON.stringify({ query: CREATE, variables: { i: { orgId: acme.orgId, amount: '1.00', currency: 'USD' } } });
    return new Promise((resolve, reject) => {
      const req = http.request(`${base}/graphql`, {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: `Bearer ${acme.key}`, 'idempotency-key': key },
      });
      req.once('error', reject);
      req.once('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.once('error', reject);
        res.once('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
          } catch (error) {
            reject(error);
          }
        });
      });
      req.end(payload);
    });
  }

  it(`answers or leaves nothing behind, and exits 0, in each of ${ROUNDS} rounds`, async () => {
    for (let n = 0; n < ROUNDS; n++) {
      const { outcomes, exitCode } = await round(n, 2 + n);
      assert.equal(exitCode, 0, `round ${n}: exit code`);

      const rows: { k: string; s: string }[] = await t.dataSource.query('SELECT idempotency_key AS k, session_id AS s FROM idempotency_keys WHERE org_id = ?', [acme.orgId]);
      const committed = new Map(rows.map((r) => [r.k, r.s]));
      for (const o of outcomes) {
        if (o.id) assert.equal(committed.get(o.key), o.id, `round ${n}: ${o.key} succeeded and committed its session`);
        else assert.equal(committed.has(o.key), false, `round ${n}: ${o.key} failed (${o.failure}) yet committed`);
      }
      // Every request before the signal, and every one of the burst written on open connections
      // just after it, was answered (a SERVICE_UNAVAILABLE of a starved machine is an answer too):
      // none was cut off.
      const cut = outcomes.filter((o) => o.burst <= 2 + n && !o.id && !o.failure?.startsWith('HTTP '));
      assert.deepEqual(cut, [], `round ${n}: requests cut off`);
    }
  });
});
