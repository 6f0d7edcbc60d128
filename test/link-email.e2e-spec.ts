import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { simpleParser } from 'mailparser';
import { SmtpSink } from './support/smtp-sink';
import { codeOf, ok, QUIET, Tenant, TestApp } from './support/test-app';

const CREATE = `mutation($i: CreatePaymentSessionInput!) { createPaymentSession(input: $i) { id link } }`;
const CREATE_CONTACT = `mutation($i: CreateContactInput!) { createContact(input: $i) { id } }`;
const CANCEL = `mutation($i: UpdatePaymentSessionInput!) { updatePaymentSession(input: $i) { id status } }`;
const SEND = `mutation($o: ID!, $id: ID!) { sendPaymentSessionLink(orgId: $o, id: $id) { id status link events { type actor } } }`;

describe('sendPaymentSessionLink: the link by email, through a real SMTP server', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let acme: Tenant;
  let bob: Tenant;

  const session = async (input: Record<string, unknown>, tenant: Tenant = acme) =>
    ok(await t.gql(CREATE, { i: { orgId: tenant.orgId, amount: '100.10', currency: 'USD', callbackUrl: 'https://merchant.example.com/hooks', ...input } }, { key: tenant.key }))
      .createPaymentSession as { id: string; link: string };
  const send = (id: string, tenant: Tenant = acme, key = tenant.key) => t.gql(SEND, { o: tenant.orgId, id }, { key });

  before(async () => {
    smtp = await SmtpSink.start();
    t = await TestApp.start({ ...QUIET, SMTP_URL: smtp.url, MAIL_FROM: '"Acme payments" <payments@acme.example>', LINK_EMAILS_PER_SESSION: '2' });
    acme = await t.tenant('Acme');
    bob = await t.tenant('Bob');
  });
  after(async () => {
    await t?.close();
    await smtp?.close();
  });

  it("mails the attached contact a branded HTML and text message with the session's link, and records link_sent", async () => {
    const contact = ok(await t.gql(CREATE_CONTACT, { i: { orgId: acme.orgId, name: 'Grace Hopper', email: 'grace@example.com' } }, { key: acme.key })).createContact;
    const s = await session({ contactId: contact.id, brandName: '<b>Shop</b> & Co', transactionRef: 'INV-<1>', expirationDate: new Date(Date.now() + 3600_000).toISOString() });
    const before = smtp.messages.length;

    const sent = ok(await send(s.id)).sendPaymentSessionLink;
    assert.equal(sent.status, 'Active');
    assert.deepEqual(sent.events.map((e: { type: string }) => e.type), ['payment_session.created', 'payment_session.link_sent']);
    assert.match(sent.events[1].actor, /^merchant:key_/);

    assert.equal(smtp.messages.length, before + 1);
    const mail = smtp.messages.at(-1)!;
    assert.equal(mail.to && !Array.isArray(mail.to) ? mail.to.text : '', 'grace@example.com');
    assert.equal(mail.from?.text, '"Acme payments" <payments@acme.example>');
    assert.equal(mail.subject, '<b>Shop</b> & Co: payment request for $100.10');
    const html = mail.html as string;
    const text = mail.text as string;
    // The link, in both parts; the merchant's strings are text, never markup.
    assert.ok(html.includes(`href="${s.link}"`), html);
    assert.ok(text.includes(s.link), text);
    assert.ok(html.includes('&lt;b&gt;Shop&lt;/b&gt; &amp; Co'), html);
    assert.doesNotMatch(html, /<b>Shop<\/b>/);
    assert.ok(html.includes('INV-&lt;1&gt;'));
    assert.match(text, /Hello Grace Hopper,/);
    assert.match(text, /<b>Shop<\/b> & Co asks you to pay \$100\.10 \(reference INV-<1>\)\./);
    assert.match(text, /This link expires on .+ UTC\./);
    assert.doesNotMatch(html, /<script/i);
  });

  it("uses contactRef's email and the organization's name when the session has no contact or brand", async () => {
    const s = await session({ contactRef: { contactEmail: 'ada@example.com', contactFirstName: 'Ada', contactLastName: 'Lovelace' } });
    ok(await send(s.id));
    const mail = smtp.messages.at(-1)!;
    assert.equal(mail.to && !Array.isArray(mail.to) ? mail.to.text : '', 'ada@example.com');
    assert.equal(mail.subject, 'Acme: payment request for $100.10');
    assert.match(mail.text as string, /Hello Ada Lovelace,/);
  });

  it('refuses, sending nothing: no contact email, a session that is not Active or past its deadline, another org, a key without write scope', async () => {
    const before = smtp.messages.length;
    const bare = await session({});
    const refused = await send(bare.id);
    assert.equal(codeOf(refused), 'INVALID_STATE');
    assert.match(refused.errors![0].message, /no contact email/);

    const noEmail = ok(await t.gql(CREATE_CONTACT, { i: { orgId: acme.orgId, name: 'No Mail' } }, { key: acme.key })).createContact;
    assert.equal(codeOf(await send((await session({ contactId: noEmail.id })).id)), 'INVALID_STATE');

    const canceled = await session({ contactRef: { contactEmail: 'c@example.com' } });
    ok(await t.gql(CANCEL, { i: { orgId: acme.orgId, id: canceled.id, status: 'Canceled' } }, { key: acme.key }));
    const canceledAnswer = await send(canceled.id);
    assert.equal(codeOf(canceledAnswer), 'INVALID_STATE');
    assert.match(canceledAnswer.errors![0].message, /Canceled/);

    // Past its expirationDate, before any sweep (this app runs none): Expired for this purpose.
    const expiring = await session({ contactRef: { contactEmail: 'e@example.com' }, expirationDate: new Date(Date.now() + 1500).toISOString() });
    await sleep(2000);
    const expiredAnswer = await send(expiring.id);
    assert.equal(codeOf(expiredAnswer), 'INVALID_STATE');
    assert.match(expiredAnswer.errors![0].message, /Expired/);

    const alices = await session({ contactRef: { contactEmail: 'a@example.com' } });
    const other = await t.gql(SEND, { o: bob.orgId, id: alices.id }, { key: bob.key });
    assert.equal(codeOf(other), 'NOT_FOUND');
    assert.equal(codeOf(await t.gql(SEND, { o: acme.orgId, id: alices.id }, { key: bob.key })), 'NOT_FOUND');
    const readOnly = await t.apiKey(acme.orgId, ['read_payment_sessions']);
    assert.equal(codeOf(await send(alices.id, acme, readOnly)), 'FORBIDDEN');

    assert.equal(smtp.messages.length, before, 'no mail went out');
  });

  it('sends at most LINK_EMAILS_PER_SESSION per session, also when the calls race', async () => {
    const s = await session({ contactRef: { contactEmail: 'limit@example.com' } });
    const before = smtp.messages.filter((m) => m.subject && (m.to as { text: string }).text === 'limit@example.com').length;
    const answers = await Promise.all([send(s.id), send(s.id), send(s.id), send(s.id)]);
    const codes = answers.map((a) => codeOf(a) ?? 'ok').sort();
    assert.deepEqual(codes, ['RATE_LIMITED', 'RATE_LIMITED', 'ok', 'ok']);
    assert.match(answers.find((a) => codeOf(a) === 'RATE_LIMITED')!.errors![0].message, /already emailed 2 times in the last 24 hours/);
    const received = smtp.messages.filter((m) => (m.to as { text: string }).text === 'limit@example.com').length;
    assert.equal(received - before, 2);
    assert.equal(codeOf(await send(s.id)), 'RATE_LIMITED', 'and after the race too');
  });

  it('answers MAIL_NOT_SENT when the mail server refuses, records nothing, and does not count the attempt', async () => {
    const s = await session({ contactRef: { contactEmail: 'refused@example.com' } });
    smtp.refuse = true;
    try {
      for (let i = 0; i < 3; i++) {
        const res = await send(s.id);
        assert.equal(codeOf(res), 'MAIL_NOT_SENT');
        assert.match(res.errors![0].message, /did not accept the email \(it answered 550\)/);
        assert.doesNotMatch(res.errors![0].message, /127\.0\.0\.1/);
      }
    } finally {
      smtp.refuse = false;
    }
    const sent = ok(await send(s.id)).sendPaymentSessionLink;
    assert.deepEqual(sent.events.map((e: { type: string }) => e.type), ['payment_session.created', 'payment_session.link_sent']);
  });
});

