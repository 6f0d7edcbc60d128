import * as path from 'node:path';
import { CronTime } from 'cron';

export type DatabaseConfig = { type: 'sqlite'; path: string } | { type: 'mysql'; url: string };

/** Every setting the product reads, validated once at start (README, Configuration). */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  /** Listen address: loopback outside production (a laptop's server is not on the network), all interfaces in production. */
  host: string;
  /**
   * Bearer token that GET /metrics requires. Unset: /metrics is open outside production and
   * off (404) in production, so a public deployment never shows its internals by default.
   */
  metricsToken: string | null;
  /** Which proxies' X-Forwarded-* to believe (client address, https): as Express's `trust proxy` took it. */
  trustProxy: boolean | number | string;
  database: DatabaseConfig;
  dbPoolSize: number;
  /**
   * Bounds on every wait for MariaDB, in milliseconds (README, Operations): getting a pool
   * connection (opening one included), one statement, one whole transaction. Past a bound the
   * request fails with SERVICE_UNAVAILABLE instead of waiting for the database.
   */
  dbTimeouts: { acquireMs: number; statementMs: number; transactionMs: number };
  /** How long a SIGTERM waits for requests in flight before closing their connections, in milliseconds. */
  shutdownTimeoutMs: number;
  migrateOnStart: boolean;
  publicBaseUrl: string;
  apiKeyPepper: string;
  /** Key material for secrets we must be able to read back (webhook signing secrets). */
  secretsEncryptionKey: string;
  /** How long an instance may reuse a key lookup; a revocation elsewhere takes up to this long. */
  apiKeyCacheSeconds: number;
  /** Requests one API key may make per minute on one instance (0: no limit). */
  apiRateLimitPerMinute: number;
  logLevel: string;
  graphqlMaxDepth: number;
  graphqlMaxComplexity: number;
  /** Aliased fields one document may use. */
  graphqlMaxAliases: number;
  /** Top-level fields one mutation operation may run. */
  graphqlMaxMutationFields: number;
  /** Rows a list without a page size (`first`, `perPage`) is priced at, in the cost limit. */
  graphqlListCostSize: number;
  /** Lexical tokens one document may have; parsing stops past it (400). */
  graphqlMaxTokens: number;
  /** Automatic persisted queries: off unless GRAPHQL_PERSISTED_QUERIES=true. */
  graphqlPersistedQueries: boolean;
  /** Requests per minute from one client address without a valid key or session (0: no limit). */
  anonymousRateLimitPerMinute: number;
  /** Bytes a request to /admin-api without a session may have: room for the sign-in, nothing more. */
  staffSignInMaxBytes: number;
  pendingMaxDays: number;
  /**
   * Milliseconds between the event sequencer's ticks, which give stream positions to events whose
   * writer did not (it stopped between commit and sequencing, or sequencing failed); 0: no tick.
   */
  eventSequencerTickMs: number;
  expiry: { enabled: boolean; cron: string; batchSize: number };
  /** The console overview's hourly roll-up of payment-session counts (README, Staff console). */
  overview: { rollupEnabled: boolean; rollupCron: string };
  webhooks: {
    enabled: boolean;
    /** Seconds to wait after attempt 1, 2, …; after the last, the delivery is Failed. */
    retryDelaysSeconds: number[];
    timeoutMs: number;
    pollMs: number;
    batchSize: number;
    secretGraceHours: number;
    /** Development only: lets callbackUrl point at loopback and private networks. */
    allowPrivateNetworks: boolean;
  };
  checkout: {
    /** Requests (pages and Pay) one client address may make to /pay per minute on one instance (0: no limit). */
    rateLimitPerMinute: number;
    /** How long Paysession waits for a partner to answer the payment-session request. */
    partnerTimeoutMs: number;
    /**
     * The built-in sandbox payments partner with test cards (issue 12): on by default in
     * development and tests, off by default in production.
     */
    sandboxPayments: boolean;
  };
  staff: {
    /** Hours a console sign-in lasts before the staff member signs in again. */
    signInTtlHours: number;
    /** Failed sign-ins allowed per (email, client address) in 15 minutes. */
    loginMaxFailures: number;
    /** Failed sign-ins allowed per client address in an hour, whatever the email. */
    loginMaxFailuresPerAddress: number;
    /** The built console (`npm run build:admin`), served at /admin. */
    consoleDir: string;
    /** The most rows one CSV export of the console writes (the file says so in a header when it stops there). */
    exportMaxRows: number;
  };
  /** The payment-link email (`sendPaymentSessionLink`); README, Sending the link by email. */
  mail: {
    /** Where mail goes: an `smtp://` or `smtps://` URL (nodemailer's form), or null. */
    smtpUrl: string | null;
    /**
     * Without `smtpUrl`, outside production: the directory each message is written to as an
     * `.eml` file. Null in production, where mail without SMTP_URL is refused instead.
     */
    outboxDir: string | null;
    /** The From header, e.g. `"Acme payments" <payments@acme.example>`. */
    from: string;
    /** Link emails one payment session may send in 24 hours. */
    linkEmailsPerSession: number;
    /** Milliseconds the SMTP server has to accept the connection, greet, and answer each command. */
    timeoutMs: number;
  };
}

