import { UseGuards } from '@nestjs/common';
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext, StaffApi } from '@paysession/common';
import { StaffGuard } from '@paysession/staff';
import { DeliveryWithAttempts, toWebhookDeliveryModel, WebhookDeliveriesService } from '@paysession/webhooks';
import { AdminGqlContext } from './admin-context';
import { AdminWebhookDeliveryModel } from './models/webhook-delivery.model';

/** A delivery with its attempts as the console's type (the org it belongs to kept for the resolvers). */
export function toAdminWebhookDelivery(found: DeliveryWithAttempts): AdminWebhookDeliveryModel {
  return { ...toWebhookDeliveryModel(found), orgId: found.delivery.orgId };
}

/**
 * What the console may do with a webhook delivery and what it sends, as the webhooks domain
 * decides it, on the console's own AdminWebhookDelivery type (the merchant schema has none of it).
 */
@StaffApi()
@UseGuards(StaffGuard)
@Resolver(() => AdminWebhookDeliveryModel)
export class AdminWebhookDeliveriesResolver {
  constructor(private readonly deliveries: WebhookDeliveriesService) {}

  @ResolveField(() => Boolean, { description: 'Whether you may send it again now (redeliverWebhook): it failed for good, and you may act on it' })
  canRedeliver(@Ctx() ctx: RequestContext, @Parent() delivery: AdminWebhookDeliveryModel): boolean {
    return this.deliveries.canRedeliver(ctx, delivery);
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      'The JSON body every attempt POSTs and signs (Standard Webhooks: the webhook-id header is eventId, the signature covers "<eventId>.<timestamp>.<this body>"); read in one query for all the deliveries of a request',
  })
  payload(@Ctx() ctx: RequestContext, @Parent() delivery: AdminWebhookDeliveryModel, @Context() { req }: AdminGqlContext): Promise<string | null> {
    return this.deliveries.payloads(ctx, req, delivery.orgId).load(delivery.eventId);
  }
}
