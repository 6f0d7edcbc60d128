import { randomBytes } from 'node:crypto';
import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { Public } from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { CheckoutFormTokens } from './checkout-form.token';
import { localeFrom } from './checkout-format';
import { checkoutHeaders } from './checkout.headers';
import { renderCheckoutPage, renderNotFoundPage, renderTooManyRequestsPage } from './checkout-page.view';
import { CheckoutService } from './checkout.service';
import { CheckoutPageData } from './checkout.types';

/**
 * The hosted checkout page (`GET /pay/:token`) and its Pay button (`POST /pay/:token/start`).
 * HTML only, never JSON; the link itself is the customer's credential, so no API key.
 */
@Controller('pay')
export class CheckoutController {
  private readonly limiter: RateLimiterMemory | null;
  private readonly formTokens: CheckoutFormTokens;

  constructor(
    private readonly checkout: CheckoutService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const perMinute = config.checkout.rateLimitPerMinute;
    this.limiter = perMinute > 0 ? new RateLimiterMemory({ keyPrefix: 'checkout', points: perMinute, duration: 60 }) : null;
    this.formTokens = new CheckoutFormTokens(config.secretsEncryptionKey);
  }

  @Get(':token')
  @Public()
  async page(@Param('token') token: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!(await this.allowed(req, reply))) return;
    const data = await this.checkout.page(token);
    this.send(req, reply, data);
  }

  @Post(':token/start')
  @Public()
  async start(@Param('token') token: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!(await this.allowed(req, reply))) return;
    const form = (req.body ?? {}) as Record<string, unknown>;
    const sessionId = token.split('.')[0];
    if (!sameOrigin(req) || !this.formTokens.verify(form.formToken, sessionId)) {
      // A stale or foreign form: show the page again with a fresh form rather than act on it.
      const data = await this.checkout.page(token);
      return this.send(req, reply, data, data ? 'This page had expired, so nothing was paid. Check the details and press Pay again.' : undefined, 403);
    }
    const outcome = await this.checkout.start(token, typeof form.method === 'string' ? form.method : '');
    if (outcome.kind === 'redirect') {
      reply.headers(checkoutHeaders(nonce())).code(303).header('Location', outcome.location).send();
      return;
    }
    if (outcome.kind === 'failed') return this.send(req, reply, outcome.data, outcome.problem, 502);
    // The session moved on meanwhile (paid, expired…): its page says so.
    return this.send(req, reply, outcome.data);
  }

  private send(req: FastifyRequest, reply: FastifyReply, data: CheckoutPageData | null, problem?: string, status = 200): void {
    const pageNonce = nonce();
    if (!data) {
      reply.code(404).headers(checkoutHeaders(pageNonce)).send(renderNotFoundPage({ nonce: pageNonce }));
      return;
    }
    const now = new Date();
    const html = renderCheckoutPage(data, {
      locale: localeFrom(req.headers['accept-language']),
      nonce: pageNonce,
      now,
      formToken: this.formTokens.issue(data.session.id, now),
      problem,
    });
    reply.code(status).headers(checkoutHeaders(pageNonce, data.config.allowedEmbedOrigins ?? [])).send(html);
  }

  /** Per client address (TRUST_PROXY decides which), CHECKOUT_RATE_LIMIT_PER_MINUTE on this instance. */
  private async allowed(req: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    if (!this.limiter) return true;
    try {
      await this.limiter.consume(req.ip);
      return true;
    } catch (rejection) {
      const pageNonce = nonce();
      const retryAfter = Math.max(1, Math.ceil(((rejection as { msBeforeNext?: number }).msBeforeNext ?? 60_000) / 1000));
      reply.code(429).headers(checkoutHeaders(pageNonce)).header('Retry-After', String(retryAfter)).send(renderTooManyRequestsPage({ nonce: pageNonce }));
      return false;
    }
  }
}

function nonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * Whether a form post comes from a page of this site, as far as the browser says: `Sec-Fetch-Site`
 * (all current browsers) must be same-origin, and an `Origin` header must name this host. Our own
 * page's `Referrer-Policy: no-referrer` makes browsers send `Origin: null`, so that one proves
 * nothing either way. A client that sends neither (curl) still needs the form token.
 */
function sameOrigin(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined || origin === 'null') return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
