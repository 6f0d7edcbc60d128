import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface Received {
  headers: Record<string, string>;
  body: string;
  json: { id: string; type: string; occurredAt: string; orgId: string; data: { paymentSession: Record<string, any> } & Record<string, unknown> };
  at: number;
}

/** What the receiver answers to the n-th request (0-based): a status (and a body: `ok` or `no (<status>)` unless given), or `hang` to never answer. */
export type Behaviour = (n: number, body: string) => { status: number; headers?: Record<string, string>; body?: string } | 'hang';

/** A real HTTP endpoint on loopback that records what it is sent. */
export class WebhookReceiver {
  readonly received: Received[] = [];
  private count = 0;
  private readonly hanging: ServerResponse[] = [];

  private constructor(
    private readonly server: Server,
    public behaviour: Behaviour,
  ) {}

  static async start(behaviour: Behaviour = () => ({ status: 200 })): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver;
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => receiver.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    receiver = new WebhookReceiver(server, behaviour);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(path = '/hooks'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Received requests whose answer was a 2xx. */
  get accepted(): Received[] {
    return this.received.filter((r) => (r as Received & { status?: number }).status! >= 200 && (r as Received & { status?: number }).status! < 300);
  }

  /** Waits (generously: a loaded machine is slow) until `predicate` holds. */
  async waitFor(predicate: () => boolean, timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > until) throw new Error(`timed out waiting; received ${this.received.length}: ${JSON.stringify(this.received.map((r) => r.json?.type))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse, body: string) {
    const answer = this.behaviour(this.count++, body);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const entry = { headers, body, json: safeJson(body), at: Date.now(), status: answer === 'hang' ? 0 : answer.status };
    this.received.push(entry as Received);
    if (answer === 'hang') {
      this.hanging.push(res);
      return;
    }
    res.writeHead(answer.status, answer.headers ?? {});
    res.end(answer.body ?? (answer.status < 300 ? 'ok' : `no (${answer.status})`));
  }
}

function safeJson(body: string) {
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}
