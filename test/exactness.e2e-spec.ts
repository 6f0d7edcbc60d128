import { PaymentSessionPartnerService } from '@paysession/payment-sessions';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ExpirySweepService } from '@paysession/expiry';
import { StaffRole } from '@paysession/staff';
import { StaffClient } from './support/admin-api';
import { codeOf, GqlResponse, ok, QUIET, Tenant, TestApp } from './support/test-app';

// Issue 14, "Exactness": each kind of fault that was reproduced, its example and more inputs of
// the same kind. The app runs no sweep (QUIET): deadlines pass by moving them into the past in
// the database, never by sleeping, and the lazy expiry is what a request meets.

const SESSION = 'id status link amount currency expirationDate paymentId networkTransactionId authorizationExpiresAt invoiceTotal flexPayAvailable rejection { code merchantMessage source }';
const CREATE = `mutation($i: CreatePaymentSessionInput!) { createPaymentSession(input: $i) { ${SESSION} } }`;
const UPDATE = `mutation($i: UpdatePaymentSessionInput!) { updatePaymentSession(input: $i) { ${SESSION} } }`;
const GET = `query($o: ID!, $id: ID!) { paymentSession(orgId: $o, id: $id) { ${SESSION} events { type actor } } }`;
const LIST = `query($o: ID!, $f: PaymentSessionFilter) { paymentSessions(orgId: $o, filter: $f, first: 100) { nodes { id status link flexPayAvailable invoiceTotal } } }`;
const PENDING = `mutation($id: ID!, $at: DateTime!) { paymentSessionPending(id: $id, pendingExpiresAt: $at, reason: BUYER_ACTION_REQUIRED) { paymentSession { id status link } userErrors { field code } } }`;
const RESOLVE = `mutation($id: ID!, $paymentId: ID, $ntid: String, $authExp: DateTime) {
  paymentSessionResolve(id: $id, paymentId: $paymentId, networkTransactionId: $ntid, authorizationExpiresAt: $authExp) { paymentSession { ${SESSION} } userErrors { field message code } } }`;
const REJECT = `mutation($id: ID!, $reason: PaymentSessionRejectionReasonInput!) {
  paymentSessionReject(id: $id, reason: $reason) { paymentSession { ${SESSION} } userErrors { field message code } } }`;

const HOUR = 3600_000;
const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();

type Outcome = { paymentSession: Record<string, any> | null; userErrors: { field: string[] | null; message: string; code: string }[] };

/** Asserts one BAD_USER_INPUT error at `field`. */
function refusedAt(res: GqlResponse, field: string, label = '') {
  assert.equal(codeOf(res), 'BAD_USER_INPUT', `${label} ${JSON.stringify(res.errors)}`);
  assert.equal(res.errors![0].extensions!.field, field, `${label} ${JSON.stringify(res.errors)}`);
}

