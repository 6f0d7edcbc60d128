import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { newId } from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { forUpdateSkipLocked, Transactions } from '@paysession/database';
import { PaymentSessionEventsService } from '@paysession/payment-sessions';
import { Brackets, EntityManager } from 'typeorm';
import { WebhookAttemptEntity } from './webhook-attempt.entity';
import { whereNotHeldBack } from './webhook-claimable';
import { WebhookDeliveryEntity, WebhookDeliveryStatus as Status } from './webhook-delivery.entity';
import { WebhookGoneUrlEntity } from './webhook-gone-url.entity';
import { urlHash } from './webhook-outbox.service';
import { WebhookSecretsService } from './webhook-secrets.service';
import { webhookPayload } from './webhook.payload';
import { signedHeaders } from './webhook.signer';
import { SendResult, WebhookSender } from './webhook.sender';
import { webhookAttempts, webhookOldestDue } from './webhooks.metrics';

/** How long a claim outlives the attempt's timeout before another worker may take it over. */
const LEASE_MARGIN_MS = 5000;
const MAX_RETRY_AFTER_S = 86400;

/**
 * Delivers due webhooks. Runs in every instance: each tick claims a batch in a short
 * transaction (`FOR UPDATE SKIP LOCKED` on MariaDB, so instances never claim the same row),
 * marks it Delivering under a lease, sends outside any transaction, then records the attempt.
 * A worker that dies mid-delivery leaves a lease that lapses, and the delivery is tried again:
 * at least once, never lost. A session's deliveries go out in event order: one is only due
 * when no earlier delivery of its session is still Pending or Delivering (whereNotHeldBack).
 */
