import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { STAFF_SIGN_IN_COOKIE, StaffRole } from '@paysession/staff';
import { StaffClient } from './support/admin-api';
import { defaultCheckoutConfigurationId, seedSessions } from './support/seed';
import { ok, QUIET, Tenant, TestApp } from './support/test-app';

const CREATE = `mutation($input: CreatePaymentSessionInput!) { createPaymentSession(input: $input) { id } }`;
const UPDATE = `mutation($input: UpdatePaymentSessionInput!) { updatePaymentSession(input: $input) { id status } }`;

/** RFC 4180 records of `text` (quoted fields with commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else if (c !== '\r') field += c;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

/** The CSV's rows as objects by header. */
function records(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i]])));
}

const LIMIT = 2500;

/**
 * `GET /admin-api/payment-sessions.csv` over a real socket, on the database the suite runs on:
 * the list's filter and sort, exact amounts, the bound (ADMIN_EXPORT_MAX_ROWS, here 2,500, so
 * that a bounded export crosses several reads of 1,000), and the staff session it needs.
 */
describe('the payment-sessions CSV export (issue 19)', () => {
  let t: TestApp;
  let acme: Tenant;
  let globex: Tenant;
  let viewer: StaffClient;
  const ids: Record<string, string> = {};

  const exportCsv = (query: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${t.url}/admin-api/payment-sessions.csv?${new URLSearchParams(query)}`, { headers: { ...(viewer.cookie ? { cookie: viewer.cookie } : {}), ...headers } });
  const create = async (tenant: Tenant, input: Record<string, unknown>) =>
    ok(await t.gql(CREATE, { input: { orgId: tenant.orgId, currency: 'USD', ...input } }, { key: tenant.key })).createPaymentSession.id as string;

  before(async () => {
    t = await TestApp.start({ ...QUIET, ADMIN_EXPORT_MAX_ROWS: String(LIMIT) });
    acme = await t.tenant('Acme');
    globex = await t.tenant('Globex');
    viewer = await StaffClient.signedIn(t, StaffRole.viewer);
    ids.cents = await create(acme, { amount: '100.10', transactionRef: 'EXP-1, "quoted"', contactRef: { contactName: 'Ada Lovelace', contactEmail: 'ada@example.com' } });
    ids.yen = await create(acme, { amount: '500', currency: 'JPY', transactionRef: 'EXP-2' });
    ids.big = await create(acme, { amount: '999999999.99', transactionRef: 'EXP-3' });
    ok(await t.gql(UPDATE, { input: { orgId: acme.orgId, id: ids.big, status: 'Completed', paymentId: 'pay-1' } }, { key: acme.key }));
    ids.globex = await create(globex, { amount: '7.00', transactionRef: 'EXP-4' });
  });
  after(() => t?.close());

  it('streams the filtered list as CSV with exact amounts, escaped text and the bound in a header', async () => {
    const res = await exportCsv({ filter: JSON.stringify({ orgId: acme.orgId }) });
    assert.equal(res.status, 200, await res.clone().text());
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="payment-sessions-.*\.csv"$/);
    assert.equal(res.headers.get('x-export-row-limit'), String(LIMIT));
    assert.equal(res.headers.get('x-export-truncated'), 'false');
    const rows = records(await res.text());
    assert.deepEqual(rows.map((r) => r.id), [ids.big, ids.yen, ids.cents], 'newest first, only Acme');
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    assert.deepEqual([byId[ids.cents].amount, byId[ids.cents].currency], ['100.10', 'USD']);
    assert.deepEqual([byId[ids.yen].amount, byId[ids.yen].currency], ['500', 'JPY']);
    assert.equal(byId[ids.big].amount, '999999999.99', 'the largest amount, not a float');
    assert.equal(byId[ids.cents].transaction_ref, 'EXP-1, "quoted"');
    assert.deepEqual([byId[ids.cents].contact_name, byId[ids.cents].contact_email], ['Ada Lovelace', 'ada@example.com']);
    assert.deepEqual([byId[ids.big].status, byId[ids.big].payment_id, byId[ids.big].deadline], ['Completed', 'pay-1', '']);
    assert.equal(byId[ids.cents].organization_id, acme.orgId);
    assert.equal(new Date(byId[ids.cents].created_at).toISOString(), byId[ids.cents].created_at);
  });

  it('applies the list filters and sort: every org for staff, status, search, amount order', async () => {
    const all = records(await (await exportCsv({})).text());
    assert.deepEqual(new Set(all.map((r) => r.id)), new Set([ids.cents, ids.yen, ids.big, ids.globex]));
    const completed = records(await (await exportCsv({ filter: JSON.stringify({ status: ['Completed'] }) })).text());
    assert.deepEqual(completed.map((r) => r.id), [ids.big]);
    const found = records(await (await exportCsv({ filter: JSON.stringify({ q: 'EXP-4' }) })).text());
    assert.deepEqual(found.map((r) => r.id), [ids.globex]);
    const byAmount = records(await (await exportCsv({ sort: 'amount', order: 'ASC' })).text());
    // As the list sorts: by minor units (¥500 is 500, $7.00 is 700).
    assert.deepEqual(byAmount.map((r) => r.id), [ids.yen, ids.globex, ids.cents, ids.big]);
    const bad = await exportCsv({ filter: '{"status":["Paid"]}' });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as any).errors[0].extensions.code, 'BAD_USER_INPUT');
  });

  it(`writes at most ${LIMIT} rows, in order across reads, and says the list was longer`, async () => {
    const initech = await t.tenant('Initech');
    const cc = await defaultCheckoutConfigurationId(t.dataSource, initech.orgId);
    const seeded = await seedSessions(t.dataSource, { orgId: initech.orgId, checkoutConfigurationId: cc, count: LIMIT + 10 });
    const res = await exportCsv({ filter: JSON.stringify({ orgId: initech.orgId }), sort: 'amount', order: 'DESC' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-export-truncated'), 'true');
    const rows = records(await res.text());
    assert.equal(rows.length, LIMIT);
    assert.equal(new Set(rows.map((r) => r.id)).size, LIMIT, 'no row twice across the reads');
    const minor = (r: Record<string, string>) => Math.round(Number(r.amount) * 100);
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1], rows[i]];
      assert.ok(minor(a) > minor(b) || (minor(a) === minor(b) && a.id > b.id), `row ${i} out of order: ${a.amount} ${a.id}, ${b.amount} ${b.id}`);
    }
    // Exactly the limit: not truncated.
    const exact = await exportCsv({ filter: JSON.stringify({ orgId: initech.orgId, ids: seeded.slice(0, 3) }) });
    assert.equal(exact.headers.get('x-export-truncated'), 'false');
    assert.equal(records(await exact.text()).length, 3);
  });

  it('is refused without a staff session, with an API key, and after sign-out', async () => {
    const anonymous = await fetch(`${t.url}/admin-api/payment-sessions.csv`);
    assert.equal(anonymous.status, 401);
    assert.equal(((await anonymous.json()) as any).errors[0].extensions.code, 'UNAUTHENTICATED');
    const withKey = await fetch(`${t.url}/admin-api/payment-sessions.csv`, { headers: { authorization: `Bearer ${acme.key}` } });
    assert.equal(withKey.status, 401);
    const forged = await fetch(`${t.url}/admin-api/payment-sessions.csv`, { headers: { cookie: `${STAFF_SIGN_IN_COOKIE}=not-a-session` } });
    assert.equal(forged.status, 401);
    const leaving = await StaffClient.signedIn(t, StaffRole.operator);
    const cookie = leaving.cookie!;
    assert.equal((await fetch(`${t.url}/admin-api/payment-sessions.csv`, { headers: { cookie } })).status, 200);
    await leaving.ok('mutation { logout }');
    assert.equal((await fetch(`${t.url}/admin-api/payment-sessions.csv`, { headers: { cookie } })).status, 401);
  });

  it("names the attached contact's name and email, as the list's customer column does", async () => {
    const umbrella = await t.tenant('Umbrella');
    const contact = ok(await t.gql('mutation($i: CreateContactInput!) { createContact(input: $i) { id } }', { i: { orgId: umbrella.orgId, name: 'Henry Ford', email: 'henry@example.com' } }, { key: umbrella.key })).createContact.id;
    const id = await create(umbrella, { amount: '2.00', contactId: contact });
    const [row] = records(await (await exportCsv({ filter: JSON.stringify({ orgId: umbrella.orgId }) })).text());
    assert.deepEqual([row.id, row.contact_id, row.contact_name, row.contact_email], [id, contact, 'Henry Ford', 'henry@example.com']);
  });

  it("writes merchant text that a spreadsheet would run as a formula as text (a leading ')", async () => {
    const hooli = await t.tenant('Hooli');
    const formula = '=HYPERLINK("https://evil.example/refund","Refund")';
    const id = await create(hooli, { amount: '1.00', transactionRef: formula, contactRef: { contactName: '@SUM(A1:A9)', contactEmail: 'x@example.com' } });
    const [row] = records(await (await exportCsv({ filter: JSON.stringify({ orgId: hooli.orgId }) })).text());
    assert.equal(row.id, id);
    assert.equal(row.transaction_ref, `'${formula}`);
    assert.equal(row.contact_name, "'@SUM(A1:A9)");
    assert.deepEqual([row.contact_email, row.amount], ['x@example.com', '1.00'], 'other values as they are');
  });
});
