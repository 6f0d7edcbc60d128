import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';

/** Characters of the link's MAC: 32 base64url characters, 192 bits. */
const MAC_LENGTH = 32;

/**
 * The customer's link token: `<session id>.<MAC>`, where the MAC is an HMAC-SHA256 (key derived
 * with HKDF from SECRETS_ENCRYPTION_KEY) of the session id and the session's `link_token` salt.
 * Nothing stored is a working link, so a copy of the database alone yields none
 * (docs/CONTRACT.md, Who uses it); a new salt would revoke a link. The id in front lets the page
 * find the session by primary key in its one read.
 */
@Injectable()
export class PaymentSessionLinks {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = Buffer.from(hkdfSync('sha256', config.secretsEncryptionKey, 'paysession', 'checkout-links', 32));
  }

  /** The token of a session (`ps_….<mac>`). */
  token(session: { id: string; linkToken: string }): string {
    return `${session.id}.${this.mac(session.id, session.linkToken)}`;
  }

  /** The link itself: `PUBLIC_BASE_URL/pay/<token>`. */
  url(session: { id: string; linkToken: string }): string {
    return `${this.config.publicBaseUrl}/pay/${this.token(session)}`;
  }

  /** The session id a token names, or null when it cannot be a token (checked for real by {@link verify}). */
  sessionIdOf(token: string): string | null {
    const match = /^(ps_[0-9A-Za-z]{1,36})\.([A-Za-z0-9_-]{32})$/.exec(token);
    return match ? match[1] : null;
  }

  /** Whether `token` is the token of `session`, compared in constant time. */
  verify(token: string, session: { id: string; linkToken: string }): boolean {
    const expected = Buffer.from(this.token(session));
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private mac(id: string, salt: string): string {
    return createHmac('sha256', this.key).update(`${id}.${salt}`).digest('base64url').slice(0, MAC_LENGTH);
  }
}
