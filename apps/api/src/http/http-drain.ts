import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, Socket } from 'node:net';

const DRAINS = new WeakMap<Server, HttpDrain>();

/**
 * How long a connection with no request running may stay open during a drain: a keep-alive
 * client may be writing its next request on it, or a new connection's first request may not have
 * been read yet. Past it (and with nothing arrived), it is closed.
 */
const IDLE_GRACE_MS = 1000;

/**
 * The server's connections and the requests running on each, so that a shutdown cuts off no
 * request it has read, and (within reason) none that a client was sending.
 *
 * `drain()`:
 * 1. stops listening once the connections already waiting in the backlog are accepted, without
 *    Node's closing of idle keep-alive connections that `server.close()` does (a client may be
 *    writing its next request on one at that very moment);
 * 2. answers every request in flight whose headers are not yet sent, and every one that still
 *    arrives on an open connection, with `Connection: close`, so that its client sends nothing
 *    more on that connection and Node closes it once the answer is written;
 * 3. closes a connection with no request running once it has been idle for IDLE_GRACE_MS since
 *    the drain began or since its last answer;
 * 4. if requests still run after `timeoutMs`, calls `beforeForce` (so that nothing they do
 *    commits any more), then closes every connection.
 */
export class HttpDrain {
  /** The requests running on each open connection, and since when it has had none (ms). */
  private readonly connections = new Map<Socket, { running: Set<ServerResponse>; idleSince: number }>();
  private draining = false;

  private constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => {
      this.connections.set(socket, { running: new Set(), idleSince: Date.now() });
      socket.once('close', () => this.connections.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const connection = this.connections.get(req.socket);
      if (!connection) return;
      connection.running.add(res);
      if (this.draining) closeAfter(res);
      res.once('close', () => {
        connection.running.delete(res);
        if (!connection.running.size) connection.idleSince = Date.now();
      });
    });
  }

  /** Starts tracking `server`'s connections; call before it listens. */
  static attach(server: Server): HttpDrain {
    let drain = DRAINS.get(server);
    if (!drain) DRAINS.set(server, (drain = new HttpDrain(server)));
    return drain;
  }

  /** The tracker `attach` put on `server`. */
  static of(server: Server): HttpDrain {
    const drain = DRAINS.get(server);
    if (!drain) throw new Error('HttpDrain.attach was not called for this server');
    return drain;
  }

  /** Requests in flight right now. */
  get inFlight(): number {
    let n = 0;
    for (const { running } of this.connections.values()) n += running.size;
    return n;
  }

  /**
   * Drains as described above; resolves once the server has closed, with true when every request
   * finished within `timeoutMs` and false when connections had to be closed under running ones.
   */
  async drain(timeoutMs: number, beforeForce: () => void = () => undefined): Promise<boolean> {
    this.draining = true;
    const began = Date.now();
    for (const { running } of this.connections.values()) for (const res of running) closeAfter(res);
    // One turn of the event loop: connections already in the backlog are accepted, not reset.
    await new Promise((resolve) => setImmediate(resolve));
    const closed = new Promise<void>((resolve) => {
      if (!this.server.listening) return resolve();
      // net.Server's own close: stop listening, leave the open connections alone.
      NetServer.prototype.close.call(this.server, () => resolve());
    });
    let forced = false;
    const deadline = setTimeout(() => {
      forced = true;
      beforeForce();
      for (const socket of this.connections.keys()) socket.destroy();
    }, timeoutMs);
    const idle = setInterval(() => {
      const now = Date.now();
      for (const [socket, { running, idleSince }] of this.connections) {
        // Those Node is already ending (an answer with Connection: close) finish writing first.
        if (!running.size && !socket.writableEnded && now - Math.max(idleSince, began) >= IDLE_GRACE_MS) socket.destroy();
      }
    }, 50);
    await closed;
    clearTimeout(deadline);
    clearInterval(idle);
    return !forced;
  }
}

function closeAfter(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader('Connection', 'close');
}
