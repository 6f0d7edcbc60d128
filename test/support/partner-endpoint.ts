import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** What the fake partner does with the n-th payment-session request. */
export type PartnerBehaviour = (n: number) => { status: number; body: string } | 'hang';

export interface PartnerRequest {
  headers: Record<string, string>;
  body: string;
}

/**
 * A payments partner's `paymentSessionUrl` on loopback: records each signed payment-session
 * request and answers as told (a `redirectUrl`, an error, garbage, or nothing at all).
 */
export class PartnerEndpoint {
  readonly received: PartnerRequest[] = [];
  private readonly hanging: ServerResponse[] = [];

  private constructor(
    private readonly server: Server,
    public behaviour: PartnerBehaviour,
  ) {}

  static async start(behaviour: PartnerBehaviour): Promise<PartnerEndpoint> {
    let endpoint: PartnerEndpoint;
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => endpoint.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    endpoint = new PartnerEndpoint(server, behaviour);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return endpoint;
  }

  url(path = '/payment-sessions'): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const answer = this.behaviour(this.received.length);
    this.received.push({ headers, body });
    if (answer === 'hang') {
      this.hanging.push(res);
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(answer.body);
  }
}
