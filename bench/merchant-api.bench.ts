/**
 * `npm run bench`: throughput and latency of the merchant API on DATABASE_URL (a fresh
 * database on that server; SQLite when unset), each next to a ceiling measured in the same run
 * at the same concurrency. Figures go to stdout; nothing here asserts a target.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { newId } from '@paysession/common';
import { benchDatabase, cli, Figure, load, loop, printFigures, ROOT, startServer } from './bench-support';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

const CREATE = `mutation C($input: CreatePaymentSessionInput!) { createPaymentSession(input: $input) { id status amount link } }`;
const SEED_QUERY = fs.readFileSync(path.join(ROOT, 'test/fixtures/seed-update-payment-session.graphql'), 'utf8');
const READ = SEED_QUERY.replace('mutation UpdatePaymentSession($input: UpdatePaymentSessionInput!) { updatePaymentSession(input: $input)', 'query Read($orgId: ID!, $id: ID!) { paymentSession(orgId: $orgId, id: $id)');

/** A realistic session: a contactRef with an address and two invoices of three lines. */
function realisticInput(orgId: string) {
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

async function main() {
  const db = await benchDatabase();
  const server = await startServer(db.url);
  try {
    const { orgId } = await cli(db.url, ['org', 'create', '--name', 'Bench']);
    const { apiKey } = await cli(db.url, ['api-key', 'create', '--org', orgId, '--scopes', 'write_payment_sessions']);
    const headers = { authorization: `Bearer ${apiKey}` };
    const input = realisticInput(orgId);
    const first = await (await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: CREATE, variables: { input } }) })).json();
    const id = (first as { data: { createPaymentSession: { id: string } } }).data.createPaymentSession.id;
    console.log(`database: ${db.kind}, ${CONNECTIONS} connections, ${SECONDS}s per scenario\n`);

    const trivial = await load('ceiling: trivial authenticated query', server.url, { headers, connections: CONNECTIONS, seconds: SECONDS, body: JSON.stringify({ query: '{ apiKey { id } }' }) });
    const read = await load("paymentSession (seed's whole selection)", server.url, { headers, connections: CONNECTIONS, seconds: SECONDS, body: JSON.stringify({ query: READ, variables: { orgId, id } }) });
    const update = await load("updatePaymentSession (the seed's request)", server.url, { headers, connections: CONNECTIONS, seconds: SECONDS, body: JSON.stringify({ query: SEED_QUERY, variables: { input: { orgId, id } } }) });
    const create = await load('createPaymentSession (realistic input)', server.url, { headers, connections: CONNECTIONS, seconds: SECONDS, body: JSON.stringify({ query: CREATE, variables: { input } }) });
    const raw = await rawInsertCeiling(db.url, orgId, input);
    printFigures([
      { figure: trivial },
      { figure: read, ceiling: trivial },
      { figure: update, ceiling: trivial },
      { figure: raw },
      { figure: create, ceiling: raw },
    ]);
  } finally {
    await server.stop();
    await db.drop();
  }
}

/** The same rows (session + its event) inserted through the raw driver, one transaction each. */
async function rawInsertCeiling(url: string, orgId: string, input: ReturnType<typeof realisticInput>): Promise<Figure> {
  const json = JSON.stringify(input.invoiceRefs);
  const contact = JSON.stringify(input.contactRef);
  const cc = newId('cc');
  const row = () => {
    const now = Date.now();
    return {
      session: [newId('ps'), orgId, 'Active', 30000, 'USD', input.callbackUrl, input.successUrl, randomBytes(24).toString('base64url'), contact, input.transactionRef, json, 30000, now + 86400_000, cc, 1, now, now],
      event: (sid: string) => [newId('evt'), orgId, sid, 'payment_session.created', 'merchant', JSON.stringify({ paymentSession: input }), now],
    };
  };
  const sessionSql = 'INSERT INTO payment_sessions (id, org_id, status, amount_minor, currency, callback_url, success_url, link_token, contact_ref, transaction_ref, invoice_refs, invoice_total_minor, expiration_date, checkout_configuration_id, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
  const eventSql = 'INSERT INTO payment_session_events (id, org_id, session_id, type, actor, data, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?)';
  if (url.startsWith('sqlite:')) {
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(url.slice('sqlite:'.length));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const insert = db.transaction(() => {
      const r = row();
      db.prepare(sessionSql).run(...r.session);
      db.prepare(eventSql).run(...r.event(r.session[0] as string));
    });
    // better-sqlite3 is synchronous: concurrency cannot add throughput, so one loop measures it.
    const figure = await loop('ceiling: raw better-sqlite3 inserts', 1, SECONDS, async () => insert());
    db.close();
    return figure;
  }
  const mysql = await import('mysql2/promise');
  const pool = mysql.createPool({ uri: url, connectionLimit: CONNECTIONS });
  const figure = await loop('ceiling: raw mysql2 inserts', CONNECTIONS, SECONDS, async () => {
    const conn = await pool.getConnection();
    try {
      await conn.beginTransaction();
      const r = row();
      await conn.execute(sessionSql, r.session);
      await conn.execute(eventSql, r.event(r.session[0] as string));
      await conn.commit();
    } finally {
      conn.release();
    }
  });
  await pool.end();
  return figure;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
