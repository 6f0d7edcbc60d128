import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

// Rules of the code's shape that a reviewer would otherwise have to remember, checked by reading
// the source as text.

const ROOT = path.resolve(__dirname, '..');
const SKIP = new Set(['node_modules', 'dist', 'data', 'artifacts', '.git']);

/** Files below `dirs` (relative to the repository) whose names match `pattern`. */
function files(dirs: string[], pattern: RegExp): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP.has(entry.name) && !entry.name.startsWith('.dist-')) walk(rel);
      } else if (pattern.test(entry.name)) {
        found.push(rel);
      }
    }
  };
  for (const dir of dirs) walk(dir);
  return found;
}

const COMMENT = /^\s*(\/\/|\/\*|\*)/;

/** `file:line: text` for every line of `paths` that matches `pattern` (with `code`, comment lines aside). */
function linesMatching(paths: string[], pattern: RegExp, options: { code?: boolean } = {}): string[] {
  return paths.flatMap((file) =>
    fs
      .readFileSync(path.join(ROOT, file), 'utf8')
      .split('\n')
      .flatMap((text, i) => (pattern.test(text) && !(options.code && COMMENT.test(text)) ? [`${file}:${i + 1}: ${text.trim()}`] : [])),
  );
}

const CODE = /\.(ts|tsx|js)$/;

describe('the documents the code cites', () => {
  it('are in the repository: comments and the README cite docs/, never a checkout beside it', () => {
    const sources = [...files(['libs', 'apps', 'test', 'bench', 'scripts'], CODE), 'README.md'];
    assert.deepEqual(linesMatching(sources, /\.\.\/shared|(?<!docs\/)CONTRACT\.md/), []);
    for (const doc of ['docs/CONTRACT.md', 'docs/seeds/clientloop-update-payment-session.txt', 'docs/seeds/shopify-payment-session-pending.txt']) {
      assert.ok(fs.existsSync(path.join(ROOT, doc)), `${doc} is missing`);
    }
  });
});

describe('the database seam', () => {
  it('keeps every MariaDB/SQLite difference in libs/database (configuration only names them)', () => {
    const product = files(['libs', 'apps/api/src'], CODE).filter((f) => !f.startsWith('libs/database/') && !f.startsWith('libs/config/'));
    const branch = /isMysql|options\.type|['"](mysql|mariadb|sqlite|better-sqlite3)['"]|setLock\(|setOnLocked\(|FOR UPDATE|GET_LOCK/;
    assert.deepEqual(linesMatching(product, branch, { code: true }), []);
  });

  it('has no service find repositories through the raw data source', () => {
    const product = files(['libs', 'apps/api/src'], CODE).filter((f) => !f.startsWith('libs/database/'));
    assert.deepEqual(linesMatching(product, /\bdataSource\b[^;]*\.(getRepository|query|manager)\b|\bDataSource\)\s*(private|readonly)/, { code: true }), []);
  });
});

