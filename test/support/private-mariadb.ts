import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createConnection } from 'mysql2/promise';
import { freePort } from './server-process';
import { TestDatabase } from './test-database';

const MARIADBD = '/usr/sbin/mariadbd';

/**
 * A MariaDB server of the test's own (`mariadbd` on a data directory initialised by
 * `mariadb-install-db`, a private port and socket), so that a test may freeze it (SIGSTOP) without
 * touching the server the rest of the suite uses. Runs as the current user (root in CI); root
 * connects over TCP without a password. Whatever happens to the test, the server is woken and
 * killed when this process exits.
 */
export class PrivateMariaDb {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly port: number,
    private readonly exited: Promise<unknown>,
  ) {}

  static async start(): Promise<PrivateMariaDb> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paysession-mariadb-'));
    const datadir = path.join(dir, 'data');
    const install = spawnSync('mariadb-install-db', ['--no-defaults', `--datadir=${datadir}`, `--user=${os.userInfo().username}`, '--auth-root-authentication-method=normal', '--skip-test-db'], { encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr || install.stdout}`);
    const port = await freePort();
    const child = spawn(
      MARIADBD,
      [
        '--no-defaults',
        `--datadir=${datadir}`,
        `--user=${os.userInfo().username}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${path.join(dir, 'mysqld.sock')}`,
        `--pid-file=${path.join(dir, 'mysqld.pid')}`,
        `--log-error=${path.join(dir, 'error.log')}`,
        '--skip-log-bin',
        '--innodb-buffer-pool-size=32M',
        '--innodb-flush-log-at-trx-commit=2',
      ],
      { stdio: 'ignore' },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const server = new PrivateMariaDb(child, dir, port, exited);
    process.once('exit', () => server.kill());
    for (const until = Date.now() + 60_000; ; await sleep(200)) {
      if (child.exitCode !== null) throw new Error(`mariadbd exited with ${child.exitCode}: ${server.errorLog()}`);
      try {
        const conn = await createConnection({ host: '127.0.0.1', port, user: 'root' });
        await conn.end();
        return server;
      } catch (error) {
        if (Date.now() > until) {
          server.kill();
          throw new Error(`mariadbd did not accept connections within a minute: ${(error as Error).message}\n${server.errorLog()}`);
        }
      }
    }
  }

  /** A fresh database on this server, as the suite's TestDatabase (dropped with the server). */
  async database(name = 'paysession'): Promise<TestDatabase> {
    const conn = await createConnection({ host: '127.0.0.1', port: this.port, user: 'root' });
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await conn.end();
    return { url: `mysql://root@127.0.0.1:${this.port}/${name}`, kind: 'mysql', drop: async () => undefined };
  }

  /** Freezes the server process: connections stay open, nothing is answered. */
  freeze(): void {
    this.child.kill('SIGSTOP');
  }

  /** Lets a frozen server run again. */
  thaw(): void {
    this.child.kill('SIGCONT');
  }

  /** Stops the server and removes its data directory. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.thaw();
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
      await this.exited;
      clearTimeout(timer);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private kill(): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGCONT');
    this.child.kill('SIGKILL');
  }

  private errorLog(): string {
    try {
      return fs.readFileSync(path.join(this.dir, 'error.log'), 'utf8').split('\n').slice(-15).join('\n');
    } catch {
      return '';
    }
  }
}
