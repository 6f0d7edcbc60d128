import assert from 'node:assert/strict';
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { Scope } from '@paysession/common';
import { AppConfig, loadConfig } from '@paysession/config';
import { Transactions } from '@paysession/database';
import { ApiKeysService } from '@paysession/organizations';
import { PartnersService } from '@paysession/partners';
import { PaymentSessionPartnerService } from '@paysession/payment-sessions';
import { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/src/bootstrap';
import { ProvisioningService } from '../../apps/api/src/provisioning/provisioning.service';
import { createTestDatabase, TestDatabase } from './test-database';

export interface GqlResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; field?: string; [k: string]: unknown }; path?: unknown[] }[];
  headers: Headers;
}

/**
 * Environment of an app that runs no background work (no webhook worker, no expiry sweep, no event
 * sequencer tick; a write still sequences its own events before it answers): what it
 * executes is exactly what the test's requests cause, and it sends no webhooks anywhere.
 */
export const QUIET: Readonly<Record<string, string>> = { WEBHOOKS_ENABLED: 'false', EXPIRY_ENABLED: 'false', EVENT_SEQUENCER_TICK_MS: '0', OVERVIEW_ROLLUP_ENABLED: 'false' };

/**
 * Bounds on waiting for MariaDB with room for a CI machine whose two cores the whole suite shares:
 * the tests that race 150 requests on one pool test their outcome, not how fast a starved machine
 * gets through them. test/database-stall.e2e-spec.ts tests the bounds themselves (it sets its own).
 */
const ROOMY_BOUNDS: Readonly<Record<string, string>> = { DB_ACQUIRE_TIMEOUT_MS: '30000', DB_STATEMENT_TIMEOUT_MS: '30000', DB_TRANSACTION_TIMEOUT_MS: '60000' };

/** A payments partner: its id, its own key (`ppk_…`) and its Standard Webhooks secret. */
export interface TestPartner {
  partnerId: string;
  key: string;
  secret: string;
}

export interface Tenant {
  orgId: string;
  /** A key with every scope. */
  key: string;
  keyId: string;
}

/**
 * The whole application on its own fresh database, listening on a real loopback socket.
 * One per test file.
 */
export class TestApp {
  private constructor(
    readonly app: INestApplication,
    readonly url: string,
    readonly config: AppConfig,
    private readonly db: TestDatabase,
    private readonly ownsDatabase: boolean,
  ) {}