describe('sendPaymentSessionLink without SMTP_URL', () => {
  const outbox = fs.mkdtempSync(path.join(os.tmpdir(), 'paysession-mail-'));
  let dev: TestApp;
  let prod: TestApp;

  before(async () => {
    const secrets = { API_KEY_PEPPER: 'a production pepper of at least 32 characters', SECRETS_ENCRYPTION_KEY: 'a production key of at least thirty-two chars' };
    [dev, prod] = await Promise.all([TestApp.start({ ...QUIET, MAIL_OUTBOX_DIR: outbox }), TestApp.start({ ...QUIET, ...secrets, NODE_ENV: 'production' })]);
  });
  after(async () => {
    await dev?.close();
    await prod?.close();
    fs.rmSync(outbox, { recursive: true, force: true });
  });

  const sendOn = async (app: TestApp) => {
    const tenant = await app.tenant('Acme');
    const created = ok(await app.gql(CREATE, { i: { orgId: tenant.orgId, amount: 500, currency: 'JPY', contactRef: { contactEmail: 'kenji@example.com' } } }, { key: tenant.key }));
    const id = created.createPaymentSession.id as string;
    const res = await app.gql(SEND, { o: tenant.orgId, id }, { key: tenant.key });
    const events = async () => ok(await app.gql(`query($o: ID!, $id: ID!) { paymentSession(orgId: $o, id: $id) { events { type } } }`, { o: tenant.orgId, id }, { key: tenant.key })).paymentSession.events.map((e: { type: string }) => e.type);
    return { link: created.createPaymentSession.link as string, res, events };
  };

  it('writes each message as an .eml file under MAIL_OUTBOX_DIR in development', async () => {
    const { link, res, events } = await sendOn(dev);
    ok(res);
    assert.deepEqual(await events(), ['payment_session.created', 'payment_session.link_sent']);
    const files = fs.readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    assert.equal(files.length, 1);
    const mail = await simpleParser(fs.readFileSync(path.join(outbox, files[0])));
    assert.equal((mail.to as { text: string }).text, 'kenji@example.com');
    assert.equal(mail.subject, 'Acme: payment request for ¥500');
    assert.ok((mail.text as string).includes(link));
  });

  it('refuses with MAIL_NOT_SENT in production, recording nothing', async () => {
    const { res, events } = await sendOn(prod);
    assert.equal(codeOf(res), 'MAIL_NOT_SENT');
    assert.match(res.errors![0].message, /SMTP_URL is not set/);
    assert.deepEqual(await events(), ['payment_session.created']);
  });
});
