import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, Socket } from 'node:net';

const DRAINS = new WeakMap<Server, HttpDrain>();

/**
 * The server's connections and the requests running on each, so that a shutdown closes none
 * while its request runs and none that has unread data with its request half done.
 *
 * `drain()`:
 * 1. stops listening, without Node's closing of idle keep-alive connections that `server.close()`
 *    does (a client may be writing its next request on one at that very moment);
 * 2. answers every request from then on, and every one in flight whose headers are not yet sent,
 *    with `Connection: close`, so its client opens no further request on the connection and Node
 *    ends it once the answer is written;
 * 3. once no request is running, closes the connections left (idle keep-alive ones), and the
 *    server closes;
 * 4. if requests still run after `timeoutMs`, calls `beforeForce` (so that nothing they do commits
 *    any more) and then closes every connection.
 */
export class HttpDrain {
  /** Requests in flight per open connection (0: idle). */
  private readonly connections = new Map<Socket, Set<ServerResponse>>();
  private draining = false;
  private onIdle: (() => void) | null = null;

  private constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => {
      this.connections.set(socket, new Set());
      socket.once('close', () => {
        this.connections.delete(socket);
        this.check();
      });
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const running = this.connections.get(req.socket);
      if (!running) return;
      running.add(res);
      if (this.draining) closeAfter(res);
      res.once('close', () => {
        running.delete(res);
        this.check();
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
    for (const running of this.connections.values()) n += running.size;
    return n;
  }

  /**
   * Drains as described above; resolves once the server has closed, with true when every request
   * finished within `timeoutMs` and false when connections had to be closed under running ones.
   */
  drain(timeoutMs: number, beforeForce: () => void = () => undefined): Promise<boolean> {
    this.draining = true;
    const closed = new Promise<void>((resolve) => {
      if (!this.server.listening) return resolve();
      // net.Server's own close: stop listening, leave the open connections alone.
      NetServer.prototype.close.call(this.server, () => resolve());
    });
    for (const running of this.connections.values()) for (const res of running) closeAfter(res);
    const finished = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.onIdle = null;
        beforeForce();
        this.server.closeAllConnections();
        for (const socket of this.connections.keys()) socket.destroy();
        resolve(false);
      }, timeoutMs);
      this.onIdle = () => {
        clearTimeout(timer);
        this.onIdle = null;
        resolve(true);
      };
      this.check();
    });
    return Promise.all([finished, closed]).then(([done]) => done);
  }

  /** While draining: once nothing runs, the connections left are idle keep-alive ones; close them. */
  private check(): void {
    if (!this.draining || !this.onIdle || this.inFlight > 0) return;
    // Those Node is already ending (an answer with Connection: close) finish writing first.
    for (const socket of this.connections.keys()) if (!socket.writableEnded) socket.destroy();
    this.onIdle();
  }
}

function closeAfter(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader('Connection', 'close');
}