describe('one service per domain, for every caller', () => {
  it('keeps libs/staff to staff accounts, sign-in, roles and audit: no payment-session, contact, checkout-configuration or webhook queries', () => {
    const staff = files(['libs/staff'], CODE);
    assert.ok(staff.length > 5, 'libs/staff not found');
    const otherDomains =
      /\b(PaymentSession(Event|Email)?Entity|ContactEntity|CheckoutConfigurationEntity|Webhook\w*Entity|OrganizationEntity)\b|\b(payment_sessions|payment_session_events|contacts|checkout_configurations|webhook_deliveries|webhook_attempts|staff_session_emails|organizations)\b/;
    assert.deepEqual(linesMatching(staff, otherDomains, { code: true }), []);
  });

  it('has the admin resolvers read and write only through domain services: no repository, query or entity manager', () => {
    const admin = files(['apps/api/src/admin-api'], /\.resolver\.ts$/);
    assert.ok(admin.length >= 5, 'no admin resolvers found');
    assert.deepEqual(linesMatching(admin, /InjectRepository|Repository<|createQueryBuilder|EntityManager|DataSource|\.query\(/, { code: true }), []);
  });
});

describe('status rules', () => {
  // The statuses of PaymentSessionStatus (libs/payment-sessions/src/payment-session.types.ts).
  const STATUS_LITERAL = /(['"`])(Active|Pending|Completed|Canceled|Expired|Rejected)\1|\b(status|STATUS)\s+(NOT\s+)?(IN|in)\s*\(\s*'/;
  /** Where a status name may be written out, and why: declarations and display, never a rule. */
  const ALLOWED: Record<string, string> = {
    'libs/payment-sessions/src/state-machine/transition-table.ts': 'the rules themselves',
    'libs/payment-sessions/src/payment-session.types.ts': 'the enum declaration',
    'libs/webhooks/src/webhook-delivery.entity.ts': "the webhook delivery status enum (its own 'Pending')",
    'libs/checkout/src/checkout-page.view.ts': "the hosted page's script reads the data-status the page itself renders (display)",
    'apps/admin/src/dataProvider/types.ts': "the console's TypeScript mirror of the admin schema's enums",
    'apps/admin/src/payment-sessions/WebhookDeliveries.tsx': "webhook delivery statuses, not a session's (when the next attempt is due, display)",
    'apps/admin/src/overview/OverviewPage.tsx': "the overview charts' legend: the names of the series the API counts (display)",
  };

  it('are asked of the transition table: no status name in a rule outside it and its tests', () => {
    const product = files(['libs', 'apps'], /\.(ts|tsx)$/).filter(
      (f) => !/\.(e2e-)?spec\.ts$/.test(f) && !f.startsWith('libs/database/src/migrations/') && !(f in ALLOWED),
    );
    assert.ok(product.length > 100, 'the sources were not found');
    assert.deepEqual(linesMatching(product, STATUS_LITERAL, { code: true }), []);
  });

  // A session's status compared with a named member (`s.status !== PaymentSessionStatus.Active`):
  // the same restated rule written with the enum. Display may branch on the status; a few
  // comparisons are not about which moves exist, each counted here so that a new one fails.
  const STATUS_COMPARISON = /\bstatus\s*[!=]==?\s*(PaymentSessionStatus|S)\.\w+|case\s+(PaymentSessionStatus|S)\.\w+/;
  const COMPARISONS: Record<string, { count: number; why: string }> = {
    'libs/checkout/src/checkout-page.view.ts': { count: 8, why: 'the hosted page words each status and watches a Pending one (display)' },
    'libs/payment-sessions/src/payment-session.view.ts': { count: 3, why: 'pendingExpiresAt and pendingReason are shown only while Pending (display)' },
    'libs/payment-sessions/src/payment-sessions.service.ts': { count: 1, why: 'a completion carries a paymentId (the seed): what a move needs, not which moves exist' },
    'libs/payment-sessions/src/partner/payment-session-partner.service.ts': {
      count: 2,
      why: "a partner's retry of a move already made is answered as done (idempotence, Shopify's model)",
    },
  };

  it('are asked of the transition table with enum members too: no status comparison outside it but those counted', () => {
    const product = files(['libs', 'apps'], /\.(ts|tsx)$/).filter((f) => !/\.(e2e-)?spec\.ts$/.test(f) && !f.startsWith('libs/payment-sessions/src/state-machine/'));
    const found = linesMatching(product, STATUS_COMPARISON, { code: true });
    const counts: Record<string, number> = {};
    for (const line of found) counts[line.split(':')[0]] = (counts[line.split(':')[0]] ?? 0) + 1;
    const expected = Object.fromEntries(Object.entries(COMPARISONS).map(([file, { count }]) => [file, count]));
    assert.deepEqual(counts, expected, found.join('\n'));
  });

  it('fails on a restated rule (the check can fail)', () => {
    assert.match("if (session.status !== 'Active') return null;", STATUS_LITERAL);
    assert.match("WHERE status IN ('Active', 'Pending')", STATUS_LITERAL);
    assert.doesNotMatch('if (!session.canCancel) return null;', STATUS_LITERAL);
    assert.match('if (session.status !== PaymentSessionStatus.Active) return undefined;', STATUS_COMPARISON);
    assert.doesNotMatch('if (!isUnstarted(session.status)) return undefined;', STATUS_COMPARISON);
  });
});
