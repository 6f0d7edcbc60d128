import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { PrivateMariaDb } from './support/private-mariadb';
import { codeOf, GqlResponse, QUIET, TestApp, Tenant } from './support/test-app';

/** Bounds small enough for a short test; the defaults are a few seconds (README, Operations). */
const BOUNDS = { DB_ACQUIRE_TIMEOUT_MS: '1500', DB_STATEMENT_TIMEOUT_MS: '2000', DB_TRANSACTION_TIMEOUT_MS: '3000' };
/** The longest a request may wait on a stalled database: a connection, then one statement. */
const BOUND_MS = 1500 + 2000;
/**
 * Room for the machine: 2 s, plus twice what the same wave of requests takes while the database
 * answers (on a loaded two-core machine, that is seconds, not milliseconds).
 */
const marginMs = (baselineMs: number) => 2000 + 2 * baselineMs;
/** Longer than every bound. */
const FREEZE_MS = 8000;

const CREATE = 'mutation($i: CreatePaymentSessionInput!) { createPaymentSession(input: $i) { id } }';
const READ = 'query($orgId: ID!, $id: ID!) { paymentSession(orgId: $orgId, id: $id) { id status } }';

describe('a MariaDB that stops answering (SIGSTOP)', () => {
  let mariadb: PrivateMariaDb;
  let t: TestApp;
  let acme: Tenant;

  before(async () => {
    mariadb = await PrivateMariaDb.start();
    t = await TestApp.start({ ...QUIET, ...BOUNDS }, { database: await mariadb.database() });
    acme = await t.tenant();
  });
  after(async () => {
    await t?.close().catch(() => undefined);
    await mariadb?.stop();
  });

  const create = (key: string) => t.gql(CREATE, { i: { orgId: acme.orgId, amount: '10.00', currency: 'USD' } }, { key: acme.key, headers: { 'idempotency-key': key } });
  const timed = async <T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> => {
    const started = performance.now();
    const result = await work();
    return { result, ms: performance.now() - started };
  };

  it('answers every request within its bound with a retryable SERVICE_UNAVAILABLE, reports 503 on /health, recovers, and keyed retries make one session each', async () => {
    const warm = await create('warm-up');
    assert.equal(warm.errors, undefined, JSON.stringify(warm.errors));
    const existing = warm.data.createPaymentSession.id;

    // A first wave takes the pool's connections into the stall; a second one, a bound later,
    // finds them all stuck or closed and must not queue behind them. The same wave first runs
    // against a database that answers, to learn what this machine needs for it.
    const wave = (n: number, from: string) => [
      ...Array.from({ length: n }, (_, i) => timed(() => create(`${from}${i}`))),
      timed(() => t.gql(READ, { orgId: acme.orgId, id: existing }, { key: acme.key })),
    ];
    const baseline = await Promise.all(wave(12, 'baseline-'));
    const margin = marginMs(Math.max(...baseline.map(({ ms }) => ms)));

    mariadb.freeze();
    const frozenAt = performance.now();
    let thawedAt = 0;
    try {
      const first = wave(12, 'key-');
      const health = timed(() => fetch(`${t.url}/health`));
      // A key this instance has not checked yet needs the database before anything else.
      const unseenKey = timed(() => t.gql(READ, { orgId: acme.orgId, id: existing }, { key: 'psk_live_not_seen_before_0123456789' }));
      await sleep(BOUND_MS);
      const second = wave(6, 'late-key-');
      const answers = await Promise.all([...first, ...second, unseenKey]);
      const probe = await health;

      for (const { result, ms } of answers) {
        const res = result as GqlResponse;
        assert.ok(ms < BOUND_MS + margin, `answered after ${Math.round(ms)} ms (bound ${BOUND_MS} ms, margin ${Math.round(margin)} ms)`);
        assert.equal(codeOf(res), 'SERVICE_UNAVAILABLE', JSON.stringify(res.errors));
        assert.equal(res.status, 503);
        assert.equal(res.headers.get('retry-after'), '2');
        assert.doesNotMatch(JSON.stringify(res.errors), /ETIMEDOUT|PROTOCOL|mysql|typeorm|stack/i);
      }
      assert.equal(probe.result.status, 503);
      assert.ok(probe.ms < 1500 + margin, `/health answered after ${Math.round(probe.ms)} ms`);

      // Thawed only after every answer came, and not before the freeze has outlasted every bound.
      await sleep(Math.max(0, FREEZE_MS - (performance.now() - frozenAt)));
    } finally {
      mariadb.thaw();
      thawedAt = performance.now();
    }

    // Recovered within 5 s of SIGCONT: /health says so and a create goes through.
    for (;;) {
      const [health, fresh] = await Promise.all([fetch(`${t.url}/health`), create('after-thaw')]);
      if (health.status === 200 && !fresh.errors) break;
      assert.ok(performance.now() - thawedAt < 5000, `not recovered 5 s after SIGCONT: /health ${health.status}, ${JSON.stringify(fresh.errors)}`);
      await sleep(100);
    }
    assert.ok(performance.now() - thawedAt < 5000, 'recovered within 5 s of SIGCONT');

    // Each client retries with its key (again after Retry-After while the database catches up
    // with the burst), then once more: exactly one session per key.
    const retry = async (key: string) => {
      for (let attempt = 1; ; attempt++) {
        const res = await create(key);
        if (codeOf(res) !== 'SERVICE_UNAVAILABLE' || attempt === 5) return res;
        await sleep(Number(res.headers.get('retry-after')) * 1000);
      }
    };
    const keys = [...Array.from({ length: 12 }, (_, i) => `key-${i}`), ...Array.from({ length: 6 }, (_, i) => `late-key-${i}`)];
    const retried = await Promise.all(keys.map(async (key) => [await retry(key), await retry(key)]));
    for (const [a, b] of retried) {
      assert.equal(a.errors, undefined, JSON.stringify(a.errors));
      assert.equal(b.data.createPaymentSession.id, a.data.createPaymentSession.id);
    }
    // Every create carried a key, so one session per key means as many sessions as keys. (A
    // baseline create answered SERVICE_UNAVAILABLE on a starved machine may have committed: that is
    // the rare ambiguous case its key resolves.)
    const [{ sessions }] = await t.dataSource.query('SELECT COUNT(*) AS sessions FROM payment_sessions WHERE org_id = ?', [acme.orgId]);
    const [{ keyed }] = await t.dataSource.query('SELECT COUNT(*) AS keyed FROM idempotency_keys WHERE org_id = ?', [acme.orgId]);
    assert.equal(Number(sessions), Number(keyed), 'no key made two sessions');
    const [{ retriedKeys }] = await t.dataSource.query(`SELECT COUNT(*) AS retriedKeys FROM idempotency_keys WHERE org_id = ? AND idempotency_key IN (${keys.map(() => '?').join(',')})`, [acme.orgId, ...keys]);
    assert.equal(Number(retriedKeys), keys.length);
  });
});
