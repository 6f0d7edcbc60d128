import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, parseDatabaseUrl } from './app-config';

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error;
  }
  assert.fail('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to the embedded SQLite file on port 3000', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.database.type, 'sqlite');
    assert.match((config.database as { path: string }).path, /data\/paysession\.sqlite$/);
    assert.equal(config.migrateOnStart, true);
    assert.equal(config.publicBaseUrl, 'http://localhost:3000');
  });

  it('listens on loopback outside production and on every interface in production, unless HOST says otherwise', () => {
    const production = { NODE_ENV: 'production', API_KEY_PEPPER: 'x'.repeat(32), SECRETS_ENCRYPTION_KEY: 'y'.repeat(32) };
    assert.equal(loadConfig({}).host, '127.0.0.1');
    assert.equal(loadConfig({ NODE_ENV: 'test' }).host, '127.0.0.1');
    assert.equal(loadConfig(production).host, '0.0.0.0');
    assert.equal(loadConfig({ HOST: '0.0.0.0' }).host, '0.0.0.0');
    assert.equal(loadConfig({ ...production, HOST: '10.0.0.7' }).host, '10.0.0.7');
  });

  it('takes a METRICS_TOKEN of at least 16 characters', () => {
    assert.equal(loadConfig({}).metricsToken, null);
    assert.equal(loadConfig({ METRICS_TOKEN: 'a-long-enough-token' }).metricsToken, 'a-long-enough-token');
    assert.equal(errorOf({ METRICS_TOKEN: 'short' }).variable, 'METRICS_TOKEN');
    assert.equal(errorOf({ METRICS_TOKEN: 'has a space in the middle' }).variable, 'METRICS_TOKEN');
  });

  it('reads a MariaDB URL and does not migrate on start by default', () => {
    const config = loadConfig({ DATABASE_URL: 'mysql://user:pa%40ss@db.internal:3306/paysession' });
    assert.deepEqual(config.database, { type: 'mysql', url: 'mysql://user:pa%40ss@db.internal:3306/paysession' });
    assert.equal(config.migrateOnStart, false);
  });

  it('names the variable when a value is bad', () => {
    assert.equal(errorOf({ PORT: 'eighty' }).variable, 'PORT');
    assert.equal(errorOf({ PORT: '70000' }).variable, 'PORT');
    assert.equal(errorOf({ DATABASE_URL: 'postgres://x/y' }).variable, 'DATABASE_URL');
    assert.equal(errorOf({ DATABASE_URL: 'mysql://host-only' }).variable, 'DATABASE_URL');
    assert.equal(errorOf({ DATABASE_URL: 'sqlite:' }).variable, 'DATABASE_URL');
    assert.equal(errorOf({ DB_MIGRATE_ON_START: 'maybe' }).variable, 'DB_MIGRATE_ON_START');
    assert.equal(errorOf({ LOG_LEVEL: 'loud' }).variable, 'LOG_LEVEL');
    assert.match(errorOf({ PORT: 'x' }).message, /^PORT /);
  });

  it('demands a real API key pepper and secrets key in production', () => {
    assert.equal(errorOf({ NODE_ENV: 'production' }).variable, 'API_KEY_PEPPER');
    assert.equal(errorOf({ NODE_ENV: 'production', API_KEY_PEPPER: 'x'.repeat(32) }).variable, 'SECRETS_ENCRYPTION_KEY');
    assert.equal(loadConfig({ NODE_ENV: 'production', API_KEY_PEPPER: 'x'.repeat(32), SECRETS_ENCRYPTION_KEY: 'y'.repeat(32) }).apiKeyPepper, 'x'.repeat(32));
  });

  it('resolves sqlite paths against the working directory', () => {
    assert.deepEqual(parseDatabaseUrl('sqlite:db.sqlite', '/srv/app'), { type: 'sqlite', path: '/srv/app/db.sqlite' });
    assert.deepEqual(parseDatabaseUrl('sqlite:///var/lib/ps.sqlite', '/srv/app'), { type: 'sqlite', path: '/var/lib/ps.sqlite' });
  });
});