describe('exactness (issue 14)', () => {
  let t: TestApp;
  let acme: Tenant;
  /** The payments partner's own key; every session created here is handed to it. */
  let partner: string;
  let partnerId: string;

  before(async () => {
    t = await TestApp.start(QUIET);
    acme = await t.tenant();
    const created = await t.partner();
    partner = created.key;
    partnerId = created.partnerId;
  });
  after(() => t.close());

  const create = (input: Record<string, unknown> = {}, headers?: Record<string, string>) =>
    t.gql(CREATE, { i: { orgId: acme.orgId, amount: '25.00', currency: 'USD', ...input } }, { key: acme.key, headers });
  const createOk = async (input: Record<string, unknown> = {}) => {
    const s = ok(await create(input)).createPaymentSession;
    // As the checkout page does when the customer pays: only then may the partner move it.
    await t.app.get(PaymentSessionPartnerService).handOver(acme.orgId, s.id, partnerId);
    return s;
  };
  const update = (input: Record<string, unknown>) => t.gql(UPDATE, { i: { orgId: acme.orgId, ...input } }, { key: acme.key });
  const get = async (id: string) => ok(await t.gql(GET, { o: acme.orgId, id }, { key: acme.key })).paymentSession;
  const list = async (filter: Record<string, unknown>) => ok(await t.gql(LIST, { o: acme.orgId, f: filter }, { key: acme.key })).paymentSessions.nodes as { id: string; status: string; link: string | null }[];
  const pending = async (id: string, at = inHours(24)): Promise<Outcome> => ok(await t.gql(PENDING, { id, at }, { key: partner })).paymentSessionPending;
  const resolve = async (id: string, extra: Record<string, unknown> = {}): Promise<Outcome> => ok(await t.gql(RESOLVE, { id, ...extra }, { key: partner })).paymentSessionResolve;
  const reject = async (id: string, reason: Record<string, unknown>): Promise<Outcome> => ok(await t.gql(REJECT, { id, reason }, { key: partner })).paymentSessionReject;
  const row = async (id: string) => (await t.dataSource.query('SELECT * FROM payment_sessions WHERE id = ?', [id]))[0];
  const expiredEvents = async (id: string) =>
    Number((await t.dataSource.query("SELECT COUNT(*) AS n FROM payment_session_events WHERE session_id = ? AND type = 'payment_session.expired'", [id]))[0].n);
  /** The deadline passes: the API takes only future ones, so it is moved into the past in the row. */
  const overdue = (id: string, column: 'expiration_date' | 'pending_expires_at' = 'expiration_date') =>
    t.dataSource.query(`UPDATE payment_sessions SET ${column} = ? WHERE id = ?`, [Date.now() - 1000, id]);
  async function activeOverdue() {
    const s = await createOk({ expirationDate: inHours(1) });
    await overdue(s.id);
    return s.id as string;
  }

  describe('1. a session past its deadline is Expired for every read and every transition', () => {
    it('reads as Expired with a null link, with its single .expired event written (the example)', async () => {
      const id = await activeOverdue();
      const read = await get(id);
      assert.equal(read.status, 'Expired');
      assert.equal(read.link, null);
      assert.deepEqual(read.events.map((e: { type: string }) => e.type), ['payment_session.created', 'payment_session.expired']);
      assert.equal(read.events[1].actor, 'scheduler');
      assert.equal((await row(id)).status, 'Expired', 'the expiry is written, not only shown');
      await get(id);
      assert.equal(await expiredEvents(id), 1, 'a second read writes nothing more');
    });

    it('lists an overdue session under Expired, not Active, and shows it Expired', async () => {
      const id = await activeOverdue();
      const fresh = await createOk({ expirationDate: inHours(1) });
      await overdue(id);
      const active = await list({ status: ['Active'] });
      assert.ok(!active.some((s) => s.id === id), 'an overdue session is not Active');
      assert.ok(active.some((s) => s.id === fresh.id));
      const expired = await list({ status: ['Expired'] });
      assert.deepEqual(expired.find((s) => s.id === id), { id, status: 'Expired', link: null, flexPayAvailable: false, invoiceTotal: null });
      assert.equal((await list({})).find((s) => s.id === id)!.status, 'Expired');
      assert.equal(await expiredEvents(id), 1);
    });

    it('refuses paymentSessionResolve, Pending and Reject on an overdue Active session', async () => {
      for (const attempt of [
        (id: string) => resolve(id, { paymentId: 'pay_late' }),
        (id: string) => pending(id),
        (id: string) => reject(id, { code: 'CARD_DECLINED' }),
      ]) {
        const id = await activeOverdue();
        const outcome = await attempt(id);
        assert.equal(outcome.userErrors.length, 1, JSON.stringify(outcome));
        assert.match(outcome.userErrors[0].code, /_INVALID_STATE$/);
        assert.equal(outcome.paymentSession!.status, 'Expired');
        assert.equal(outcome.paymentSession!.link, null);
        const stored = await row(id);
        assert.equal(stored.status, 'Expired');
        assert.equal(stored.payment_id, null);
        assert.equal(await expiredEvents(id), 1);
      }
    });

    it('does not let updatePaymentSession revive an overdue session, nor change it', async () => {
      for (const input of [{ expirationDate: inHours(48) }, { amount: '30.00' }, { status: 'Canceled' }, { status: 'Completed', paymentId: 'pay_x' }]) {
        const id = await activeOverdue();
        const res = await update({ id, ...input });
        assert.equal(codeOf(res), 'INVALID_STATE', JSON.stringify(input));
        const stored = await row(id);
        assert.equal(stored.status, 'Expired', JSON.stringify(input));
        assert.equal(Number(stored.amount_minor), 2500);
        assert.equal(await expiredEvents(id), 1, 'the refusal still writes the expiry, once');
      }
    });

    it('expires a Pending session past its pendingExpiresAt: resolve and reject are refused', async () => {
      for (const attempt of [(id: string) => resolve(id, { paymentId: 'pay_late' }), (id: string) => reject(id, { code: 'CARD_DECLINED' })]) {
        const s = await createOk({ expirationDate: inHours(1) });
        assert.deepEqual((await pending(s.id, inHours(2))).userErrors, []);
        await overdue(s.id, 'pending_expires_at');
        const outcome = await attempt(s.id);
        assert.match(outcome.userErrors[0]?.code ?? '', /_INVALID_STATE$/, JSON.stringify(outcome));
        assert.equal(outcome.paymentSession!.status, 'Expired');
        assert.equal(await expiredEvents(s.id), 1);
      }
      const s = await createOk({ expirationDate: inHours(1) });
      ok(await t.gql(PENDING, { id: s.id, at: inHours(2) }, { key: partner }));
      await overdue(s.id, 'pending_expires_at');
      assert.equal((await get(s.id)).status, 'Expired');
    });

    it("shows an overdue session as Expired in the staff console's list and detail", async () => {
      const staff = await StaffClient.signedIn(t, StaffRole.viewer);
      const id = await activeOverdue();
      const active = ok(await staff.gql(`query($f: AdminPaymentSessionFilter) { paymentSessions(filter: $f, perPage: 100) { nodes { id status } } }`, { f: { orgId: acme.orgId, status: ['Active'] } })).paymentSessions.nodes;
      assert.ok(!active.some((s: { id: string }) => s.id === id), 'not listed as Active');
      const detail = ok(await staff.gql(`query($id: ID!) { paymentSession(id: $id) { id status } }`, { id })).paymentSession;
      assert.equal(detail.status, 'Expired');
      assert.equal(await expiredEvents(id), 1);
    });

    it('keeps a session whose deadline has not passed as it was', async () => {
      const s = await createOk({ expirationDate: inHours(1) });
      const read = await get(s.id);
      assert.equal(read.status, 'Active');
      assert.ok(read.link);
      assert.deepEqual((await resolve(s.id, { paymentId: 'pay_in_time' })).userErrors, []);
    });

    it('races the sweep: reads, transitions and the sweep together write exactly one .expired event', async () => {
      const ids = await Promise.all(Array.from({ length: 6 }, () => activeOverdue()));
      await Promise.all([
        t.app.get(ExpirySweepService).sweep(),
        ...ids.flatMap((id) => [get(id), resolve(id, { paymentId: 'pay_race' }), update({ id, amount: '1.00' }), t.app.get(ExpirySweepService).sweep()]),
      ]);
      for (const id of ids) {
        assert.equal((await row(id)).status, 'Expired');
        assert.equal(await expiredEvents(id), 1, id);
        assert.equal(Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM payment_session_events WHERE session_id = ?', [id]))[0].n), 2);
      }
      // The sweep still finds and writes the overdue sessions nobody read.
      const unread = await activeOverdue();
      assert.ok((await t.app.get(ExpirySweepService).sweep()).expired >= 1);
      assert.equal(await expiredEvents(unread), 1);
      assert.equal((await get(unread)).status, 'Expired');
      assert.equal(await expiredEvents(unread), 1);
    });
  });

  describe('2. DateTime inputs are real instants in strict ISO 8601 with a zone', () => {
    const impossible = ['2027-02-30T10:00:00Z', '2027-02-29T10:00:00Z', '2027-04-31T10:00:00+02:00', '2027-01-01T24:00:00Z', '2027-01-01T10:60:00Z', '2027-01-01T10:00:60Z', '2027-13-01T10:00:00Z'];
    const malformed = ['2027-01-01T10:00:00', '2027-01-01 10:00:00Z', '2027-01-01', 'tomorrow', '1803808800000', '2027-01-01T10:00:00+0530', '+012027-01-01T10:00:00Z'];

    it('refuses 30 February in a variable, at its field (the example)', async () => {
      refusedAt(await create({ expirationDate: '2027-02-30T10:00:00Z' }), 'input.expirationDate');
    });

    it('refuses impossible and malformed instants, as variables and as inline literals', async () => {
      for (const text of [...impossible, ...malformed]) {
        refusedAt(await create({ expirationDate: text }), 'input.expirationDate', text);
        const inline = await t.gql(`mutation($o: ID!) { createPaymentSession(input: { orgId: $o, amount: "1.00", currency: "USD", expirationDate: ${JSON.stringify(text)} }) { id } }`, { o: acme.orgId }, { key: acme.key });
        refusedAt(inline, 'input.expirationDate', `inline ${text}`);
      }
      const s = await createOk({ expirationDate: inHours(1) });
      refusedAt(await t.gql(PENDING, { id: s.id, at: '2027-02-30T10:00:00Z' }, { key: partner }), 'pendingExpiresAt');
    });

    it('accepts the forms of a real instant and reads them as that instant', async () => {
      const year = new Date().getUTCFullYear() + 2;
      for (const [text, expected] of [
        [`${year}-02-28T10:00:00Z`, `${year}-02-28T10:00:00.000Z`],
        [`${year}-02-28T10:00Z`, `${year}-02-28T10:00:00.000Z`],
        [`${year}-02-28T10:00:00.5+01:00`, `${year}-02-28T09:00:00.500Z`],
        [`${year}-02-28T10:00:00.123456789-03:30`, `${year}-02-28T13:30:00.123Z`],
        [`${year}-02-28t10:00:00z`, `${year}-02-28T10:00:00.000Z`],
      ]) {
        assert.equal((await createOk({ expirationDate: text })).expirationDate, expected, text);
      }
    });
  });

  describe('3. a value behaves the same inline and in a variable, and is reported at its argument path', () => {
    it('reads an inline 1e2 as the variable 1e2 is read: "100.00" (the example)', async () => {
      const inline = ok(await t.gql(`mutation($o: ID!) { createPaymentSession(input: { orgId: $o, amount: 1e2, currency: "USD" }) { amount } }`, { o: acme.orgId }, { key: acme.key }));
      assert.equal(inline.createPaymentSession.amount, '100.00');
      assert.equal((await createOk({ amount: 1e2 })).amount, '100.00');
      for (const literal of ['100', '100.5', '1.25e1', '"100.10"']) {
        const res = ok(await t.gql(`mutation($o: ID!) { createPaymentSession(input: { orgId: $o, amount: ${literal}, currency: "USD" }) { amount } }`, { o: acme.orgId }, { key: acme.key }));
        const variable = (await createOk({ amount: JSON.parse(literal) })).amount;
        assert.equal(res.createPaymentSession.amount, variable, literal);
      }
    });

    it('names the field from the argument, whatever the variable is called (the example)', async () => {
      refusedAt(await t.gql(CREATE, { i: { orgId: acme.orgId, amount: '1.00', currency: 'XYZ' } }, { key: acme.key }), 'input.currency');
      refusedAt(await t.gql(CREATE, { i: { orgId: acme.orgId, amount: '1.50', currency: 'JPY' } }, { key: acme.key }), 'input.amount');
      const renamed = `mutation($whatever: CreatePaymentSessionInput!) { createPaymentSession(input: $whatever) { id } }`;
      refusedAt(await t.gql(renamed, { whatever: { orgId: acme.orgId, amount: '1.00', currency: 'usd' } }, { key: acme.key }), 'input.currency');
      refusedAt(await t.gql(renamed, { whatever: { orgId: acme.orgId, currency: 'USD' } }, { key: acme.key }), 'input.amount');
    });

    it('reports inline literals and nested variables at the same path, list indices included', async () => {
      const bad = { orgId: acme.orgId, amount: '1.00', currency: 'USD', invoiceRefs: [{ amount: '1.00', lines: [{ num: 1, price: '1.00' }, { num: 2, price: '1.005' }] }] };
      refusedAt(await t.gql(CREATE, { i: bad }, { key: acme.key }), 'input.invoiceRefs.0.lines.1.price');
      const inline = `mutation($o: ID!) { createPaymentSession(input: { orgId: $o, amount: "1.00", currency: "USD",
        invoiceRefs: [{ amount: "1.00", lines: [{ num: 1, price: "1.00" }, { num: 2, price: "1.005" }] }] }) { id } }`;
      refusedAt(await t.gql(inline, { o: acme.orgId }, { key: acme.key }), 'input.invoiceRefs.0.lines.1.price');
      const nested = `mutation($o: ID!, $p: Amount!) { createPaymentSession(input: { orgId: $o, amount: "1.00", currency: "USD", invoiceRefs: [{ lines: [{ num: 1 }, { num: 2, price: $p }] }] }) { id } }`;
      refusedAt(await t.gql(nested, { o: acme.orgId, p: '-3' }, { key: acme.key }), 'input.invoiceRefs.0.lines.1.price');
      refusedAt(await t.gql(`mutation($o: ID!) { createPaymentSession(input: { orgId: $o, amount: "1.00", currency: "XYZ" }) { id } }`, { o: acme.orgId }, { key: acme.key }), 'input.currency');
      refusedAt(await t.gql(`mutation($o: ID!) { createPaymentSession(input: { orgId: $o, amount: "1.00", currency: "USD", callbackUrl: "http://127.0.0.1/x" }) { id } }`, { o: acme.orgId }, { key: acme.key }), 'input.callbackUrl');
      refusedAt(await t.gql(`mutation($o: ID!) { createPaymentSession(input: { orgId: $o, amount: "1.00", currency: "USD", contactRef: { contactEmail: "not-an-email" } }) { id } }`, { o: acme.orgId }, { key: acme.key }), 'input.contactRef.contactEmail');
      const dto = { orgId: acme.orgId, amount: '1.00', currency: 'USD', invoiceRefs: [{ lines: [{ num: 1 }] }, { lines: [{ num: 1, productName: 'x'.repeat(1000) }] }] };
      refusedAt(await t.gql(CREATE, { i: dto }, { key: acme.key }), 'input.invoiceRefs.1.lines.0.productName');
    });

    it('answers 400 when a value is refused before the operation runs, 200 when the operation refuses it (README, Errors)', async () => {
      const variable = await t.gql(CREATE, { i: { orgId: acme.orgId, amount: '1.00', currency: 'XYZ' } }, { key: acme.key });
      const inline = await t.gql(`mutation($o: ID!) { createPaymentSession(input: { orgId: $o, amount: "1.00", currency: "XYZ" }) { id } }`, { o: acme.orgId }, { key: acme.key });
      const both = await t.gql(CREATE, { i: { orgId: acme.orgId, amount: '1.00', currency: 'USD', contactId: 'ct_none', contactRef: { contactName: 'Ann' } } }, { key: acme.key });
      for (const [label, res, status] of [['variable', variable, 400], ['inline literal', inline, 400], ['refused by the operation', both, 200]] as const) {
        assert.equal(codeOf(res), 'BAD_USER_INPUT', `${label}: ${JSON.stringify(res.errors)}`);
        assert.equal(res.status, status, label);
      }
    });
  });

  describe('4. derived amounts are bounded at input; reads never fail on stored values', () => {
    it('refuses two invoices of 999999999.99 at the invoice that goes over (the example)', async () => {
      const res = await create({ amount: '10.00', invoiceRefs: [{ amount: '999999999.99' }, { amount: '999999999.99' }] });
      refusedAt(res, 'input.invoiceRefs.1.amount');
      const s = await createOk({ amount: '10.00' });
      refusedAt(await update({ id: s.id, invoiceRefs: [{ amount: '999999999.00' }, { amount: '0.50' }, { amount: '0.50' }] }), 'input.invoiceRefs.2.amount');
      const yen = await t.gql(CREATE, { i: { orgId: acme.orgId, amount: 10, currency: 'JPY', invoiceRefs: [{ amount: 999999999 }, { amount: 1 }] } }, { key: acme.key });
      refusedAt(yen, 'input.invoiceRefs.1.amount');
      const atMax = await createOk({ amount: '10.00', invoiceRefs: [{ amount: '999999999.00' }, { amount: '0.99' }] });
      assert.equal(atMax.invoiceTotal, '999999999.99');
    });

    it('reads and updates a session whose stored total is over the bound (written before the bound)', async () => {
      const s = await createOk({ amount: '10.00', invoiceRefs: [{ amount: '999999999.99' }] });
      await t.dataSource.query('UPDATE payment_sessions SET invoice_total_minor = ? WHERE id = ?', [199999999998, s.id]);
      const read = await get(s.id);
      assert.equal(read.invoiceTotal, '1999999999.98');
      assert.equal(typeof read.flexPayAvailable, 'boolean');
      const page = await list({});
      assert.ok(page.some((n) => n.id === s.id));
      const moved = ok(await update({ id: s.id, currency: 'EUR' })).updatePaymentSession;
      assert.deepEqual([moved.currency, moved.amount, moved.invoiceTotal], ['EUR', '10.00', '1999999999.98']);
    });
  });

  describe('6. Idempotency-Key retries are compared after normalization', () => {
    it('returns the first session for "100.1" after "100.10" (the example), and for other equivalent spellings', async () => {
      const headers = { 'idempotency-key': 'exact-idem-1' };
      const first = ok(await create({ amount: '100.10' }, headers)).createPaymentSession;
      for (const amount of ['100.1', 100.1, 100.10]) {
        assert.equal(ok(await create({ amount }, headers)).createPaymentSession.id, first.id, String(amount));
      }
      const at = new Date(Date.now() + 5 * HOUR);
      at.setUTCMilliseconds(0);
      const plus2 = new Date(at.getTime() + 2 * HOUR).toISOString().replace('.000Z', '+02:00');
      const base = {
        amount: '5',
        expirationDate: at.toISOString(),
        contactRef: { contactName: 'Ann', address: { lines: ['1 Main St'], countryCode: 'USA' } },
        successUrl: null,
      };
      const h2 = { 'idempotency-key': 'exact-idem-2' };
      const second = ok(await create(base, h2)).createPaymentSession;
      const same = ok(await create({ contactRef: { address: { countryCode: 'US', lines: ['1 Main St'] }, contactName: 'Ann' }, expirationDate: plus2, amount: 5.0 }, h2)).createPaymentSession;
      assert.equal(same.id, second.id);
    });

    it('still conflicts on a different request', async () => {
      const headers = { 'idempotency-key': 'exact-idem-3' };
      ok(await create({ amount: '100.10', contactRef: { contactName: 'Ann', address: { lines: ['1'], countryCode: 'US' } } }, headers));
      assert.equal(codeOf(await create({ amount: '100.11', contactRef: { contactName: 'Ann', address: { lines: ['1'], countryCode: 'US' } } }, headers)), 'CONFLICT');
      assert.equal(codeOf(await create({ amount: '100.10', contactRef: { contactName: 'Ann', address: { lines: ['1'], countryCode: 'CA' } } }, headers)), 'CONFLICT');
      assert.equal(codeOf(await create({ amount: '100.10', currency: 'EUR', contactRef: { contactName: 'Ann', address: { lines: ['1'], countryCode: 'US' } } }, headers)), 'CONFLICT');
    });
  });

  describe('7. a repeat of a finalization with other details is refused and changes nothing', () => {
    it('refuses a second resolve with another paymentId (the example), accepts the same one', async () => {
      const s = await createOk();
      assert.deepEqual((await resolve(s.id, { paymentId: 'pay_AAA', ntid: 'ntx-1' })).userErrors, []);
      const before = await row(s.id);
      const other = await resolve(s.id, { paymentId: 'pay_BBB' });
      assert.equal(other.userErrors.length, 1);
      assert.equal(other.userErrors[0].code, 'RESOLVE_INVALID_STATE');
      assert.deepEqual(other.userErrors[0].field, ['paymentId']);
      assert.equal(other.paymentSession!.paymentId, 'pay_AAA');
      assert.deepEqual(await row(s.id), before);
      assert.deepEqual((await resolve(s.id, { paymentId: 'pay_AAA', ntid: 'ntx-1' })).userErrors, [], 'the same details: success, no change');
      assert.deepEqual((await resolve(s.id)).userErrors, [], 'no details claims nothing');
      for (const [extra, field] of [[{ ntid: 'ntx-2' }, 'networkTransactionId'], [{ paymentId: 'pay_AAA', authExp: inHours(5) }, 'authorizationExpiresAt']] as const) {
        const outcome = await resolve(s.id, extra);
        assert.deepEqual(outcome.userErrors.map((e) => [e.code, e.field]), [['RESOLVE_INVALID_STATE', [field]]], JSON.stringify(extra));
      }
      assert.deepEqual(await row(s.id), before);
    });

    it('refuses a second reject with another reason, accepts the same one', async () => {
      const s = await createOk();
      const reason = { code: 'CARD_DECLINED', merchantMessage: 'Declined', source: 'NETWORK' };
      assert.deepEqual((await reject(s.id, reason)).userErrors, []);
      const before = await row(s.id);
      assert.deepEqual((await reject(s.id, reason)).userErrors, []);
      assert.deepEqual((await reject(s.id, { code: 'CARD_DECLINED' })).userErrors, []);
      for (const [other, field] of [[{ ...reason, code: 'PROCESSING_ERROR' }, 'code'], [{ ...reason, merchantMessage: 'Other' }, 'merchantMessage'], [{ ...reason, source: 'PROVIDER' }, 'source']] as const) {
        const outcome = await reject(s.id, other);
        assert.deepEqual(outcome.userErrors.map((e) => [e.code, e.field]), [['REJECT_INVALID_STATE', ['reason', field]]], JSON.stringify(other));
        assert.equal(outcome.paymentSession!.rejection.code, 'CARD_DECLINED');
      }
      assert.deepEqual(await row(s.id), before);
    });

    it('tells the loser of two concurrent resolves with different ids, and keeps the winner', async () => {
      const s = await createOk();
      const [a, b] = await Promise.all([resolve(s.id, { paymentId: 'pay_one' }), resolve(s.id, { paymentId: 'pay_two' })]);
      const winners = [a, b].filter((o) => o.userErrors.length === 0);
      assert.equal(winners.length, 1, JSON.stringify([a, b]));
      const stored = await row(s.id);
      assert.equal(stored.payment_id, winners[0].paymentSession!.paymentId);
      assert.equal(Number((await t.dataSource.query("SELECT COUNT(*) AS n FROM payment_session_events WHERE session_id = ? AND type = 'payment_session.completed'", [s.id]))[0].n), 1);
    });
  });

  describe('8. callbackUrl hosts are judged after normalization', () => {
    it('refuses loopback spellings (the example) and other disguised private hosts', async () => {
      for (const url of [
        'http://localhost./',
        'http://[::127.0.0.1]/',
        'http://LOCALHOST../x',
        'http://app.localhost./',
        'http://[::ffff:7f00:1]/',
        'http://[0:0:0:0:0:ffff:127.0.0.1]/',
        'http://2130706433/',
        'http://0x7f.1/',
        'http://127.1/',
        'http://[::a9fe:a9fe]/',
        'http://[64:ff9b::a9fe:a9fe]/',
        'http://[2002:a9fe:a9fe::1]/',
        'http://[fd00:ec2::254]/',
        'http://169.254.169.254./latest',
      ]) {
        refusedAt(await create({ callbackUrl: url }), 'input.callbackUrl', url);
      }
      assert.ok(await createOk({ callbackUrl: 'https://merchant.example.com./hooks' }));
    });
  });
});

describe('exactness (issue 14): CALLBACK_ALLOW_PRIVATE_NETWORKS', () => {
  let t: TestApp;
  let acme: Tenant;

  before(async () => {
    t = await TestApp.start({ ...QUIET, CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true' });
    acme = await t.tenant();
  });
  after(() => t.close());

  const create = (callbackUrl: string) => t.gql(CREATE, { i: { orgId: acme.orgId, amount: '1.00', currency: 'USD', callbackUrl } }, { key: acme.key });

  it('opens loopback and private ranges, never link-local or cloud metadata addresses', async () => {
    for (const url of ['http://127.0.0.1:4000/hooks', 'http://localhost./hooks', 'http://[::1]/', 'http://10.1.2.3/', 'http://[fd12::1]/']) {
      assert.equal((await create(url)).errors, undefined, url);
    }
    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://[fd00:ec2::254]/', 'http://[fe80::1]/', 'http://[::ffff:169.254.169.254]/', 'http://[::a9fe:a9fe]/', 'http://metadata.google.internal./', 'http://0.0.0.0/']) {
      refusedAt(await create(url), 'input.callbackUrl', url);
    }
  });
});
