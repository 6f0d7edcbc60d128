import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** What the sandbox remembers of a payment-session request, carried in its own page's URL. */
export interface SandboxTicket {
  /** The payment session id. */
  id: string;
  amount: string;
  currency: string;
  merchant: string;
  cancelUrl: string;
  returnUrl: string;
  /** Epoch seconds after which the ticket is refused. */
  exp: number;
}

/**
 * The sandbox's page URL carries the request it answered, signed (`<base64url JSON>.<HMAC>`):
 * the sandbox keeps no state, so it works across restarts and instances like the rest.
 */
export class SandboxTickets {
  private readonly key: Buffer;

  constructor(secretsEncryptionKey: string) {
    this.key = Buffer.from(hkdfSync('sha256', secretsEncryptionKey, 'paysession', 'sandbox-tickets', 32));
  }

  seal(ticket: SandboxTicket): string {
    const body = Buffer.from(JSON.stringify(ticket)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  open(sealed: string, now = Date.now()): SandboxTicket | null {
    const [body, mac] = sealed.split('.');
    if (!body || !mac || sealed.length > 8000) return null;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    const ticket = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as SandboxTicket;
    return ticket.exp * 1000 > now ? ticket : null;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