describe('expiry settings', () => {
  it('defaults to a sweep every 15 seconds in batches of 500', () => {
    assert.deepEqual(loadConfig({}).expiry, { enabled: true, cron: '*/15 * * * * *', batchSize: 500 });
  });

  it('refuses a cron that is not six valid fields', () => {
    assert.equal(errorOf({ EXPIRY_CRON: '* * * * *' }).variable, 'EXPIRY_CRON');
    assert.equal(errorOf({ EXPIRY_CRON: '* * * * * nonsense' }).variable, 'EXPIRY_CRON');
    assert.equal(errorOf({ EXPIRY_ENABLED: 'sometimes' }).variable, 'EXPIRY_ENABLED');
    assert.equal(loadConfig({ EXPIRY_CRON: '* * * * * *', EXPIRY_ENABLED: 'false' }).expiry.enabled, false);
  });
});

describe('webhook settings', () => {
  it('defaults to the Standard Webhooks retry schedule and refuses private callback hosts', () => {
    const { webhooks } = loadConfig({});
    assert.deepEqual(webhooks.retryDelaysSeconds, [5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]);
    assert.equal(webhooks.timeoutMs, 15000);
    assert.equal(webhooks.allowPrivateNetworks, false);
  });

  it('reads WEBHOOK_RETRY_DELAYS and names it when bad', () => {
    assert.deepEqual(loadConfig({ WEBHOOK_RETRY_DELAYS: '1, 2,3' }).webhooks.retryDelaysSeconds, [1, 2, 3]);
    assert.equal(errorOf({ WEBHOOK_RETRY_DELAYS: '1,soon' }).variable, 'WEBHOOK_RETRY_DELAYS');
    assert.equal(errorOf({ WEBHOOK_TIMEOUT_MS: '0' }).variable, 'WEBHOOK_TIMEOUT_MS');
  });
});

describe('proxy and staff settings', () => {
  it('reads TRUST_PROXY as Express takes it', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true);
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
    assert.equal(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy, 'loopback, 10.0.0.0/8');
    assert.equal(errorOf({ TRUST_PROXY: 'any$thing' }).variable, 'TRUST_PROXY');
  });

  it('names a bad staff setting', () => {
    assert.equal(errorOf({ STAFF_SIGN_IN_TTL_HOURS: '0' }).variable, 'STAFF_SIGN_IN_TTL_HOURS');
    assert.equal(errorOf({ STAFF_SESSION_TTL_HOURS: '24' }).variable, 'STAFF_SESSION_TTL_HOURS');
    assert.equal(errorOf({ STAFF_LOGIN_MAX_FAILURES: 'many' }).variable, 'STAFF_LOGIN_MAX_FAILURES');
  });
});

describe('bounds on waiting', () => {
  it('defaults to a few seconds for the database and 15 s for a shutdown, and names a bad value', () => {
    const config = loadConfig({});
    assert.deepEqual(config.dbTimeouts, { acquireMs: 5000, statementMs: 5000, transactionMs: 10_000 });
    assert.equal(config.shutdownTimeoutMs, 15_000);
    const set = loadConfig({ DB_ACQUIRE_TIMEOUT_MS: '500', DB_STATEMENT_TIMEOUT_MS: '700', DB_TRANSACTION_TIMEOUT_MS: '900', SHUTDOWN_TIMEOUT_MS: '0' });
    assert.deepEqual([set.dbTimeouts, set.shutdownTimeoutMs], [{ acquireMs: 500, statementMs: 700, transactionMs: 900 }, 0]);
    for (const [name, value] of [['DB_ACQUIRE_TIMEOUT_MS', '0'], ['DB_STATEMENT_TIMEOUT_MS', 'soon'], ['DB_TRANSACTION_TIMEOUT_MS', '99'], ['SHUTDOWN_TIMEOUT_MS', '-1']]) {
      assert.equal(errorOf({ [name]: value }).variable, name);
    }
  });
});
