import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Connection, invalidState, mapConnection, newestFirst, notFound, orgScope, RequestContext } from '@paysession/common';
import { Transactions } from '@paysession/database';
import { In, Repository } from 'typeorm';
import { WebhookAttemptEntity } from './webhook-attempt.entity';
import { WebhookDeliveryEntity, WebhookDeliveryStatus } from './webhook-delivery.entity';
import { WebhookGoneUrlEntity } from './webhook-gone-url.entity';
import { urlHash } from './webhook-outbox.service';

export interface DeliveryWithAttempts {
  delivery: WebhookDeliveryEntity;
  attempts: WebhookAttemptEntity[];
}

export interface DeliveryFilter {
  status?: WebhookDeliveryStatus[] | null;
  sessionId?: string | null;
  eventId?: string | null;
}

@Injectable()
export class WebhookDeliveriesService {
  constructor(
    @InjectRepository(WebhookDeliveryEntity) private readonly deliveries: Repository<WebhookDeliveryEntity>,
    @InjectRepository(WebhookAttemptEntity) private readonly attempts: Repository<WebhookAttemptEntity>,
    private readonly transactions: Transactions,
  ) {}

  /** Newest first, each with its attempts (one query for the page's attempts). */
  async list(ctx: RequestContext, query: { orgId: string; filter?: DeliveryFilter | null; first?: number | null; after?: string | null }): Promise<Connection<DeliveryWithAttempts>> {
    const qb = this.deliveries.createQueryBuilder('d').where('d.org_id = :orgId', { orgId: orgScope(ctx, query.orgId, 'Organization') });
    const f = query.filter ?? {};
    if (f.status?.length) qb.andWhere('d.status IN (:...statuses)', { statuses: f.status });
    if (f.sessionId) qb.andWhere('d.session_id = :sessionId', { sessionId: f.sessionId });
    if (f.eventId) qb.andWhere('d.event_id = :eventId', { eventId: f.eventId });
    const page = await newestFirst(qb, 'd', query);
    const ids = page.nodes.map((d) => d.id);
    const attempts = ids.length ? await this.attempts.find({ where: { deliveryId: In(ids) }, order: { attemptedAt: 'ASC' } }) : [];
    return mapConnection(page, (delivery) => ({ delivery, attempts: attempts.filter((a) => a.deliveryId === delivery.id) }));
  }

  /** Puts a Failed delivery back in the queue, due now, with a fresh set of attempts. */
  async redeliver(ctx: RequestContext, orgId: string, deliveryId: string): Promise<DeliveryWithAttempts> {
    const scoped = orgScope(ctx, orgId, 'Webhook delivery');
    await this.transactions.run(async (manager) => {
      const delivery = await manager.findOneBy(WebhookDeliveryEntity, { orgId: scoped, id: deliveryId });
      if (!delivery) throw notFound('Webhook delivery', 'deliveryId');
      if (delivery.status !== WebhookDeliveryStatus.Failed) throw invalidState(`Only Failed deliveries can be redelivered; this one is ${delivery.status}`);
      const now = new Date();
      await manager.delete(WebhookGoneUrlEntity, { orgId: scoped, urlHash: urlHash(delivery.url) });
      await manager.update(WebhookDeliveryEntity, { id: delivery.id, status: WebhookDeliveryStatus.Failed }, { status: WebhookDeliveryStatus.Pending, attempts: 0, nextAttemptAt: now, updatedAt: now });
    });
    const delivery = await this.deliveries.findOneByOrFail({ orgId: scoped, id: deliveryId });
    return { delivery, attempts: await this.attempts.find({ where: { deliveryId }, order: { attemptedAt: 'ASC' } }) };
  }
}
