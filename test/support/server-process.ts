import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const ROOT = path.resolve(__dirname, '../..');

/** `node` running the TypeScript sources, as `npm run cli` and the e2e processes do. */
export const NODE_TS = [process.execPath, '--require', './scripts/register-ts.js'];

/** A DatabaseConfig back as the DATABASE_URL that names it. */
export function databaseUrlOf(db: { type: 'sqlite'; path: string } | { type: 'mysql'; url: string }): string {
  return db.type === 'sqlite' ? `sqlite:${db.path}` : db.url;
}

/**
 * The server as its own process (`apps/api/src/main.ts`), with its stdout (the JSON log) kept
 * line by line so a test can wait for what an operator would see.
 */
export class ServerProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<number | null>;
  private stderr = '';

  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const parts = (pending + chunk.toString('utf8')).split('\n');
      pending = parts.pop()!;
      this.lines.push(...parts);
    });
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Starts it on `port` (a free one is picked when omitted) and waits until /health answers. */
  static async start(env: Record<string, string>, options: { port?: number; command?: string[] } = {}): Promise<ServerProcess> {
    const port = options.port ?? (await freePort());
    const child = spawn(options.command?.[0] ?? NODE_TS[0], options.command?.slice(1) ?? [...NODE_TS.slice(1), 'apps/api/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ServerProcess(child, `http://127.0.0.1:${port}`);
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${server.stderr}`);
      try {
        if ((await fetch(`${server.url}/health`)).ok) return server;
      } catch {
        /* still starting */
      }
      if (i > 1200) {
        child.kill('SIGKILL');
        throw new Error(`the server did not answer /health within two minutes: ${server.stderr}`);
      }
      await sleep(100);
    }
  }

  /** The log lines parsed as JSON (pino's), skipping anything else. */
  get logs(): Record<string, any>[] {
    return this.lines.flatMap((line) => {
      try {
        return [JSON.parse(line)];
      } catch {
        return [];
      }
    });
  }

  /** Waits for a log line that matches; throws with the log so far when none comes in time. */
  async waitForLog(match: (line: Record<string, any>) => boolean, timeoutMs = 120_000): Promise<Record<string, any>> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.logs.find(match);
      if (found) return found;
      if (Date.now() > until) throw new Error(`no such log line; the log:\n${this.lines.join('\n')}\n${this.stderr}`);
      await sleep(100);
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited within 10 s; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      await this.exited;
      clearTimeout(timer);
    }
    return this.exited;
  }
}

/** A TCP port nothing listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
