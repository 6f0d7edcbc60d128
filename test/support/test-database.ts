import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createConnection } from 'mysql2/promise';

/** A database of its own for one test file: a SQLite file, or a fresh MariaDB schema. */
export interface TestDatabase {
  url: string;
  kind: 'sqlite' | 'mysql';
  drop(): Promise<void>;
}

/**
 * The suite runs on SQLite by default and on MariaDB when DATABASE_URL is a mysql:// URL:
 * then each file gets `<db>_<random>` on that server, dropped afterwards.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL;
  if (base && /^(mysql|mariadb):\/\//.test(base)) {
    const url = new URL(base);
    const name = `${url.pathname.slice(1) || 'paysession_test'}_${randomBytes(5).toString('hex')}`;
    const admin = await createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      kind: 'mysql',
      async drop() {
        const conn = await createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) });
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await conn.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paysession-test-'));
  return {
    url: `sqlite:${path.join(dir, 'test.sqlite')}`,
    kind: 'sqlite',
    async drop() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const onMysql = () => /^(mysql|mariadb):\/\//.test(process.env.DATABASE_URL ?? '');
