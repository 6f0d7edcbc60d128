import * as dns from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import { classifyAddress, hostProblem } from '@paysession/common';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';

export interface SendResult {
  statusCode: number | null;
  durationMs: number;
  /** What the merchant sees: one of a few generic reasons (deliveryFailure), never resolver or network internals. */
  error: string | null;
  /** The network error as Node reported it, for the operator's log only. */
  errorDetail?: string | null;
  responseExcerpt: string | null;
  /** Seconds the receiver asked us to wait (Retry-After), if it did. */
  retryAfterSeconds: number | null;
}

const EXCERPT_BYTES = 1000;

/**
 * POSTs one webhook. Redirects are not followed (a 3xx is a failure). The address connected to
 * is checked at connect time, on what DNS actually returned (so a name that resolves
 * differently after validation cannot get through) and on literal hosts in every spelling
 * (`[::127.0.0.1]`, `[::ffff:7f00:1]`, `localhost.`), with the rules of @paysession/common's
 * network.ts: loopback and private ranges only with CALLBACK_ALLOW_PRIVATE_NETWORKS, link-local
 * and cloud metadata addresses never. request-filtering-agent's own check stays underneath.
 */
export class WebhookSender {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  private readonly lookup: LookupFunction;

  constructor(
    private readonly timeoutMs: number,
    private readonly allowPrivateNetworks: boolean,
  ) {
    const filter = { allowPrivateIPAddress: allowPrivateNetworks, allowMetaIPAddress: false, keepAlive: true, maxSockets: 50 };
    this.lookup = checkedLookup(allowPrivateNetworks);
    this.httpAgent = new RequestFilteringHttpAgent(filter);
    this.httpsAgent = new RequestFilteringHttpsAgent(filter);
  }

  send(url: string, headers: Record<string, string>, body: string): Promise<SendResult> {
    const started = Date.now();
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: Omit<SendResult, 'durationMs'>) => {
        if (settled) return;
        settled = true;
        resolve({ ...result, durationMs: Date.now() - started });
      };
      const target = new URL(url);
      const refused = hostProblem(target.hostname, { allowPrivateNetworks: this.allowPrivateNetworks });
      if (refused) {
        finish({ statusCode: null, error: `connecting is not allowed: the host ${refused}`, responseExcerpt: null, retryAfterSeconds: null });
        return;
      }
      const request = (target.protocol === 'https:' ? https : http).request(
        target,
        {
          method: 'POST',
          agent: target.protocol === 'https:' ? this.httpsAgent : this.httpAgent,
          lookup: this.lookup,
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'Paysession-Webhooks/1' },
          timeout: this.timeoutMs,
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            if (size < EXCERPT_BYTES) chunks.push(chunk);
            size += chunk.length;
          });
          response.on('end', () =>
            finish({
              statusCode: response.statusCode ?? null,
              error: null,
              responseExcerpt: Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_BYTES) || null,
              retryAfterSeconds: retryAfter(response.headers['retry-after']),
            }),
          );
          response.on('error', (error) => finish({ statusCode: response.statusCode ?? null, error: deliveryFailure(error, this.timeoutMs), errorDetail: error.message.slice(0, 500), responseExcerpt: null, retryAfterSeconds: null }));
        },
      );
      // `timeout` only covers idle sockets; this bounds the whole attempt.
      const deadline = setTimeout(() => request.destroy(timedOut(this.timeoutMs)), this.timeoutMs);
      request.on('timeout', () => request.destroy(timedOut(this.timeoutMs)));
      request.on('error', (error) => finish({ statusCode: null, error: deliveryFailure(error, this.timeoutMs), errorDetail: error.message.slice(0, 500), responseExcerpt: null, retryAfterSeconds: null }));
      request.on('close', () => clearTimeout(deadline));
      request.end(body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function retryAfter(value: string | undefined): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** dns.lookup, refusing any address the rules do not allow (every address, when asked for all). */
function checkedLookup(allowPrivateNetworks: boolean): LookupFunction {
  const refusal = (address: string, host: string) => {
    const found = classifyAddress(address);
    if (!found || found.kind === 'public' || (found.kind === 'private' && allowPrivateNetworks)) return null;
    return Object.assign(new Error(`connecting to ${host} is not allowed: it resolves to a ${found.range} address (${address})`), { code: 'EADDRNOTALLOWED' });
  };
  return ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    dns.lookup(hostname, options, ((error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => {
      if (error) return callback(error);
      const all = Array.isArray(address) ? address : [{ address, family }];
      for (const entry of all) {
        const problem = refusal(entry.address, hostname);
        if (problem) return callback(problem);
      }
      return callback(null, address, family);
    }) as never);
  }) as unknown as LookupFunction;
}

function timedOut(ms: number): Error {
  return Object.assign(new Error(`timed out after ${ms} ms`), { code: 'ETIMEDOUT' });
}

/**
 * A failed attempt as the merchant is told about it: refused, DNS name not allowed or not found,
 * timed out, TLS, reset — never the address a name resolved to or which network it is on (issue
 * 15: the errors showed how internal host names resolve). The HTTP status and the endpoint's own
 * bounded response excerpt are reported apart from this.
 */
export function deliveryFailure(error: Error & { code?: string }, timeoutMs: number): string {
  const code = error.code ?? '';
  // request-filtering-agent: "DNS lookup <address>(family:…, host:…) is not allowed. …"
  if (code === 'EADDRNOTALLOWED' || /is not allowed/i.test(error.message)) return 'The endpoint\'s host name is not allowed: it resolves to a private or reserved network';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'The endpoint\'s host name could not be resolved';
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return `Timed out after ${timeoutMs} ms`;
  if (code === 'ECONNREFUSED') return 'The endpoint refused the connection';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'The endpoint closed the connection';
  if (/^(ERR_TLS|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO|ERR_SSL)/.test(code)) return 'The TLS handshake with the endpoint failed';
  return 'Could not connect to the endpoint';
}
