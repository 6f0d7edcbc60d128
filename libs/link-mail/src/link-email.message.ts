import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { formatMoney } from '@paysession/checkout';
import type { MailMessage } from './mail-transport';

/** What the link email says: who asks, how much, where to pay, until when. */
export interface LinkEmailContent {
  to: string;
  /** The contact's name, when known, for the greeting. */
  recipientName: string | null;
  /** The brand the customer knows (the session's, else its checkout configuration's, else the organization's name). */
  brandName: string;
  /** An https logo URL, or null. */
  brandLogoUrl: string | null;
  amountMinor: number;
  /** ISO 4217. */
  currency: string;
  transactionRef: string | null;
  /** The session's link (its hosted checkout page). */
  link: string;
  /** UTC; null when the link does not expire. */
  expiresAt: Date | null;
}

/** Emails are read in many clients and locales we cannot know; one plain locale for now. */
const LOCALE = 'en-US';

/**
 * The link email, HTML and plain text, rendered with react-dom/server: every merchant-supplied
 * value (brand, reference, name) is a React text node or attribute, so it is escaped; nothing is
 * built as HTML from strings. Inline styles only: mail clients drop <style> and never run script.
 */
export function linkEmail(content: LinkEmailContent): MailMessage {
  const amount = formatMoney(content.amountMinor, content.currency, LOCALE);
  const expires = content.expiresAt ? `This link expires on ${when(content.expiresAt)}.` : null;
  const greeting = content.recipientName ? `Hello ${content.recipientName},` : 'Hello,';
  const ask = `${content.brandName} asks you to pay ${amount}${content.transactionRef ? ` (reference ${content.transactionRef})` : ''}.`;
  const ignore = `If you did not expect this email, you can ignore it: nothing is charged unless you pay.`;

  const html =
    '<!doctype html>' +
    renderToStaticMarkup(
      h(
        'html',
        { lang: 'en' },
        h('head', null, h('meta', { charSet: 'utf-8' }), h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }), h('title', null, subject(content, amount))),
        h(
          'body',
          { style: { margin: 0, padding: '24px 12px', background: '#f4f5f7', fontFamily: 'system-ui,-apple-system,"Segoe UI",Roboto,sans-serif', color: '#1b1b1f' } },
          h(
            'main',
            { style: { maxWidth: '32rem', margin: '0 auto', background: '#ffffff', border: '1px solid #d4d6dc', borderRadius: '12px', padding: '24px' } },
            content.brandLogoUrl ? h('img', { src: content.brandLogoUrl, alt: `${content.brandName} logo`, style: { maxHeight: '48px', maxWidth: '160px' } }) : null,
            h('p', { style: { fontSize: '18px', fontWeight: 600, margin: '8px 0 16px' } }, content.brandName),
            h('p', null, greeting),
            h('p', null, ask),
            h(
              'p',
              { style: { margin: '24px 0' } },
              h(
                'a',
                { href: content.link, style: { display: 'inline-block', padding: '12px 20px', borderRadius: '8px', background: '#0b57d0', color: '#ffffff', fontWeight: 600, textDecoration: 'none' } },
                `Pay ${amount}`,
              ),
            ),
            h('p', { style: { fontSize: '14px', color: '#4a4a55', overflowWrap: 'anywhere' } }, 'Or open this address: ', h('a', { href: content.link, style: { color: '#0b57d0' } }, content.link)),
            expires ? h('p', { style: { fontSize: '14px', color: '#4a4a55' } }, expires) : null,
            h('p', { style: { fontSize: '14px', color: '#4a4a55' } }, ignore),
          ),
        ),
      ),
    );

  const text = [greeting, '', ask, '', `Pay here: ${content.link}`, ...(expires ? ['', expires] : []), '', ignore, '', `— ${content.brandName}`, ''].join('\n');
  return { to: content.to, subject: subject(content, amount), html, text };
}

function subject(content: LinkEmailContent, amount: string): string {
  return `${content.brandName}: payment request for ${amount}`;
}


/** The absolute time in UTC, named as such: a mail does not know its reader's zone. */
function when(at: Date): string {
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(at) + ' UTC';
}
