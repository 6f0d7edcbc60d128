import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLIENT_CODES, ErrorCode } from '@paysession/common';
import { ROOT, runProcess } from './support/server-process';
import { createTestDatabase, onMysql, TestDatabase } from './support/test-database';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The fenced shell blocks that follow a `<!-- tested … -->` line, in order. */
function testedBlocks(markdown: string): string[] {
  const lines = markdown.split('\n');
  const blocks: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^<!-- tested\b.*-->$/.test(lines[i])) continue;
    const open = i + 1;
    assert.match(lines[open] ?? '', /^```sh$/, `README line ${open + 1}: a "tested" marker must sit right above a \`\`\`sh block`);
    const close = lines.indexOf('```', open + 1);
    blocks.push(lines.slice(open + 1, close).join('\n'));
    i = close;
  }
  return blocks;
}

/**
 * One bash session that runs the blocks as a reader would paste them, one after the other (so
 * `$ORG` and `$KEY` carry over). What a reader does around them is played by `npm`, a shell
 * function: `npm start` really starts (build and server, in the background, on a port the
 * system picks, which the blocks' `localhost:3000` is pointed at); `npm install` and `npm test`
 * are what CI does around this very test, so they only say so; anything else is npm itself.
 */
function script(blocks: string[], logFile: string): string {
  return [
    'set -euo pipefail',
    `LOG=${JSON.stringify(logFile)}`,
    'SERVER=',
    "trap '[ -n \"$SERVER\" ] && kill -TERM -- -\"$SERVER\" 2>/dev/null; wait' EXIT",
    'start_server() {',
    '  setsid npm start > "$LOG" 2>&1 &',
    '  SERVER=$!',
    '  for _ in $(seq 1 2400); do',
    '    README_PORT=$(grep -o "listening on http://localhost:[0-9]*" "$LOG" | head -n 1 | grep -o "[0-9]*$" || true)',
    '    [ -n "$README_PORT" ] && return 0',
    '    kill -0 "$SERVER" 2>/dev/null || { echo "npm start exited:"; cat "$LOG"; return 1; }',
    '    sleep 0.1',
    '  done',
    '  echo "npm start did not listen within 4 minutes"; cat "$LOG"; return 1',
    '}',
    'npm() {',
    '  case "$1" in',
    '    install) echo "(npm install: CI installed before the suite)" ;;',
    '    test) echo "(npm test: this is it)" ;;',
    '    start) start_server ;;',
    '    *) command npm "$@" ;;',
    '  esac',
    '}',
    ...blocks.flatMap((block, i) => [`echo "@@block ${i}@@"`, block.replaceAll('localhost:3000', 'localhost:${README_PORT}')]),
    'echo "@@vars@@"',
    'printf "ORG=%s\\nKEY=%s\\nSECRET=%s\\n" "${ORG:-}" "${KEY:-}" "${SECRET:-}"',
  ].join('\n');
}

describe('the README documents every error code a client can receive', () => {
  const section = README.slice(README.indexOf('### Errors'), README.indexOf('\n## ', README.indexOf('### Errors')));

  it("has each code: the domain's, those GraphQL itself answers with, and the partner mutations' userErrors", () => {
    const schema = fs.readFileSync(path.join(ROOT, 'schema.gql'), 'utf8');
    const userErrorCodes = [...schema.matchAll(/enum \w+UserErrorCode \{([^}]*)\}/g)].flatMap((m) => m[1].split(/\s+/).filter((word) => /^[A-Z_]+$/.test(word)));
    assert.ok(userErrorCodes.includes('PENDING_INVALID_STATE'), 'the partner enums were found in schema.gql');
    const codes = new Set([...Object.values(ErrorCode), ...CLIENT_CODES, ...userErrorCodes]);
    const missing = [...codes].filter((code) => !section.includes(`\`${code}\``));
    assert.deepEqual(missing, [], 'README.md, section Errors');
    assert.match(section, /`input\.invoiceRefs\.0\.lines\.1\.price`/, 'the extensions.field format, by example');
  });
});

describe('the README, followed to the letter', { timeout: 900_000 }, () => {
  let db: TestDatabase;
  let tmp: string;

  before(async () => {
    db = await createTestDatabase();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paysession-readme-'));
  });
  after(async () => {
    await db.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('marks the quick start, the provisioning and the first request as tested', () => {
    const blocks = testedBlocks(README);
    assert.equal(blocks.length, 3);
    assert.match(blocks[0], /^npm install\nnpm start/);
    assert.match(blocks[1], /^ORG=\$\(npm run --silent cli -- org create/);
    assert.match(blocks[2], /^curl -s localhost:3000\/graphql/);
  });

  it('gives an organization, a key and a secret, and a first payment session with them, on a fresh database', async () => {
    const log = path.join(tmp, 'server.log');
    const run = await runProcess('bash', ['-c', script(testedBlocks(README), log)], {
      // A fresh database of this test's own (on MariaDB, migrated at start as SQLite is).
      DATABASE_URL: db.url,
      ...(onMysql() ? { DB_MIGRATE_ON_START: 'true' } : {}),
      // The reader's environment, not the suite's: development, the default log.
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      HOST: '',
      PORT: '0',
      // The first request's callbackUrl is on the Internet; the suite sends nothing off loopback.
      WEBHOOKS_ENABLED: 'false',
    });
    const server = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}\n--- server log:\n${server}`);

    const [, ...sections] = run.stdout.split(/@@block \d+@@\n|@@vars@@\n/);
    const [, provisioning, firstRequest, vars] = sections;
    const { ORG, KEY, SECRET } = Object.fromEntries(vars.trim().split('\n').map((line) => line.split('=', 2))) as Record<string, string>;
    assert.match(ORG, /^org_[0-9A-Z]{26}$/);
    assert.match(KEY, /^psk_\S+$/);
    assert.match(SECRET, /^whsec_\S+$/);
    assert.equal(provisioning.trim(), `org ${ORG}, key ${KEY}`);

    const answer = JSON.parse(firstRequest) as { data: { createPaymentSession: Record<string, string> } };
    const session = answer.data.createPaymentSession;
    assert.match(session.id, /^ps_[0-9A-Z]{26}$/);
    assert.equal(session.status, 'Active');
    assert.equal(session.amount, '100.10');
    assert.match(session.link, /^http:\/\/localhost:\d+\/pay\/\S+$/);
    const lifetime = Date.parse(session.expirationDate) - Date.now();
    assert.ok(lifetime > 23 * 3600_000 && lifetime <= 24 * 3600_000, `expires in 24 h by default: ${session.expirationDate}`);
    assert.match(server, /"msg":"listening on http:\/\/localhost:\d+ /, 'the server npm start built and started');
  });
});
