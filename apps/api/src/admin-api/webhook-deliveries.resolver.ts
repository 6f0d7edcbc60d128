import { UseGuards } from '@nestjs/common';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext, StaffApi } from '@paysession/common';
import { StaffGuard } from '@paysession/staff';
import { WebhookDeliveriesService, WebhookDeliveryModel } from '@paysession/webhooks';

/**
 * What the console may do with a webhook delivery, as the webhooks domain decides it. The
 * merchant API's WebhooksResolver declares the same field on the shared WebhookDelivery type.
 */
@StaffApi()
@UseGuards(StaffGuard)
@Resolver(() => WebhookDeliveryModel)
export class AdminWebhookDeliveriesResolver {
  constructor(private readonly deliveries: WebhookDeliveriesService) {}

  @ResolveField(() => Boolean, { description: 'Whether you may send it again now (redeliverWebhook): it failed for good, and you may act on it' })
  canRedeliver(@Ctx() ctx: RequestContext, @Parent() delivery: WebhookDeliveryModel): boolean {
    return this.deliveries.canRedeliver(ctx, delivery);
  }
}
