import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { eventually } from './support/eventually';
import { runProcess } from './support/server-process';
import { Tenant, TestApp } from './support/test-app';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const codegen = require('../scripts/codegen.js') as { generate(): Promise<string>; output: string };

/** `npm run --silent example` with `env`, as the README shows it. */
const runExample = (env: Record<string, string>) => runProcess('npm', ['run', '--silent', 'example'], env);

describe('the typed client (clients/typescript)', () => {
  it('is what GraphQL Code Generator makes of schema.gql and the operations (npm run codegen)', async () => {
    assert.equal(fs.readFileSync(codegen.output, 'utf8'), await codegen.generate(), 'run `npm run codegen` and commit clients/typescript/src/graphql.ts');
  });

  describe('its example, against a server', () => {
    let t: TestApp;
    let acme: Tenant;
    let secret: string;

    before(async () => {
      t = await TestApp.start({ CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_POLL_MS: '100', EXPIRY_ENABLED: 'false' });
      acme = await t.tenant();
      secret = (await t.gql('mutation($o: ID!) { rotateWebhookSecret(orgId: $o) { secret } }', { o: acme.orgId }, { key: acme.key })).data.rotateWebhookSecret.secret;
    });
    after(() => t.close());

    it('creates a session, reads it back and verifies its webhook', async () => {
      const run = await runExample({ PAYSESSION_URL: `${t.url}/graphql`, PAYSESSION_API_KEY: acme.key, PAYSESSION_ORG_ID: acme.orgId, PAYSESSION_WEBHOOK_SECRET: secret });
      // When no webhook arrived, what the server's worker did with it (the server logs nothing in tests).
      const deliveries = run.status === 0 ? [] : await t.dataSource.query(
        'SELECT d.id, d.status, d.attempt_count, d.next_attempt_at, a.attempted_at, a.duration_ms, a.status_code, a.error FROM webhook_deliveries d LEFT JOIN webhook_attempts a ON a.delivery_id = d.id WHERE d.org_id = ? ORDER BY a.attempted_at',
        [acme.orgId],
      );
      assert.equal(run.status, 0, `${run.stderr}${run.stdout}\ndeliveries and attempts at ${new Date().toISOString()}: ${JSON.stringify(deliveries)}`);
      const [created, read, webhook] = run.stdout.trim().split('\n');
      const id = /^created (ps_\w+): Active, 100\.10 USD, pay at https:\/\/pay\.example\.test\/pay\/\S+$/.exec(created)?.[1];
      assert.ok(id, created);
      assert.match(read, new RegExp(`^read ${id}: Active, expires \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z, events: payment_session\\.created$`));
      assert.match(webhook, /^webhook evt_\w+ \(payment_session\.created\) verified$/);
      const [delivery] = await t.dataSource.query('SELECT status FROM webhook_deliveries WHERE session_id = ?', [id]);
      assert.equal(delivery.status, 'Succeeded', 'the example endpoint accepted the delivery');
    });

    it('receives the webhook that arrives before the answer to its create', async () => {
      // A proxy in front of the API holds the create's answer until the server has delivered the
      // session's webhook: the endpoint then sees the event before the example knows the session id.
      const proxy = http.createServer(async (req, res) => {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const body = Buffer.concat(chunks);
        const upstream = await fetch(`${t.url}${req.url}`, { method: req.method, headers: { 'content-type': 'application/json', authorization: String(req.headers.authorization ?? ''), ...(req.headers['idempotency-key'] ? { 'idempotency-key': String(req.headers['idempotency-key']) } : {}) }, body });
        const answer = await upstream.text();
        const created = /"createPaymentSession":\{"id":"(ps_\w+)"/.exec(answer)?.[1];
        if (created) {
          await eventually(async () => {
            const [delivery] = await t.dataSource.query('SELECT status FROM webhook_deliveries WHERE session_id = ?', [created]);
            return delivery?.status === 'Succeeded';
          }, 'the webhook was delivered before the create answered');
        }
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(answer);
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      try {
        const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/graphql`;
        const run = await runExample({ PAYSESSION_URL: url, PAYSESSION_API_KEY: acme.key, PAYSESSION_ORG_ID: acme.orgId, PAYSESSION_WEBHOOK_SECRET: secret });
        assert.equal(run.status, 0, run.stderr + run.stdout);
        assert.match(run.stdout, /^webhook evt_\w+ \(payment_session\.created\) verified$/m);
      } finally {
        proxy.close();
      }
    });

    it('reports what the API refused, with its code', async () => {
      const run = await runExample({ PAYSESSION_URL: `${t.url}/graphql`, PAYSESSION_API_KEY: 'psk_not-a-key', PAYSESSION_ORG_ID: acme.orgId, PAYSESSION_WEBHOOK_SECRET: secret });
      assert.equal(run.status, 1);
      assert.match(run.stderr, /the API refused: UNAUTHENTICATED: Invalid or revoked API key/);
    });
  });
});
