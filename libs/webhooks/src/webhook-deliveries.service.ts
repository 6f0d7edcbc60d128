import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  assertMayAct, badInput, byKeys, callbackUrlProblem, cappedCount, Connection, invalidState, mapConnection, newestFirst, newId, notFound, mayAct, orgFilter, orgScope, RequestContext, requestLoader,
  TOTAL_CAP, urlProblem,
} from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { Transactions } from '@paysession/database';
import { PaymentSessionEventsService } from '@paysession/payment-sessions';
import DataLoader from 'dataloader';
import { EntityManager, In, Repository, SelectQueryBuilder } from 'typeorm';
import { WebhookAttemptEntity } from './webhook-attempt.entity';
import { whereNotHeldBack } from './webhook-claimable';
import { WebhookDeliveryEntity, WebhookDeliveryStatus } from './webhook-delivery.entity';
import { WebhookGoneUrlEntity } from './webhook-gone-url.entity';
import { urlHash } from './webhook-outbox.service';
import { WebhookSecretsService } from './webhook-secrets.service';
import { WEBHOOK_TEST_EVENT_TYPE, webhookPayload } from './webhook.payload';
import { WebhookSender } from './webhook.sender';
import { signedHeaders } from './webhook.signer';

/** Webhook deliveries failing now (WebhookDeliveriesService.failingNow). */
export interface WebhookHealth {
  /** Waiting for another attempt after a failed one. */
  retrying: number;
  /** Given up on (Failed), up to TOTAL_CAP. */
  failed: number;
  failedIsExact: boolean;
  /** The claimable delivery (not held back behind an earlier open one) whose next attempt has been due longest, or null when none is due. */
  oldestDue: { id: string; sessionId: string; orgId: string; dueAt: Date; attemptCount: number } | null;
}

export interface DeliveryWithAttempts {
  delivery: WebhookDeliveryEntity;
  attempts: WebhookAttemptEntity[];
}

/** What became of a test webhook (sendTestWebhook, `cli -- webhook test`); nothing is stored. */
export interface WebhookTestResult {
  /** The test event's id, also its `webhook-id` header. */
  webhookId: string;
  url: string;
  /** True when the endpoint answered 2xx. */
  delivered: boolean;
  /** The endpoint's HTTP status; null when no response came. */
  statusCode: number | null;
  /** Why it was not delivered (connection error, timeout, non-2xx status); null when it was. */
  error: string | null;
  /** Milliseconds from sending to the end of the response. */
  durationMs: number;
  /** The first 1000 characters of the response body. */
  responseExcerpt: string | null;
}

/** A delivery can be sent again once it has failed for good (the worker gave up on it). */
const REDELIVERABLE: ReadonlySet<WebhookDeliveryStatus> = new Set([WebhookDeliveryStatus.Failed]);

export interface DeliveryFilter {
  status?: WebhookDeliveryStatus[] | null;
  sessionId?: string | null;
  eventId?: string | null;
}

/**
 * Something that must happen in the same transaction as a redelivery (the staff audit entry):
 * whatever it writes commits or rolls back with it. `ctx` is the caller who asked for it.
 */
export type RedeliveredListener = (manager: EntityManager, delivery: WebhookDeliveryEntity, ctx: RequestContext) => Promise<void>;

@Injectable()
export class WebhookDeliveriesService {
  private readonly redeliveredListeners: RedeliveredListener[] = [];