/** A bad setting: the message names the variable, and start stops. */
export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_DATABASE_URL = 'sqlite:./data/paysession.sqlite';
const DEV_PEPPER = 'paysession-development-pepper-change-me';
const DEV_SECRETS_KEY = 'paysession-development-secrets-key-change-me';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

/** Refuses a variable that was renamed (the operator's value would otherwise be ignored without a word). */
function renamed(env: Env, old: string, now: string): undefined {
  if (env[old] !== undefined) throw new ConfigError(old, `was renamed ${now}; set that instead`);
  return undefined;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

/** `TRUST_PROXY`: false (default), true, a hop count, or addresses/subnets as Express takes them. */
function trustProxy(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (!/^[\w.:/, -]+$/.test(raw)) throw new ConfigError('TRUST_PROXY', `must be true, false, a hop count or a list of addresses/subnets, got "${raw}"`);
  return raw;
}

/** The Standard Webhooks schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. */
const STANDARD_WEBHOOK_RETRIES = [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400];

function delays(env: Env, name: string, fallback: number[]): number[] {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const parts = raw.split(',').map((p) => p.trim());
  if (!parts.length || parts.some((p) => !/^\d+$/.test(p) || Number(p) > 7 * 86400)) {
    throw new ConfigError(name, `must be comma-separated whole seconds (each at most 604800), e.g. "5,300,1800", got "${raw}"`);
  }
  return parts.map(Number);
}

/** A six-field cron expression (seconds first), checked by the parser the scheduler uses. */
function cron(env: Env, name: string, fallback: string): string {
  const value = env[name] || fallback;
  if (value.trim().split(/\s+/).length !== 6) throw new ConfigError(name, `must be a six-field cron expression with seconds, e.g. "${fallback}", got "${value}"`);
  try {
    new CronTime(value);
  } catch (error) {
    throw new ConfigError(name, `is not a valid cron expression ("${value}"): ${(error as Error).message}`);
  }
  return value;
}

/** Parses `DATABASE_URL`: `mysql://…` (MySQL/MariaDB) or `sqlite:<path>`. */
export function parseDatabaseUrl(raw: string | undefined, cwd = process.cwd()): DatabaseConfig {
  const value = raw === undefined || raw === '' ? DEFAULT_DATABASE_URL : raw;
  if (value.startsWith('sqlite:')) {
    const file = value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!file) throw new ConfigError('DATABASE_URL', 'sqlite: needs a file path, e.g. sqlite:./data/paysession.sqlite');
    return { type: 'sqlite', path: file === ':memory:' ? file : path.resolve(cwd, file) };
  }
  if (/^(mysql|mariadb):\/\//.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid URL');
    }
    if (!url.hostname) throw new ConfigError('DATABASE_URL', 'needs a host, e.g. mysql://user:pass@127.0.0.1:3306/paysession');
    if (url.pathname.length < 2) throw new ConfigError('DATABASE_URL', 'needs a database name, e.g. mysql://user:pass@127.0.0.1:3306/paysession');
    url.protocol = 'mysql:';
    return { type: 'mysql', url: url.toString() };
  }
  throw new ConfigError('DATABASE_URL', 'must start with mysql:// or sqlite:');
}

