import * as http from 'node:http';
import * as https from 'node:https';
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
 * POSTs one webhook. Redirects are not followed (a 3xx is a failure). Unless private networks
 * are allowed, the agents refuse to connect to loopback, private, link-local and other
 * reserved addresses — checked on the address DNS actually returned, at connect time, so a
 * name that resolves differently after validation cannot get through.
 */
export class WebhookSender {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(
    private readonly timeoutMs: number,
    allowPrivateNetworks: boolean,
  ) {
    const filter = { allowPrivateIPAddress: allowPrivateNetworks, allowMetaIPAddress: allowPrivateNetworks, keepAlive: true, maxSockets: 50 };
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
      const request = (target.protocol === 'https:' ? https : http).request(
        target,
        {
          method: 'POST',
          agent: target.protocol === 'https:' ? this.httpsAgent : this.httpAgent,
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