@Injectable()
export class WebhookDeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookDeliveryWorker.name);
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly transactions: Transactions,
    private readonly secrets: WebhookSecretsService,
    private readonly events: PaymentSessionEventsService,
    private readonly sender: WebhookSender,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.webhooks.enabled) this.schedule(0);
  }

  /** Stops polling and waits for the attempts in flight; then the sender's sockets may close. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.current;
    this.sender.close();
  }

  /** Claims and delivers one batch; returns how many deliveries it attempted. */
  async runOnce(): Promise<number> {
    const token = randomBytes(12).toString('hex');
    const claimed = await this.transactions.run((manager) => this.claim(manager, token));
    await Promise.all(claimed.map((delivery) => this.deliver(delivery, token)));
    return claimed.length;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.current = this.runOnce()
        .then((count) => this.schedule(count === this.config.webhooks.batchSize ? 0 : this.config.webhooks.pollMs))
        .catch((error) => {
          this.logger.error(error, 'webhook delivery tick failed; retrying');
          this.schedule(this.config.webhooks.pollMs);
        });
    }, delayMs);
  }

  private async claim(manager: EntityManager, token: string): Promise<WebhookDeliveryEntity[]> {
    const now = Date.now();
    const qb = whereNotHeldBack(
      manager
        .createQueryBuilder(WebhookDeliveryEntity, 'd')
        .where(
          new Brackets((w) =>
            w.where('d.status = :pending AND d.next_attempt_at <= :now', { pending: Status.Pending, now }).orWhere('d.status = :delivering AND d.lease_until <= :now', { delivering: Status.Delivering }),
          ),
        ),
    )
      .orderBy('d.next_attempt_at', 'ASC')
      .limit(this.config.webhooks.batchSize);
    const due = await forUpdateSkipLocked(qb).getMany();
    // The claim is ordered by due time, so its first row is the oldest delivery this worker could
    // send now; a delivery held back behind an earlier open one of its session is not late.
    webhookOldestDue.set(due.length ? Math.max(0, (now - due[0].nextAttemptAt.getTime()) / 1000) : 0);
    if (!due.length) return [];
    const leaseUntil = new Date(now + this.config.webhooks.timeoutMs + LEASE_MARGIN_MS);
    await manager
      .createQueryBuilder()
      .update(WebhookDeliveryEntity)
      .set({ status: Status.Delivering, leaseUntil, claimToken: token, attemptCount: () => 'attempt_count + 1', updatedAt: new Date(now) })
      .where('id IN (:...ids)', { ids: due.map((d) => d.id) })
      .execute();
    return due.map((d) => ({ ...d, attemptCount: d.attemptCount + 1 }));
  }

  private async deliver(delivery: WebhookDeliveryEntity, token: string): Promise<void> {
    const event = await this.events.byId(delivery.eventId);
    const body = JSON.stringify(webhookPayload(event));
    const headers = signedHeaders(await this.secrets.signingSecrets(delivery.orgId), event.id, body);
    const attemptedAt = new Date();
    const result = await this.sender.send(delivery.url, headers, body);
    await this.transactions.run((manager) => this.record(manager, delivery, token, attemptedAt, result));
  }

  private async record(manager: EntityManager, d: WebhookDeliveryEntity, token: string, attemptedAt: Date, result: SendResult): Promise<void> {
    await manager.insert(WebhookAttemptEntity, {
      id: newId('wha'),
      deliveryId: d.id,
      attemptedAt,
      durationMs: result.durationMs,
      statusCode: result.statusCode,
      error: result.error ?? (result.statusCode && (result.statusCode < 200 || result.statusCode >= 300) ? `HTTP ${result.statusCode}` : null),
      responseExcerpt: result.responseExcerpt,
    });
    const now = new Date();
    const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    const gone = result.statusCode === 410;
    const delays = this.config.webhooks.retryDelaysSeconds;
    const retry = !ok && !gone && d.attemptCount <= delays.length;
    const waitSeconds = retry ? Math.max(delays[d.attemptCount - 1], Math.min(result.retryAfterSeconds ?? 0, MAX_RETRY_AFTER_S)) : 0;
    const status = ok ? Status.Succeeded : retry ? Status.Pending : Status.Failed;
    const lastError = ok ? null : (result.error ?? (result.statusCode && result.statusCode >= 300 && result.statusCode < 400 ? `HTTP ${result.statusCode} (redirects are not followed)` : `HTTP ${result.statusCode}`));
    const updated = await manager
      .createQueryBuilder()
      .update(WebhookDeliveryEntity)
      .set({
        status,
        nextAttemptAt: retry ? new Date(now.getTime() + waitSeconds * 1000) : d.nextAttemptAt,
        leaseUntil: null,
        claimToken: null,
        lastStatusCode: result.statusCode,
        lastError: lastError?.slice(0, 500) ?? null,
        deliveredAt: ok ? now : null,
        updatedAt: now,
      })
      // Only the holder of the claim settles it; after a lapsed lease another worker owns it.
      .where('id = :id AND claim_token = :token AND status = :delivering', { id: d.id, token, delivering: Status.Delivering })
      .execute();
    if (!updated.affected) return;
    webhookAttempts.inc({ outcome: ok ? 'succeeded' : retry ? 'retry' : 'failed' });
    if (!ok) this.logFailure(d, result.errorDetail ?? lastError ?? 'failed', retry ? new Date(now.getTime() + waitSeconds * 1000) : null);
    if (gone) await this.markGone(manager, d, now);
  }

  /**
   * One warn line per failed attempt, so a developer sees at once why their endpoint got nothing:
   * the delivery id (to look it up or redeliver), the URL's host (not its path or query, which
   * may carry a merchant's token), the reason and what happens next.
   */
  private logFailure(d: WebhookDeliveryEntity, reason: string, nextAttemptAt: Date | null): void {
    const host = new URL(d.url).host;
    const next = nextAttemptAt ? `retrying at ${nextAttemptAt.toISOString()}` : 'no more retries: the delivery is Failed (redeliverWebhook queues it again)';
    this.logger.warn(
      { deliveryId: d.id, eventId: d.eventId, orgId: d.orgId, host, attempt: d.attemptCount, reason, nextAttemptAt: nextAttemptAt?.toISOString() ?? null },
      `webhook delivery ${d.id} to ${host} failed (attempt ${d.attemptCount}): ${reason}; ${next}`,
    );
  }

  /** 410 Gone: stop sending to this URL; what is queued for it fails and can be redelivered. */
  private async markGone(manager: EntityManager, d: WebhookDeliveryEntity, now: Date): Promise<void> {
    const hash = urlHash(d.url);
    if (!(await manager.findOneBy(WebhookGoneUrlEntity, { orgId: d.orgId, urlHash: hash }))) {
      await manager.insert(WebhookGoneUrlEntity, { orgId: d.orgId, urlHash: hash, url: d.url, createdAt: now });
    }
    await manager.update(
      WebhookDeliveryEntity,
      { orgId: d.orgId, url: d.url, status: Status.Pending },
      { status: Status.Failed, lastError: 'The endpoint answered 410 Gone; deliveries to it are stopped until one is redelivered', updatedAt: now },
    );
    this.logger.warn({ orgId: d.orgId, host: new URL(d.url).host, deliveryId: d.id }, 'webhook endpoint answered 410 Gone; deliveries to it stopped');
  }
}