  /**
   * Boots the app on a fresh database, or on `options.sameDatabaseAs`'s (another instance of the
   * product against one database, as several API instances run in production), or on
   * `options.database` (one the test made itself; the test drops it).
   */
  static async start(env: Record<string, string> = {}, options: { sameDatabaseAs?: TestApp; port?: number; database?: TestDatabase } = {}): Promise<TestApp> {
    const db = options.sameDatabaseAs?.db ?? options.database ?? (await createTestDatabase());
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_BASE_URL: 'https://pay.example.test', ...ROOMY_BOUNDS, ...env, DATABASE_URL: db.url, DB_MIGRATE_ON_START: 'true' });
    const app = await createApp(config);
    await app.listen(options.port ?? 0, '127.0.0.1');
    const address = app.getHttpServer().address();
    return new TestApp(app, `http://127.0.0.1:${address.port}`, config, db, !options.sameDatabaseAs && !options.database);
  }

  get dataSource(): DataSource {
    return this.app.get(DataSource);
  }

  get dbKind() {
    return this.db.kind;
  }

  /** A new org (with its defaults) and an API key with `scopes` (default: all). */
  async tenant(name = 'Acme', scopes: string[] = Object.values(Scope)): Promise<Tenant> {
    const { orgId } = await this.app.get(ProvisioningService).createOrganization(name);
    const { id, apiKey } = await this.app.get(ApiKeysService).create(orgId, scopes);
    return { orgId, key: apiKey, keyId: id };
  }

  async apiKey(orgId: string, scopes: string[]): Promise<string> {
    return (await this.app.get(ApiKeysService).create(orgId, scopes)).apiKey;
  }

  /** A new payments partner, as `cli partner create` makes one. */
  async partner(name = 'Acme Payments', paymentSessionUrl = 'https://partner.example.test/payment-sessions'): Promise<TestPartner> {
    const { partnerId, apiKey, secret } = await this.app.get(PartnersService).create({ name, paymentSessionUrl });
    return { partnerId, key: apiKey, secret };
  }

  /**
   * Hands sessions to `partner`, as the checkout page does when the customer presses Pay, so that
   * the partner may move them. Fails when a session cannot be handed over (not Active).
   */
  async handOver(orgId: string, partner: TestPartner | string, ...sessionIds: string[]): Promise<void> {
    const partnerId = typeof partner === 'string' ? partner : partner.partnerId;
    for (const id of sessionIds) {
      const handed = await this.app.get(PaymentSessionPartnerService).handOver(orgId, id, partnerId);
      if (!handed) throw new Error(`session ${id} could not be handed over`);
    }
  }

  /** POSTs a GraphQL document over HTTP. */
  async gql<T = any>(query: string, variables: Record<string, unknown> = {}, opts: { key?: string; headers?: Record<string, string>; path?: string } = {}): Promise<GqlResponse<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...opts.headers };
    if (opts.key) headers.authorization = `Bearer ${opts.key}`;
    const res = await fetch(`${this.url}${opts.path ?? '/graphql'}`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: T; errors?: GqlResponse['errors'] };
    return { status: res.status, data: body.data, errors: body.errors, headers: res.headers };
  }

  /**
   * Counts SQL statements run while `work` runs (N+1 checks). Only an app without background work
   * can say which statements a request cost: the webhook worker polls every WEBHOOK_POLL_MS and the
   * expiry sweep runs on its schedule, and their statements would land in the count whenever a
   * loaded machine makes the request outlast a tick. Start such an app with {@link QUIET}.
   */
  async countQueries(work: () => Promise<unknown>): Promise<number> {
    return (await this.recordQueries(work)).length;
  }

  /**
   * The SQL text of each query sent to the driver while `work` runs, in the order sent: each is
   * one round trip to MariaDB (a multi-statement query is one text). Same conditions as
   * {@link countQueries}.
   */
  async recordQueries(work: () => Promise<unknown>): Promise<string[]> {
    if (this.config.webhooks.enabled || this.config.expiry.enabled || this.config.eventSequencerTickMs || this.config.overview.rollupEnabled) {
      throw new Error('countQueries needs an app without background work: TestApp.start(QUIET)');
    }
    const sent: string[] = [];
    const restore = this.app.get(Transactions).dataSources.map((ds) => {
      const logger = ds.logger;
      const original = logger.logQuery.bind(logger);
      logger.logQuery = (...args: Parameters<typeof logger.logQuery>) => {
        sent.push(args[0]);
        return original(...args);
      };
      return () => (logger.logQuery = original);
    });
    try {
      await work();
    } finally {
      for (const undo of restore) undo();
    }
    return sent;
  }

  async close(): Promise<void> {
    try {
      await this.app.close();
    } finally {
      if (this.ownsDatabase) await this.db.drop();
    }
  }
}

/**
 * A loopback port that was free a moment ago: for an app whose PUBLIC_BASE_URL must name its own
 * address (a browser following the customer's links), which is known only once it listens.
 */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The data of an answer that must have no errors (the errors are the assertion's message). */
export function ok<T = any>(res: GqlResponse<T>): T {
  assert.equal(res.errors, undefined, JSON.stringify(res.errors));
  return res.data as T;
}

/** The first error's code, or undefined. */
export const codeOf = (res: GqlResponse) => res.errors?.[0]?.extensions?.code;
