import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { StaffRole } from '@paysession/staff';
import { StaffClient } from './support/admin-api';
import { codeOf, ok, QUIET, Tenant, TestApp } from './support/test-app';

// Issue 14, kind 5: one text-matching semantics, the same on SQLite and MariaDB (README, "Text
// matching"). References and ids compare exactly — case, accents and trailing spaces matter;
// email addresses and name searches compare in any case (Unicode lower case), accents counting.
// The suite runs this file on both databases; every row of each matrix must come out the same.

const CREATE = `mutation($i: CreatePaymentSessionInput!) { createPaymentSession(input: $i) { id transactionRef } }`;
const LIST = `query($o: ID!, $f: PaymentSessionFilter) { paymentSessions(orgId: $o, filter: $f, first: 100) { nodes { id transactionRef } } }`;
const GET = `query($o: ID!, $id: ID!) { paymentSession(orgId: $o, id: $id) { id } }`;
const CREATE_CONTACT = `mutation($i: CreateContactInput!) { createContact(input: $i) { id } }`;
const UPDATE_CONTACT = `mutation($i: UpdateContactInput!) { updateContact(input: $i) { id } }`;
const CONTACTS = `query($o: ID!, $s: String) { contacts(orgId: $o, search: $s, first: 100) { nodes { id } } }`;
const STAFF_SESSIONS = `query($filter: AdminPaymentSessionFilter) { paymentSessions(filter: $filter, perPage: 100) { nodes { id } } }`;
const STAFF_CONTACTS = `query($f: ContactFilter) { contacts(filter: $f, perPage: 100) { nodes { id } } }`;
const STAFF_ORGS = `query($f: OrganizationFilter) { organizations(filter: $f, perPage: 100) { nodes { id } } }`;

