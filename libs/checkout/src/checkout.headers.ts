/**
 * The headers of every answer under /pay (docs/CONTRACT.md, The customer side):
 * - a Content-Security-Policy that allows no script but the Pending page's own (by nonce), the
 *   page's one stylesheet by nonce, images from https only (merchants' logos and product images),
 *   and requests only to this origin (that script reads the page again);
 * - `frame-ancestors 'none'` (and X-Frame-Options DENY) unless the checkout configuration lists
 *   `allowedEmbedOrigins`, the seed's embedded flow;
 * - no Referer (the link's token is in the path), no caching anywhere, no indexing.
 * There is no `form-action`: browsers apply it to the redirect after the Pay form, and that
 * redirect goes to the payments partner's page, wherever it is.
 */
export function checkoutHeaders(nonce: string, allowedEmbedOrigins: readonly string[] = []): Record<string, string> {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    'img-src https:',
    "base-uri 'none'",
    `frame-ancestors ${allowedEmbedOrigins.length ? allowedEmbedOrigins.join(' ') : "'none'"}`,
  ];
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': csp.join('; '),
    ...(allowedEmbedOrigins.length ? {} : { 'X-Frame-Options': 'DENY' }),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    'X-Robots-Tag': 'noindex, nofollow',
  };
}
