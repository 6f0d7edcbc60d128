import { createElement as h, Fragment, ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { brandOf, LayoutTemplate, LineItemField, PaymentMethod } from '@paysession/checkout-configurations';
import { PaymentSessionStatus, StoredContactRef, StoredInvoiceRef, StoredLine } from '@paysession/payment-sessions';
import { absoluteTime, formatMoney, relativeTime } from './checkout-format';
import { CheckoutPageData } from './checkout.types';

// The hosted checkout page, rendered on the server with react-dom/server: every value from a
// merchant or a customer is a React text node or attribute, so React escapes it; no HTML is built
// from strings. It works with JavaScript off. The Pending page has a "Check again" link and, as
// progressive enhancement, one small script (allowed by its CSP nonce) that looks at the page
// every few seconds and reloads it only once the status has changed: a timed
// <meta http-equiv="refresh"> would reload under a reader's feet (WCAG 2.2.1, axe's meta-refresh).

/** Milliseconds between the Pending page's checks. */
export const PENDING_CHECK_MS = 5000;

/** The Pending page's script: a constant, no data in it. */
const PENDING_SCRIPT = `(function(){var u=location.href;setInterval(function(){fetch(u,{cache:'no-store'}).then(function(r){return r.text()}).then(function(t){if(t.indexOf('data-status="Pending"')<0)location.reload()}).catch(function(){})},${PENDING_CHECK_MS})})();`;

/**
 * The page's only stylesheet, inline under a CSP nonce (one response, no second request). AA
 * contrast: body text #1b1b1f and muted #4a4a55 on white, white on the #0b57d0 button.
 */
const CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1f;background:#f4f5f7}
.wrap{max-width:34rem;margin:0 auto;padding:1rem}
header{display:flex;align-items:center;gap:.75rem;padding:1rem 0}
header img{max-height:48px;max-width:160px;object-fit:contain}
.brand{font-size:1.125rem;font-weight:600;overflow-wrap:anywhere}
main{background:#fff;border:1px solid #d4d6dc;border-radius:12px;padding:1.25rem}
h1{font-size:1.375rem;line-height:1.3;margin:0 0 .75rem}
h2{font-size:1.0625rem;margin:1.25rem 0 .5rem}
.amount{font-size:2rem;font-weight:700;margin:.25rem 0}
.muted{color:#4a4a55}
dl.facts{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem;margin:.75rem 0}
dl.facts dt{color:#4a4a55}dl.facts dd{margin:0;overflow-wrap:anywhere}
ul.lines{list-style:none;margin:0;padding:0}
ul.lines li{display:flex;gap:.75rem;padding:.625rem 0;border-top:1px solid #e4e5ea}
ul.lines li:first-child{border-top:0}
ul.lines img{width:48px;height:48px;object-fit:cover;border-radius:6px;flex:none}
.line-main{flex:1;min-width:0;overflow-wrap:anywhere}
.line-price{text-align:right;white-space:nowrap}
.contact{font-style:normal;overflow-wrap:anywhere}
fieldset{border:0;margin:1.25rem 0 0;padding:0}
legend{font-weight:600;margin-bottom:.5rem;padding:0}
.method{display:flex;align-items:center;gap:.625rem;border:1px solid #b9bcc6;border-radius:8px;padding:.75rem;margin:.5rem 0;cursor:pointer}
.method input{width:1.25rem;height:1.25rem;margin:0}
.button{display:block;width:100%;margin-top:1.25rem;padding:.875rem 1rem;border:0;border-radius:8px;background:#0b57d0;color:#fff;font:inherit;font-weight:600;text-align:center;text-decoration:none;cursor:pointer}
.button:hover{background:#0842a0}
:focus-visible{outline:3px solid #f29900;outline-offset:2px}
.alert{border:1px solid #b3261e;background:#fdecea;color:#6e120c;border-radius:8px;padding:.75rem;margin:0 0 1rem}
footer{padding:1rem 0;font-size:.875rem;color:#4a4a55;text-align:center}
@media (min-width:48rem){.wrap{padding:2rem 1rem}main{padding:2rem}}
`;

const METHOD_LABEL: Record<PaymentMethod, string> = {
  [PaymentMethod.Card]: 'Card',
  [PaymentMethod.BankTransfer]: 'Bank transfer',
  [PaymentMethod.FlexPay]: 'FlexPay (pay over time)',
};

/** What a page needs besides the session: the request's locale and nonce, and what to say. */
export interface RenderContext {
  locale: string;
  /** The CSP nonce of the inline stylesheet. */
  nonce: string;
  now: Date;
  /** The hidden CSRF field of the Pay form. */
  formToken?: string;
  /** Shown above the form (role="alert") after a failed start. */
  problem?: string;
}

/** The whole HTML document of a session's page, for its (effective) status. */
export function renderCheckoutPage(data: CheckoutPageData, ctx: RenderContext): string {
  const brand = brandOf(data.session, data.config, data.orgName);
  const body = (() => {
    switch (data.status) {
      case PaymentSessionStatus.Active:
        return activePage(data, brand, ctx);
      case PaymentSessionStatus.Pending:
        return statusPage('We are confirming your payment', [
          h('p', { key: 'p' }, `Your payment of ${money(data, data.session.amountMinor, ctx)} to ${brand.name} is being confirmed.`),
          h('p', { key: 'r', className: 'muted' }, 'This page updates itself when the payment is confirmed; you can also come back to it later.'),
          h('a', { key: 'again', className: 'button', href: `/pay/${data.token}` }, 'Check again'),
        ]);
      case PaymentSessionStatus.Completed:
        return statusPage('Paid', [
          h('p', { key: 'p' }, `Thank you. ${money(data, data.session.amountMinor, ctx)} was paid to ${brand.name}.`),
          data.session.paymentId ? h('p', { key: 'id', className: 'muted' }, `Payment reference: ${data.session.paymentId}`) : null,
          data.session.successUrl ? h('a', { key: 'back', className: 'button', href: data.session.successUrl }, `Return to ${brand.name}`) : null,
        ]);
      case PaymentSessionStatus.Canceled:
        return statusPage('This payment was canceled', [h('p', { key: 'p' }, `${brand.name} canceled this payment request. Contact them if you still want to pay.`)]);
      case PaymentSessionStatus.Expired:
        return statusPage('This payment link has expired', [h('p', { key: 'p' }, `Ask ${brand.name} for a new link if you still want to pay.`)]);
      case PaymentSessionStatus.Rejected:
        return statusPage('The payment was declined', [
          data.session.rejection?.merchantMessage ? h('p', { key: 'm' }, data.session.rejection.merchantMessage) : null,
          h('p', { key: 'p' }, `Nothing was charged. Contact ${brand.name} to pay another way.`),
        ]);
    }
  })();
  return documentOf({
    title: `${titleOf(data.status)} · ${brand.name}`,
    lang: ctx.locale,
    nonce: ctx.nonce,
    status: data.status,
    watch: data.status === PaymentSessionStatus.Pending,
    header: h(Fragment, null, brand.logoUrl ? h('img', { src: brand.logoUrl, alt: `${brand.name} logo` }) : null, h('span', { className: 'brand' }, brand.name)),
    main: body,
  });
}

/** The page for a link that names no session (or a wrong one): nothing about any session. */
export function renderNotFoundPage(ctx: Pick<RenderContext, 'nonce'>): string {
  return unbrandedPage(ctx, 'Payment not found', 'This payment link is not valid. Check that you opened the whole link you were sent.');
}

/** The page a client sees when it has made too many requests. */
export function renderTooManyRequestsPage(ctx: Pick<RenderContext, 'nonce'>): string {
  return unbrandedPage(ctx, 'Too many requests', 'Please wait a minute, then reload this page.');
}

/** A page that belongs to no session: a title and one sentence, under a generic header. */
function unbrandedPage(ctx: Pick<RenderContext, 'nonce'>, title: string, text: string): string {
  return documentOf({
    title,
    lang: 'en',
    nonce: ctx.nonce,
    header: h('span', { className: 'brand' }, 'Payment'),
    main: statusPage(title, [h('p', { key: 'p' }, text)]),
  });
}

function documentOf(parts: { title: string; lang: string; nonce: string; status?: string; watch?: boolean; header: ReactNode; main: ReactNode }): string {
  const tree = h(
    'html',
    { lang: parts.lang },
    h(
      'head',
      null,
      h('meta', { charSet: 'utf-8' }),
      h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      h('meta', { name: 'robots', content: 'noindex, nofollow' }),
      h('meta', { name: 'referrer', content: 'no-referrer' }),
      h('title', null, parts.title),
      h('style', { nonce: parts.nonce, dangerouslySetInnerHTML: { __html: CSS } }),
    ),
    h(
      'body',
      null,
      h(
        'div',
        { className: 'wrap' },
        h('header', null, parts.header),
        h('main', { id: 'main', 'data-status': parts.status }, parts.main),
        h('footer', null, 'Secure payment page by Paysession'),
      ),
      parts.watch ? h('script', { nonce: parts.nonce, dangerouslySetInnerHTML: { __html: PENDING_SCRIPT } }) : null,
    ),
  );
  return `<!DOCTYPE html>${renderToStaticMarkup(tree)}`;
}

function statusPage(title: string, children: ReactNode[]): ReactNode {
  return h(Fragment, null, h('h1', null, title), ...children);
}

function titleOf(status: PaymentSessionStatus): string {
  return status === PaymentSessionStatus.Active ? 'Pay' : status;
}

function money(data: CheckoutPageData, minor: number, ctx: RenderContext): string {
  return formatMoney(minor, data.session.currency, ctx.locale);
}

function activePage(data: CheckoutPageData, brand: { name: string }, ctx: RenderContext): ReactNode {
  const s = data.session;
  const amount = money(data, s.amountMinor, ctx);
  const facts: [string, string][] = [['Pay to', brand.name]];
  if (s.transactionRef) facts.push(['Reference', s.transactionRef]);
  if (s.invoiceTotalMinor !== null && s.invoiceTotalMinor !== s.amountMinor) facts.push(['Invoice total', money(data, s.invoiceTotalMinor, ctx)]);
  if (s.expirationDate) facts.push(['Expires', `${relativeTime(s.expirationDate, ctx.now, ctx.locale)} (${absoluteTime(s.expirationDate, ctx.locale)})`]);
  return h(
    Fragment,
    null,
    ctx.problem ? h('p', { className: 'alert', role: 'alert' }, ctx.problem) : null,
    h('h1', null, `Pay ${brand.name}`),
    h('p', { className: 'amount', 'data-testid': 'amount' }, amount),
    h(
      'dl',
      { className: 'facts' },
      facts.map(([term, value]) => h(Fragment, { key: term }, h('dt', null, term), h('dd', null, value))),
    ),
    layoutOf(data, ctx),
    payForm(data, amount, ctx),
  );
}

function layoutOf(data: CheckoutPageData, ctx: RenderContext): ReactNode {
  const invoices = data.session.invoiceRefs ?? [];
  const fields = new Set(data.config.lineItemFields);
  switch (data.config.layoutTemplate) {
    case LayoutTemplate.Simple:
      return null;
    case LayoutTemplate.Itemized: {
      const lines = invoices.flatMap((invoice) => invoice.lines ?? []);
      if (!lines.length) return null;
      return h('section', { 'aria-labelledby': 'items-title' }, h('h2', { id: 'items-title' }, 'Items'), linesOf(lines, fields, data, ctx));
    }
    case LayoutTemplate.Invoice:
      return h(
        Fragment,
        null,
        invoices.map((invoice, i) => invoiceOf(invoice, i, fields, data, ctx)),
      );
  }
}

function invoiceOf(invoice: StoredInvoiceRef, index: number, fields: Set<LineItemField>, data: CheckoutPageData, ctx: RenderContext): ReactNode {
  const titleId = `invoice-${index}`;
  const title = invoice.invoiceNumber ? `Invoice ${invoice.invoiceNumber}` : `Invoice ${index + 1}`;
  return h(
    'section',
    { key: titleId, 'aria-labelledby': titleId, 'data-testid': 'invoice' },
    h('h2', { id: titleId }, title),
    invoice.lines?.length ? linesOf(invoice.lines, fields, data, ctx) : null,
    h(
      'dl',
      { className: 'facts' },
      invoice.amountMinor !== null ? h(Fragment, null, h('dt', null, 'Amount'), h('dd', null, money(data, invoice.amountMinor, ctx))) : null,
      invoice.billingContact ? h(Fragment, null, h('dt', null, 'Billing'), h('dd', null, contactOf(invoice.billingContact))) : null,
      invoice.shippingContact ? h(Fragment, null, h('dt', null, 'Shipping'), h('dd', null, contactOf(invoice.shippingContact))) : null,
    ),
  );
}

function linesOf(lines: StoredLine[], fields: Set<LineItemField>, data: CheckoutPageData, ctx: RenderContext): ReactNode {
  return h(
    'ul',
    { className: 'lines' },
    lines.map((line, i) => {
      const name = fields.has(LineItemField.ProductName) ? line.productName : null;
      const quantity = fields.has(LineItemField.Quantity) && line.quantity !== null ? line.quantity : null;
      const price = fields.has(LineItemField.Price) && line.priceMinor !== null ? money(data, line.priceMinor, ctx) : null;
      return h(
        'li',
        { key: i, 'data-testid': 'line' },
        fields.has(LineItemField.ProductImage) && line.productImageUrl ? h('img', { src: line.productImageUrl, alt: name ?? '', width: 48, height: 48, loading: 'lazy' }) : null,
        h(
          'div',
          { className: 'line-main' },
          name ? h('div', null, name) : null,
          fields.has(LineItemField.ProductDescription) && line.productDescription ? h('div', { className: 'muted' }, line.productDescription) : null,
          fields.has(LineItemField.ProductSku) && line.productSku ? h('div', { className: 'muted' }, `SKU ${line.productSku}`) : null,
        ),
        quantity !== null || price !== null
          ? h('div', { className: 'line-price' }, [quantity !== null ? `${quantity} × ` : '', price ?? ''].join(''))
          : null,
      );
    }),
  );
}

function contactOf(c: StoredContactRef): ReactNode {
  const name = c.contactName ?? ([c.contactFirstName, c.contactLastName].filter(Boolean).join(' ') || null);
  const address = c.address ? [...c.address.lines, [c.address.postalCode, c.address.locality].filter(Boolean).join(' '), c.address.administrativeArea, c.address.countryCode].filter(Boolean) : [];
  const rows = [name, c.contactEmail, c.contactPhone, ...address].filter((v): v is string => !!v);
  return h('address', { className: 'contact' }, rows.map((row, i) => h(Fragment, { key: i }, i ? h('br') : null, row)));
}

function payForm(data: CheckoutPageData, amount: string, ctx: RenderContext): ReactNode {
  if (!data.methods.length) return h('p', { className: 'alert', role: 'alert' }, 'No payment method is available for this payment. Contact the merchant.');
  return h(
    'form',
    { method: 'post', action: `/pay/${data.token}/start` },
    h('input', { type: 'hidden', name: 'formToken', value: ctx.formToken ?? '' }),
    h(
      'fieldset',
      null,
      h('legend', null, 'Payment method'),
      data.methods.map((method, i) =>
        h(
          'label',
          { key: method, className: 'method' },
          h('input', { type: 'radio', name: 'method', value: method, defaultChecked: i === 0, required: true }),
          METHOD_LABEL[method],
        ),
      ),
    ),
    h('button', { type: 'submit', className: 'button' }, `Pay ${amount}`),
  );
}