describe('text matching: one semantics on every database', () => {
  let t: TestApp;
  let acme: Tenant;
  let staff: StaffClient;
  /** transactionRef → session id. */
  const byRef = new Map<string, string>();
  /** label → contact id. */
  const contacts = new Map<string, string>();

  const REFS = ['INV-x', 'inv-x', 'INV-x ', 'INV-X', 'ÍNV-x', 'INV-x  '];

  before(async () => {
    t = await TestApp.start(QUIET);
    acme = await t.tenant('Ünïcode Shop');
    for (const ref of REFS) {
      const s = ok(await t.gql(CREATE, { i: { orgId: acme.orgId, amount: '1.00', currency: 'USD', transactionRef: ref } }, { key: acme.key })).createPaymentSession;
      assert.equal(s.transactionRef, ref, 'stored as sent');
      byRef.set(ref, s.id);
    }
    for (const [label, input] of Object.entries({
      ann: { name: 'Ann Lee', email: 'Ann.Lee@Example.com' },
      emile: { name: 'Émile Zola', email: 'emile@example.com' },
      plain: { name: 'Emile Plain', email: 'plain@example.com' },
    })) {
      contacts.set(label, ok(await t.gql(CREATE_CONTACT, { i: { orgId: acme.orgId, ...input } }, { key: acme.key })).createContact.id);
    }
    staff = await StaffClient.signedIn(t, StaffRole.viewer);
  });
  after(() => t.close());

  const listByRef = async (ref: string) => (ok(await t.gql(LIST, { o: acme.orgId, f: { transactionRef: ref } }, { key: acme.key })).paymentSessions.nodes as { id: string }[]).map((n) => n.id);
  const search = async (s: string) => (ok(await t.gql(CONTACTS, { o: acme.orgId, s }, { key: acme.key })).contacts.nodes as { id: string }[]).map((n) => n.id).sort();
  const ids = (...labels: string[]) => labels.map((l) => contacts.get(l)!).sort();

  it('filters transactionRef exactly: case, accents and trailing spaces matter (the example)', async () => {
    for (const ref of REFS) assert.deepEqual(await listByRef(ref), [byRef.get(ref)], JSON.stringify(ref));
    assert.deepEqual(await listByRef('INV-x   '), []);
    assert.deepEqual(await listByRef('inv-X'), []);
    assert.deepEqual(await listByRef('INV-'), [], 'no prefix matching');
  });

  it('finds ids exactly: another case or a trailing space is another id', async () => {
    const id = byRef.get('INV-x')!;
    ok(await t.gql(GET, { o: acme.orgId, id }, { key: acme.key }));
    for (const other of [`${id} `, id.toLowerCase(), id.replace(/^ps_/, 'PS_')]) {
      assert.equal(codeOf(await t.gql(GET, { o: acme.orgId, id: other }, { key: acme.key })), 'NOT_FOUND', JSON.stringify(other));
    }
    assert.equal(codeOf(await t.gql(GET, { o: `${acme.orgId} `, id }, { key: acme.key })), 'NOT_FOUND');
  });

  it('searches contacts by the start of the name or email in any case, accents counting', async () => {
    assert.deepEqual(await search('ann.lee@example.com'), ids('ann'));
    assert.deepEqual(await search('ANN.LEE@EXAMPLE.COM'), ids('ann'));
    assert.deepEqual(await search('ann'), ids('ann'));
    assert.deepEqual(await search('ANN L'), ids('ann'));
    assert.deepEqual(await search('émile'), ids('emile'));
    assert.deepEqual(await search('ÉMILE'), ids('emile'), 'Unicode upper case is any case too');
    assert.deepEqual(await search('emile'), ids('emile', 'plain'), '"emile" is the start of emile@… and of Emile Plain, not of Émile');
    assert.deepEqual(await search('ann.lee@example.com '), [], 'a trailing space counts');
    assert.deepEqual(await search('%'), [], 'LIKE wildcards are text');
    ok(await t.gql(UPDATE_CONTACT, { i: { orgId: acme.orgId, id: contacts.get('ann'), email: 'Lee.Ann@Example.org', name: 'Lee Ann' } }, { key: acme.key }));
    assert.deepEqual(await search('LEE.ANN@'), ids('ann'), 'an update keeps the search in step');
    assert.deepEqual(await search('ann.lee'), []);
  });

  it("matches the console's session search: the start of a reference letter for letter, of a contact email in any case", async () => {
    const sessions = async (q: string) => (ok(await staff.gql(STAFF_SESSIONS, { filter: { q } })).paymentSessions.nodes as { id: string }[]).map((n) => n.id).sort();
    const refs = (...list: string[]) => list.map((ref) => byRef.get(ref)!).sort();
    assert.deepEqual(await sessions('INV-x'), refs('INV-x', 'INV-x ', 'INV-x  '), 'the start of a reference; case counts');
    assert.deepEqual(await sessions('INV-'), refs('INV-x', 'INV-x ', 'INV-x  ', 'INV-X'));
    assert.deepEqual(await sessions('inv-x'), refs('inv-x'));
    assert.deepEqual(await sessions('ÍNV'), refs('ÍNV-x'), 'accents count');
    assert.deepEqual(await sessions('INV_x'), [], 'an underscore is a letter, not a wildcard');
    assert.deepEqual(await sessions('INV%'), [], 'so is a percent sign');
    const contactId = contacts.get('plain')!;
    const withContact = ok(await t.gql(CREATE, { i: { orgId: acme.orgId, amount: '2.00', currency: 'USD', contactId } }, { key: acme.key })).createPaymentSession.id;
    const inline = ok(await t.gql(CREATE, { i: { orgId: acme.orgId, amount: '3.00', currency: 'USD', contactRef: { contactEmail: 'Inline.Person@Example.com' } } }, { key: acme.key })).createPaymentSession.id;
    const mixed = ok(await t.gql(CREATE_CONTACT, { i: { orgId: acme.orgId, name: 'Mixed', email: 'Mixed.Case@Example.com' } }, { key: acme.key })).createContact.id;
    const withMixed = ok(await t.gql(CREATE, { i: { orgId: acme.orgId, amount: '4.00', currency: 'USD', contactId: mixed } }, { key: acme.key })).createPaymentSession.id;
    assert.deepEqual(await sessions('mixed.case@example.com'), [withMixed], 'a contact email stored in mixed case, searched in lower case (the example)');
    assert.deepEqual(await sessions('MIXED.CASE@EXAMPLE.COM'), [withMixed]);
    assert.deepEqual(await sessions('PLAIN@example.com'), [withContact], "the attached contact's email, any case");
    assert.deepEqual(await sessions('plain@example.com'), [withContact]);
    assert.deepEqual(await sessions('inline.person@EXAMPLE.com'), [inline], 'an inline contact email, any case');
    assert.deepEqual(await sessions('pläin@example.com'), [], 'accents count');
    assert.deepEqual(await sessions('Mixed.C'), [withMixed], "the start of an attached contact's email, any case");
    assert.deepEqual(await sessions('INLINE'), [inline], 'the start of an inline contact email, any case');
  });

  it("searches the console's contacts and organizations in any case, accents counting", async () => {
    const staffContacts = async (q: string) => (ok(await staff.gql(STAFF_CONTACTS, { f: { q, orgId: acme.orgId } })).contacts.nodes as { id: string }[]).map((n) => n.id).sort();
    assert.deepEqual(await staffContacts('ÉMILE'), ids('emile'));
    assert.deepEqual(await staffContacts('PLAIN@'), ids('plain'));
    const orgs = async (q: string) => (ok(await staff.gql(STAFF_ORGS, { f: { q } })).organizations.nodes as { id: string }[]).map((n) => n.id);
    assert.deepEqual(await orgs('ünïcode'), [acme.orgId]);
    assert.deepEqual(await orgs('ÜNÏCODE SH'), [acme.orgId]);
    assert.deepEqual(await orgs('unicode'), [], 'accents count');
  });
  it('keeps trailing spaces significant in every exact column a migration made, later tables too', async () => {
    // rate_limits came after the text-matching migration; 1733600000000 moved it to NO PAD.
    await t.dataSource.query('INSERT INTO rate_limits (`key`, points, expire) VALUES (?, 1, NULL)', ['text-matching:k']);
    const padded = await t.dataSource.query('SELECT `key` FROM rate_limits WHERE `key` = ?', ['text-matching:k ']);
    assert.deepEqual(padded, [], 'a trailing space is another key');
    if (t.dataSource.options.type === 'mysql') {
      // utf8mb4_bin is PAD SPACE on MariaDB: no column may be left with it (columns().exact makes it).
      const left = await t.dataSource.query(
        "SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME) AS col FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND COLLATION_NAME = 'utf8mb4_bin'",
      );
      assert.deepEqual(left, []);
    }
  });
});
