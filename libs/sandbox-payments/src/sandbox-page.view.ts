import { createElement as h, Fragment, ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { groupCardNumber, SANDBOX_CARDS } from './sandbox-cards';
import { SandboxTicket } from './sandbox-ticket';

// The sandbox partner's own pages, server-rendered with react-dom/server like the checkout page
// (escaped by construction, no script).

const CSS = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1f;background:#fff8e1}
.wrap{max-width:30rem;margin:0 auto;padding:1rem}
.badge{display:inline-block;background:#5d4200;color:#fff;border-radius:4px;padding:.125rem .5rem;font-size:.875rem;font-weight:600}
main{background:#fff;border:1px solid #d4c27a;border-radius:12px;padding:1.25rem;margin-top:1rem}
h1{font-size:1.375rem;margin:0 0 .75rem}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input[type=text]{width:100%;font:inherit;padding:.75rem;border:1px solid #6b6b75;border-radius:8px}
.button{display:block;width:100%;margin-top:1rem;padding:.875rem;border:0;border-radius:8px;background:#0b57d0;color:#fff;font:inherit;font-weight:600;cursor:pointer;text-align:center;text-decoration:none}
.secondary{background:#fff;color:#0b57d0;border:1px solid #0b57d0}
.alert{border:1px solid #b3261e;background:#fdecea;color:#6e120c;border-radius:8px;padding:.75rem}
.muted{color:#4a4a55}
code{font-size:.9375rem}
:focus-visible{outline:3px solid #f29900;outline-offset:2px}
`;

/** The headers of the sandbox's pages: no script, the stylesheet by nonce, no framing, no caching. */
export function sandboxHeaders(nonce: string): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': `default-src 'none'; style-src 'nonce-${nonce}'; base-uri 'none'; frame-ancestors 'none'`,
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'X-Robots-Tag': 'noindex, nofollow',
  };
}

function page(title: string, nonce: string, main: ReactNode): string {
  const tree = h(
    'html',
    { lang: 'en' },
    h(
      'head',
      null,
      h('meta', { charSet: 'utf-8' }),
      h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      h('meta', { name: 'robots', content: 'noindex, nofollow' }),
      h('title', null, `${title} · Sandbox payments`),
      h('style', { nonce, dangerouslySetInnerHTML: { __html: CSS } }),
    ),
    h('body', null, h('div', { className: 'wrap' }, h('header', null, h('span', { className: 'badge' }, 'Sandbox: test cards only')), h('main', { id: 'main' }, main))),
  );
  return `<!DOCTYPE html>${renderToStaticMarkup(tree)}`;
}

/** The card form of a ticket, with the documented test cards and an optional error. */
export function renderCardPage(sealed: string, ticket: SandboxTicket, nonce: string, error?: string): string {
  return page(
    'Pay by card',
    nonce,
    h(
      Fragment,
      null,
      error ? h('p', { className: 'alert', role: 'alert' }, error) : null,
      h('h1', null, `Pay ${ticket.amount} ${ticket.currency} to ${ticket.merchant}`),
      h(
        'form',
        { method: 'post', action: `/sandbox/pay?ticket=${encodeURIComponent(sealed)}` },
        h('label', { htmlFor: 'card' }, 'Card number'),
        h('input', { id: 'card', name: 'cardNumber', type: 'text', inputMode: 'numeric', autoComplete: 'off', required: true, 'aria-describedby': 'cards' }),
        h('button', { type: 'submit', className: 'button' }, 'Pay'),
      ),
      h(
        'div',
        { id: 'cards', className: 'muted' },
        h('p', null, 'This is a sandbox: no money moves. Use a test card:'),
        h(
          'ul',
          null,
          SANDBOX_CARDS.map((card) => h('li', { key: card.number }, h('code', null, groupCardNumber(card.number)), ` ${card.description}`)),
        ),
      ),
      h('a', { className: 'button secondary', href: ticket.cancelUrl }, 'Cancel and go back'),
    ),
  );
}

/** The 3-D Secure-like step of the 3220 card: the session is Pending until the customer authenticates. */
export function renderAuthenticatePage(sealed: string, ticket: SandboxTicket, nonce: string): string {
  return page(
    'Authenticate',
    nonce,
    h(
      Fragment,
      null,
      h('h1', null, 'Your bank asks you to confirm this payment'),
      h('p', null, `${ticket.amount} ${ticket.currency} to ${ticket.merchant}. The payment is pending until you confirm it.`),
      h('form', { method: 'post', action: `/sandbox/pay/authenticate?ticket=${encodeURIComponent(sealed)}` }, h('button', { type: 'submit', className: 'button' }, 'Authenticate')),
    ),
  );
}

/** Something went wrong talking to Paysession, or the ticket is no good. */
export function renderSandboxProblem(nonce: string, message: string): string {
  return page('Payment problem', nonce, h(Fragment, null, h('h1', null, 'The payment could not be completed'), h('p', { role: 'alert' }, message)));
}
