import * as dns from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import { classifyAddress, hostProblem } from '@paysession/common';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';

export interface SendResult {
  statusCode: number | null;
  durationMs: number;
  error: string | null;
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
          response.on('error', (error) => finish({ statusCode: response.statusCode ?? null, error: error.message, responseExcerpt: null, retryAfterSeconds: null }));
        },
      );
      // `timeout` only covers idle sockets; this bounds the whole attempt.
      const deadline = setTimeout(() => request.destroy(new Error(`timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
      request.on('timeout', () => request.destroy(new Error(`timed out after ${this.timeoutMs} ms`)));
      request.on('error', (error) => finish({ statusCode: null, error: error.message.slice(0, 500), responseExcerpt: null, retryAfterSeconds: null }));
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
