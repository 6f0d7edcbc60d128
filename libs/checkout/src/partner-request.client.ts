import * as http from 'node:http';
import * as https from 'node:https';
import { randomUUID } from 'node:crypto';
import { hostProblem, urlProblem } from '@paysession/common';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';
import { Webhook } from 'standardwebhooks';

/** What a partner answered: where to send the customer, or why the hand-off failed. */
export type PartnerAnswer = { ok: true; redirectUrl: string } | { ok: false; problem: string };

/** Largest answer read from a partner: a redirect URL fits many times over. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * Sends the signed payment-session request to a partner's `paymentSessionUrl` and reads its
 * `{ "redirectUrl": … }` (Shopify's Payments Apps model). The body is signed per the Standard
 * Webhooks spec under the partner's secret (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`). Redirects are not followed; the whole exchange is bounded by
 * `timeoutMs`. Unless private networks are allowed, connections to loopback, private and other
 * reserved addresses are refused at connect time, as for webhooks to a `callbackUrl`; only the
 * built-in sandbox on this very server (`trusted`) is reached on loopback.
 */
export class PartnerRequestClient {
  private readonly filtered: { http: http.Agent; https: https.Agent };
  private readonly direct: { http: http.Agent; https: https.Agent };

  constructor(
    private readonly timeoutMs: number,
    private readonly allowPrivateNetworks: boolean,
  ) {
    // As for webhooks: link-local and cloud metadata addresses stay closed whatever the setting.
    const filter = { allowPrivateIPAddress: allowPrivateNetworks, allowMetaIPAddress: false, keepAlive: true, maxSockets: 50 };
    this.filtered = { http: new RequestFilteringHttpAgent(filter), https: new RequestFilteringHttpsAgent(filter) };
    this.direct = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  }

  /** POSTs `payload` signed with `secret` to `url`; never throws. */
  send(url: string, secret: string, payload: unknown, options: { trusted?: boolean } = {}): Promise<PartnerAnswer> {
    const body = JSON.stringify(payload);
    const id = `msg_${randomUUID()}`;
    const now = new Date();
    const signature = new Webhook(secret).sign(id, now, body);
    const agents = options.trusted ? this.direct : this.filtered;
    return new Promise((resolve) => {
      let settled = false;
      let deadline: NodeJS.Timeout | undefined;
      const finish = (answer: PartnerAnswer) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve(answer);
      };
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        return finish({ ok: false, problem: 'the partner has no valid paymentSessionUrl' });
      }
      const refused = options.trusted ? null : hostProblem(target.hostname, { allowPrivateNetworks: this.allowPrivateNetworks });
      if (refused) return finish({ ok: false, problem: `the partner's paymentSessionUrl ${refused}` });
      const request = (target.protocol === 'https:' ? https : http).request(
        target,
        {
          method: 'POST',
          agent: target.protocol === 'https:' ? agents.https : agents.http,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'Paysession-Checkout/1',
            'webhook-id': id,
            'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
            'webhook-signature': signature,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_ANSWER_BYTES) return request.destroy(new Error('the answer is too large'));
            chunks.push(chunk);
          });
          response.on('end', () => finish(readAnswer(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
          response.on('error', (error) => finish({ ok: false, problem: error.message }));
        },
      );
      deadline = setTimeout(() => request.destroy(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      request.on('error', (error) => finish({ ok: false, problem: error.message.slice(0, 300) }));
      request.end(body);
    });
  }

  close(): void {
    for (const agent of [this.filtered.http, this.filtered.https, this.direct.http, this.direct.https]) agent.destroy();
  }
}

function readAnswer(status: number, text: string): PartnerAnswer {
  if (status < 200 || status >= 300) return { ok: false, problem: `the partner answered HTTP ${status}` };
  let redirectUrl: unknown;
  try {
    redirectUrl = (JSON.parse(text) as { redirectUrl?: unknown })?.redirectUrl;
  } catch {
    return { ok: false, problem: 'the partner answered no JSON' };
  }
  if (typeof redirectUrl !== 'string') return { ok: false, problem: 'the partner answered no redirectUrl' };
  const problem = urlProblem(redirectUrl);
  return problem ? { ok: false, problem: `the partner's redirectUrl ${problem}` } : { ok: true, redirectUrl };
}
