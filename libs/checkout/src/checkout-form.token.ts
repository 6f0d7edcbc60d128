import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** How long a rendered Pay form may be submitted. */
const FORM_TOKEN_TTL_SECONDS = 2 * 3600;

/**
 * The Pay form's CSRF token: `<issued at, epoch seconds>.<HMAC of the session id and that time>`,
 * stateless (no cookie, no store). A form on another site cannot carry it, and it is bound to
 * the session, so one page's token does not start another session's payment.
 */
export class CheckoutFormTokens {
  private readonly key: Buffer;

  constructor(secretsEncryptionKey: string) {
    this.key = Buffer.from(hkdfSync('sha256', secretsEncryptionKey, 'paysession', 'checkout-form-tokens', 32));
  }

  issue(sessionId: string, now = new Date()): string {
    const issued = Math.floor(now.getTime() / 1000);
    return `${issued}.${this.mac(sessionId, issued)}`;
  }

  /** Whether `token` was issued for `sessionId` within the last two hours. */
  verify(token: unknown, sessionId: string, now = new Date()): boolean {
    if (typeof token !== 'string') return false;
    const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return false;
    const issued = Number(match[1]);
    const age = Math.floor(now.getTime() / 1000) - issued;
    if (age < -60 || age > FORM_TOKEN_TTL_SECONDS) return false;
    const expected = Buffer.from(this.mac(sessionId, issued));
    const given = Buffer.from(match[2]);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private mac(sessionId: string, issued: number): string {
    return createHmac('sha256', this.key).update(`${sessionId}.${issued}`).digest('base64url');
  }
}
