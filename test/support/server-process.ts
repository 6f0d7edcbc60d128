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

  /** http://127.0.0.1:<port>, known once the server has said where it listens. */
  url = '';

  private constructor(readonly child: ChildProcess) {
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const parts = (pending + chunk.toString('utf8')).split('\n');
      pending = parts.pop()!;
      this.lines.push(...parts);
    });
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /**
   * Starts it on a port the system picks (PORT=0; the server logs the one it got, so the log
   * level is info or finer) and waits until /health answers.
   */
  static async start(env: Record<string, string>, options: { command?: string[] } = {}): Promise<ServerProcess> {
    const level = env.LOG_LEVEL ?? 'info';
    if (!['info', 'debug', 'trace'].includes(level)) throw new Error('ServerProcess needs LOG_LEVEL info or finer to learn its port');
    const child = spawn(options.command?.[0] ?? NODE_TS[0], options.command?.slice(1) ?? [...NODE_TS.slice(1), 'apps/api/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', ...env, LOG_LEVEL: level, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ServerProcess(child);
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${server.stderr}`);
      const port = server.logs.map((l) => /^listening on http:\/\/localhost:(\d+)/.exec(l.msg ?? '')?.[1]).find(Boolean);
      if (port) {
        server.url = `http://127.0.0.1:${port}`;
        if ((await fetch(`${server.url}/health`)).ok) return server;
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

/** What a finished process left: its exit code and everything it printed. */
export interface ProcessResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `command` to its end without blocking this process (a server the command talks to may be
 * running in it), in the repository, with `env` over this process's environment.
 */
export function runProcess(command: string, args: string[], env: Record<string, string | undefined> = {}): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}