  constructor(
    @InjectRepository(WebhookDeliveryEntity) private readonly deliveries: Repository<WebhookDeliveryEntity>,
    @InjectRepository(WebhookAttemptEntity) private readonly attempts: Repository<WebhookAttemptEntity>,
    private readonly transactions: Transactions,
    private readonly secrets: WebhookSecretsService,
    private readonly sender: WebhookSender,
    private readonly events: PaymentSessionEventsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Webhook deliveries that are failing now, of one organization or (staff, `orgId` null) of
   * all: `retrying`, waiting for another attempt after a failed one; `failed`, given up on (up to
   * TOTAL_CAP, then `failedIsExact` is false); and the delivery whose attempt has been due
   * longest among those the worker would claim now (`oldestDue`: the worker is behind by that
   * much; one held back behind an earlier open delivery of its session, whereNotHeldBack, is
   * not due). Counts on `(status, org_id, next_attempt_at, attempt_count)`, the oldest on
   * `(status, next_attempt_at)` with `(session_id, event_seq)` for the held-back check.
   *
   * @throws DomainError NOT_FOUND (`orgId`) for a merchant naming another org.
   */
  async failingNow(ctx: RequestContext, orgId: string | null | undefined, now = new Date()): Promise<WebhookHealth> {
    const org = orgFilter(ctx, orgId, 'Organization');
    const scoped = (qb: SelectQueryBuilder<WebhookDeliveryEntity>) => (org === null ? qb : qb.andWhere('d.org_id = :org', { org }));
    const retrying = scoped(
      this.deliveries.createQueryBuilder('d').select('COUNT(*)', 'n').where('d.status = :status AND d.attempt_count > 0', { status: WebhookDeliveryStatus.Pending }),
    ).getRawOne<{ n: string | number }>();
    const failed = cappedCount(scoped(this.deliveries.createQueryBuilder('d').where('d.status = :status', { status: WebhookDeliveryStatus.Failed })));
    // The worker's own rule: a delivery held back behind an earlier open one of its session is
    // not due yet, however old its next_attempt_at (else the card cries "behind" for nothing).
    const due = whereNotHeldBack(
      scoped(
        this.deliveries
          .createQueryBuilder('d')
          .where('d.status = :status AND d.next_attempt_at <= :now', { status: WebhookDeliveryStatus.Pending, now: now.getTime() }),
      ),
    )
      .orderBy('d.next_attempt_at', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .limit(1)
      .getOne();
    const [retryingRow, failedCount, delivery] = await Promise.all([retrying, failed, due]);
    const oldestDue: WebhookHealth['oldestDue'] = delivery
      ? { id: delivery.id, sessionId: delivery.sessionId, orgId: delivery.orgId, dueAt: delivery.nextAttemptAt, attemptCount: delivery.attemptCount }
      : null;
    return { retrying: Number(retryingRow?.n ?? 0), failed: Math.min(failedCount, TOTAL_CAP), failedIsExact: failedCount <= TOTAL_CAP, oldestDue };
  }

  /**
   * Sends one signed `webhook.test` event to `url` now and reports the outcome; nothing is
   * queued or retried. The body has the shape of every webhook (`{ id, type: "webhook.test",
   * occurredAt, orgId, data: { message } }`) and is signed with the org's current secrets
   * (Standard Webhooks), so a receiver can check its verification end to end. The URL is held to
   * the rules of a callbackUrl (no private networks unless CALLBACK_ALLOW_PRIVATE_NETWORKS).
   *
   * @throws DomainError NOT_FOUND (`orgId`) for another org; BAD_USER_INPUT (`url`) for a URL
   *   that may not receive webhooks.
   */
  async sendTest(ctx: RequestContext, orgId: string, url: string): Promise<WebhookTestResult> {
    const org = orgScope(ctx, orgId, 'Organization');
    const problem = urlProblem(url) ?? callbackUrlProblem(url, { allowPrivateNetworks: this.config.webhooks.allowPrivateNetworks, production: this.config.nodeEnv === 'production' });
    if (problem) throw badInput('url', `url ${problem}`);
    const payload = webhookPayload({
      id: newId('evt'),
      type: WEBHOOK_TEST_EVENT_TYPE,
      occurredAt: new Date(),
      orgId: org,
      data: { message: 'A test event from Paysession: if its signature verifies, your endpoint is ready.' },
    });
    const body = JSON.stringify(payload);
    const result = await this.sender.send(url, signedHeaders(await this.secrets.signingSecrets(org), payload.id, body), body);
    const delivered = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    return {
      webhookId: payload.id,
      url,
      delivered,
      statusCode: result.statusCode,
      error: delivered ? null : (result.error ?? `HTTP ${result.statusCode}`),
      durationMs: result.durationMs,
      responseExcerpt: result.responseExcerpt,
    };
  }

  /** Newest first, each with its attempts (one query for the page's attempts). */
  async list(ctx: RequestContext, query: { orgId: string; filter?: DeliveryFilter | null; first?: number | null; after?: string | null }): Promise<Connection<DeliveryWithAttempts>> {
    const qb = this.deliveries.createQueryBuilder('d').where('d.org_id = :orgId', { orgId: orgScope(ctx, query.orgId, 'Organization') });
    const f = query.filter ?? {};
    if (f.status?.length) qb.andWhere('d.status IN (:...statuses)', { statuses: f.status });
    if (f.sessionId) qb.andWhere('d.session_id = :sessionId', { sessionId: f.sessionId });
    if (f.eventId) qb.andWhere('d.event_id = :eventId', { eventId: f.eventId });
    const page = await newestFirst(qb, 'd', query);
    const withAttempts = await this.withAttempts(page.nodes);
    return mapConnection(page, (delivery) => withAttempts.find((d) => d.delivery === delivery)!);
  }

  /** Whether the caller may redeliver `delivery` now ({@link redeliver} would not refuse it for its status or role). */
  canRedeliver(ctx: RequestContext, delivery: Pick<WebhookDeliveryEntity, 'status'>): boolean {
    return mayAct(ctx) && REDELIVERABLE.has(delivery.status);
  }

  /** Registers a listener run inside each redelivery's transaction. */
  onRedelivered(listener: RedeliveredListener): void {
    this.redeliveredListeners.push(listener);
  }

  /**
   * Puts a Failed delivery back in the queue, due now, with a fresh set of attempts, clearing a
   * 410 Gone mark on its URL; the redelivered listeners run in the same transaction. `orgId`: the
   * merchant's own (a staff member: any, or null for whichever org holds the delivery).
   *
   * @throws DomainError FORBIDDEN for a staff member below operator; NOT_FOUND (`orgId`, or
   *   `deliveryId`); INVALID_STATE when the delivery is not Failed.
   */
  async redeliver(ctx: RequestContext, orgId: string | null, deliveryId: string): Promise<DeliveryWithAttempts> {
    assertMayAct(ctx);
    const org = orgFilter(ctx, orgId, 'Webhook delivery');
    const delivery = await this.transactions.run(async (manager) => {
      const found = await manager.findOneBy(WebhookDeliveryEntity, { id: deliveryId, ...(org === null ? {} : { orgId: org }) });
      if (!found) throw notFound('Webhook delivery', 'deliveryId');
      if (!REDELIVERABLE.has(found.status)) throw invalidState(`Only ${[...REDELIVERABLE].join(' or ')} deliveries can be redelivered; this one is ${found.status}`);
      const now = new Date();
      await manager.delete(WebhookGoneUrlEntity, { orgId: found.orgId, urlHash: urlHash(found.url) });
      await manager.update(WebhookDeliveryEntity, { id: found.id, status: WebhookDeliveryStatus.Failed }, { status: WebhookDeliveryStatus.Pending, attemptCount: 0, nextAttemptAt: now, updatedAt: now });
      for (const listener of this.redeliveredListeners) await listener(manager, found, ctx);
      return found;
    });
    return (await this.withAttempts([await this.deliveries.findOneByOrFail({ id: delivery.id })]))[0];
  }

  /**
   * Every delivery of one session, oldest first, with attempts: of `orgId` (a merchant's own; a
   * staff member: any, or null for whichever org holds the session).
   *
   * @throws DomainError NOT_FOUND (`orgId`) for a merchant naming another org.
   */
  async ofSession(ctx: RequestContext, orgId: string | null, sessionId: string): Promise<DeliveryWithAttempts[]> {
    const org = orgFilter(ctx, orgId, 'Payment session');
    const where = { sessionId, ...(org === null ? {} : { orgId: org }) };
    return this.withAttempts(await this.deliveries.find({ where, order: { eventSeq: 'ASC', createdAt: 'ASC' } }));
  }

  /**
   * Request-scoped batch loader of the bodies the deliveries of `orgId` send, by event id: the
   * exact JSON text every attempt signs and POSTs (`{ id, type, occurredAt, orgId, data }`, its
   * `id` the `webhook-id` header); null for an event that is not the org's. One query for all the
   * deliveries a request asks about. `scope` is the request (see requestLoader).
   *
   * @throws DomainError NOT_FOUND (`orgId`) for a merchant naming another org.
   */
  payloads(ctx: RequestContext, scope: object, orgId: string): DataLoader<string, string | null> {
    const org = orgScope(ctx, orgId, 'Webhook delivery');
    return requestLoader(scope, `webhook-payloads:${org}`, async (eventIds) => {
      const events = await this.events.byIds(org, eventIds);
      return byKeys(eventIds, events, (e) => e.id).map((event) => (event ? JSON.stringify(webhookPayload(event)) : null));
    });
  }

  private async withAttempts(deliveries: WebhookDeliveryEntity[]): Promise<DeliveryWithAttempts[]> {
    const ids = deliveries.map((d) => d.id);
    const attempts = ids.length ? await this.attempts.find({ where: { deliveryId: In(ids) }, order: { attemptedAt: 'ASC' } }) : [];
    return deliveries.map((delivery) => ({ delivery, attempts: attempts.filter((a) => a.deliveryId === delivery.id) }));
  }
}