/** Reads and validates the whole configuration; throws ConfigError on the first bad value. */
export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = (env.NODE_ENV || 'development') as AppConfig['nodeEnv'];
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    throw new ConfigError('NODE_ENV', `must be development, production or test, got "${env.NODE_ENV}"`);
  }
  const port = int(env, 'PORT', 3000, 0, 65535);
  const database = parseDatabaseUrl(env.DATABASE_URL);

  const publicBaseUrl = (env.PUBLIC_BASE_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(publicBaseUrl)) throw new ConfigError('PUBLIC_BASE_URL', 'must be an http(s) URL');

  const apiKeyPepper = env.API_KEY_PEPPER || (nodeEnv === 'production' ? '' : DEV_PEPPER);
  if (apiKeyPepper.length < 32) {
    throw new ConfigError('API_KEY_PEPPER', 'must be set to a secret of at least 32 characters (required when NODE_ENV=production)');
  }

  const secretsEncryptionKey = env.SECRETS_ENCRYPTION_KEY || (nodeEnv === 'production' ? '' : DEV_SECRETS_KEY);
  if (secretsEncryptionKey.length < 32) {
    throw new ConfigError('SECRETS_ENCRYPTION_KEY', 'must be set to a secret of at least 32 characters (required when NODE_ENV=production)');
  }

  const metricsToken = env.METRICS_TOKEN || null;
  if (metricsToken !== null && (metricsToken.length < 16 || /\s/.test(metricsToken))) {
    throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters without spaces (Prometheus sends it as Authorization: Bearer <token>)');
  }

  const logLevel = env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info');
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);

  return {
    nodeEnv,
    port,
    host: env.HOST || (nodeEnv === 'production' ? '0.0.0.0' : '127.0.0.1'),
    metricsToken,
    trustProxy: trustProxy(env.TRUST_PROXY),
    database,
    dbPoolSize: int(env, 'DB_POOL_SIZE', 10, 1, 500),
    dbTimeouts: {
      acquireMs: int(env, 'DB_ACQUIRE_TIMEOUT_MS', 5000, 100, 60_000),
      statementMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 5000, 100, 600_000),
      transactionMs: int(env, 'DB_TRANSACTION_TIMEOUT_MS', 10_000, 100, 600_000),
    },
    shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 15_000, 0, 600_000),
    migrateOnStart: bool(env, 'DB_MIGRATE_ON_START', database.type === 'sqlite'),
    publicBaseUrl,
    apiKeyPepper,
    secretsEncryptionKey,
    apiKeyCacheSeconds: int(env, 'API_KEY_CACHE_SECONDS', 10, 0, 300),
    apiRateLimitPerMinute: int(env, 'API_RATE_LIMIT_PER_MINUTE', 6000, 0, 10_000_000),
    logLevel,
    graphqlMaxDepth: int(env, 'GRAPHQL_MAX_DEPTH', 8, 2, 100),
    graphqlMaxComplexity: int(env, 'GRAPHQL_MAX_COMPLEXITY', 10000, 10, 10_000_000),
    graphqlMaxAliases: int(env, 'GRAPHQL_MAX_ALIASES', 30, 0, 10_000),
    graphqlMaxMutationFields: int(env, 'GRAPHQL_MAX_MUTATION_FIELDS', 10, 1, 1000),
    graphqlListCostSize: int(env, 'GRAPHQL_LIST_COST_SIZE', 10, 1, 1000),
    graphqlMaxTokens: int(env, 'GRAPHQL_MAX_TOKENS', 10_000, 100, 1_000_000),
    graphqlPersistedQueries: bool(env, 'GRAPHQL_PERSISTED_QUERIES', false),
    anonymousRateLimitPerMinute: int(env, 'ANONYMOUS_RATE_LIMIT_PER_MINUTE', 60, 0, 10_000_000),
    staffSignInMaxBytes: int(env, 'STAFF_SIGN_IN_MAX_BYTES', 4096, 512, 1_048_576),
    pendingMaxDays: int(env, 'PENDING_MAX_DAYS', 7, 1, 365),
    eventSequencerTickMs: int(env, 'EVENT_SEQUENCER_TICK_MS', 1000, 0, 60_000),
    expiry: {
      enabled: bool(env, 'EXPIRY_ENABLED', true),
      cron: cron(env, 'EXPIRY_CRON', '*/15 * * * * *'),
      batchSize: int(env, 'EXPIRY_BATCH_SIZE', 500, 1, 10_000),
    },
    overview: {
      rollupEnabled: bool(env, 'OVERVIEW_ROLLUP_ENABLED', true),
      rollupCron: cron(env, 'OVERVIEW_ROLLUP_CRON', '0 */5 * * * *'),
    },
    webhooks: {
      enabled: bool(env, 'WEBHOOKS_ENABLED', true),
      retryDelaysSeconds: delays(env, 'WEBHOOK_RETRY_DELAYS', STANDARD_WEBHOOK_RETRIES),
      timeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 15_000, 100, 120_000),
      pollMs: int(env, 'WEBHOOK_POLL_MS', 1000, 50, 60_000),
      batchSize: int(env, 'WEBHOOK_BATCH_SIZE', 50, 1, 1000),
      secretGraceHours: int(env, 'WEBHOOK_SECRET_GRACE_HOURS', 24, 0, 24 * 30),
      allowPrivateNetworks: bool(env, 'CALLBACK_ALLOW_PRIVATE_NETWORKS', false),
    },
    checkout: {
      rateLimitPerMinute: int(env, 'CHECKOUT_RATE_LIMIT_PER_MINUTE', 120, 0, 1_000_000),
      partnerTimeoutMs: int(env, 'PARTNER_TIMEOUT_MS', 10_000, 100, 120_000),
      sandboxPayments: bool(env, 'SANDBOX_PAYMENTS', nodeEnv !== 'production'),
    },
    staff: {
      signInTtlHours: renamed(env, 'STAFF_SESSION_TTL_HOURS', 'STAFF_SIGN_IN_TTL_HOURS') ?? int(env, 'STAFF_SIGN_IN_TTL_HOURS', 12, 1, 720),
      loginMaxFailures: int(env, 'STAFF_LOGIN_MAX_FAILURES', 5, 1, 1000),
      loginMaxFailuresPerAddress: int(env, 'STAFF_LOGIN_MAX_FAILURES_PER_IP', 100, 1, 100_000),
      consoleDir: path.resolve(env.ADMIN_CONSOLE_DIR || 'apps/admin/dist'),
      exportMaxRows: int(env, 'ADMIN_EXPORT_MAX_ROWS', 100_000, 1, 1_000_000),
    },
    mail: {
      smtpUrl: smtpUrl(env.SMTP_URL),
      outboxDir: nodeEnv === 'production' ? null : path.resolve(env.MAIL_OUTBOX_DIR || 'data/mail'),
      from: env.MAIL_FROM || `"Paysession" <no-reply@${new URL(publicBaseUrl).hostname}>`,
      linkEmailsPerSession: int(env, 'LINK_EMAILS_PER_SESSION', 5, 1, 100),
      timeoutMs: int(env, 'SMTP_TIMEOUT_MS', 10_000, 100, 120_000),
    },
  };
}

/** `SMTP_URL`: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`, or unset. */
function smtpUrl(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('SMTP_URL', 'is not a valid URL, e.g. smtp://user:pass@mail.example.com:587');
  }
  if (!['smtp:', 'smtps:'].includes(url.protocol) || !url.hostname) {
    throw new ConfigError('SMTP_URL', 'must be an smtp:// or smtps:// URL with a host, e.g. smtp://user:pass@mail.example.com:587');
  }
  return raw;
}
