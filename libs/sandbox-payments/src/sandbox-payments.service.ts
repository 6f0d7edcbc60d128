import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { sandboxPartnerCredentials } from '@paysession/partners';
import { Webhook } from 'standardwebhooks';
import { SandboxOutcome } from './sandbox-cards';
import { SandboxTicket, SandboxTickets } from './sandbox-ticket';

/** How long the customer may stay on the sandbox's card page. */
const TICKET_SECONDS = 3600;

const PENDING = `mutation($id: ID!, $at: DateTime!) { paymentSessionPending(id: $id, pendingExpiresAt: $at, reason: BUYER_ACTION_REQUIRED) { paymentSession { status } userErrors { code message } } }`;
const RESOLVE = `mutation($id: ID!, $paymentId: ID!) { paymentSessionResolve(id: $id, paymentId: $paymentId) { paymentSession { status } userErrors { code message } } }`;
const REJECT = `mutation($id: ID!) { paymentSessionReject(id: $id, reason: { code: CARD_DECLINED, merchantMessage: "Your card was declined (sandbox test card 4000 0000 0000 0002).", source: PROVIDER }) { paymentSession { status } userErrors { code message } } }`;

/** Where the sandbox sends the customer next, or what to show. */
export type SandboxStep = { kind: 'redirect'; location: string } | { kind: 'authenticate' } | { kind: 'problem'; message: string };

/**
 * The built-in sandbox payments partner. It behaves exactly as an external partner would: it
 * takes Paysession's signed payment-session request, answers a `redirectUrl` to its own card
 * page, and finalizes the session through the public GraphQL API with its own partner key
 * (over HTTP, to this very server). It imports nothing of the core's domain.
 */
@Injectable()
export class SandboxPaymentsService {
  private readonly logger = new Logger('SandboxPayments');
  private readonly credentials: ReturnType<typeof sandboxPartnerCredentials>;
  readonly tickets: SandboxTickets;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.credentials = sandboxPartnerCredentials(config);
    this.tickets = new SandboxTickets(config.secretsEncryptionKey);
  }

  /**
   * Paysession's payment-session request: verified against the sandbox's secret (Standard
   * Webhooks), answered with the card page's URL. Returns null when the signature is wrong.
   */
  accept(rawBody: string, headers: Record<string, string | string[] | undefined>): { redirectUrl: string } | null {
    const pick = (name: string) => String(headers[name] ?? '');
    try {
      new Webhook(this.credentials.secret).verify(rawBody, { 'webhook-id': pick('webhook-id'), 'webhook-timestamp': pick('webhook-timestamp'), 'webhook-signature': pick('webhook-signature') });
    } catch {
      return null;
    }
    const request = JSON.parse(rawBody) as {
      paymentSession: { id: string; amount: string; currency: string; merchant?: { name?: string } };
      cancelUrl: string;
      returnUrl: string;
    };
    const ticket: SandboxTicket = {
      id: request.paymentSession.id,
      amount: request.paymentSession.amount,
      currency: request.paymentSession.currency,
      merchant: request.paymentSession.merchant?.name ?? 'the merchant',
      cancelUrl: request.cancelUrl,
      returnUrl: request.returnUrl,
      exp: Math.floor(Date.now() / 1000) + TICKET_SECONDS,
    };
    return { redirectUrl: `${this.config.publicBaseUrl}/sandbox/pay?ticket=${encodeURIComponent(this.tickets.seal(ticket))}` };
  }

  /** The customer paid with a test card (its outcome) or authenticated (`resolve` after pending). */
  async pay(ticket: SandboxTicket, outcome: SandboxOutcome): Promise<SandboxStep> {
    switch (outcome) {
      case 'resolve': {
        const problem = await this.call('paymentSessionResolve', RESOLVE, { id: ticket.id, paymentId: `test_pay_${randomBytes(12).toString('hex')}` });
        return problem ? { kind: 'problem', message: problem } : { kind: 'redirect', location: ticket.returnUrl };
      }
      case 'reject': {
        const problem = await this.call('paymentSessionReject', REJECT, { id: ticket.id });
        return problem ? { kind: 'problem', message: problem } : { kind: 'redirect', location: ticket.cancelUrl };
      }
      case 'pending': {
        const problem = await this.call('paymentSessionPending', PENDING, { id: ticket.id, at: new Date(Date.now() + TICKET_SECONDS * 1000).toISOString() });
        return problem ? { kind: 'problem', message: problem } : { kind: 'authenticate' };
      }
    }
  }

  /** Calls a partner mutation over HTTP; returns what went wrong, or null. */
  private async call(name: string, query: string, variables: Record<string, unknown>): Promise<string | null> {
    try {
      const res = await fetch(`${this.localUrl()}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.credentials.apiKey}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: Record<string, { userErrors: { message: string }[] }>; errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(body.errors[0].message);
      const userError = body.data?.[name]?.userErrors?.[0];
      return userError ? `Paysession refused the payment: ${userError.message}.` : null;
    } catch (error) {
      this.logger.warn(`${name} failed: ${(error as Error).message}`);
      return 'Paysession could not be reached. Try again.';
    }
  }

  /** This server over loopback: the sandbox calls the API as any partner would, without leaving the machine. */
  private localUrl(): string {
    const address = this.adapterHost.httpAdapter.getHttpServer().address() as { port: number } | null;
    return `http://127.0.0.1:${address?.port ?? this.config.port}`;
  }
}
