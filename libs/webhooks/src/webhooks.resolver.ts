import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, mapConnection, orgScope, RequestContext, RequireScope, Scope } from '@paysession/common';
import {
  RedeliverWebhookArgs, RotateWebhookSecretPayload, SendTestWebhookArgs, WebhookDeliveriesArgs, WebhookDeliveryConnection, WebhookDeliveryModel, WebhookTestResultModel,
} from './models/webhook.models';
import { toWebhookDeliveryModel } from './webhook.mapper';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookSecretsService } from './webhook-secrets.service';

@Resolver(() => WebhookDeliveryModel)
export class WebhooksResolver {
  constructor(
    private readonly deliveries: WebhookDeliveriesService,
    private readonly secrets: WebhookSecretsService,
  ) {}

  @Query(() => WebhookDeliveryConnection, { description: 'Webhook deliveries of the org, newest first, with their attempts.' })
  @RequireScope(Scope.READ_PAYMENT_SESSIONS)
  async webhookDeliveries(@Ctx() ctx: RequestContext, @Args() args: WebhookDeliveriesArgs) {
    return mapConnection(await this.deliveries.list(ctx, args), toWebhookDeliveryModel);
  }

  @Mutation(() => WebhookDeliveryModel, { description: 'Queues a Failed delivery again, due now.' })
  @RequireScope(Scope.WRITE_PAYMENT_SESSIONS)
  async redeliverWebhook(@Ctx() ctx: RequestContext, @Args() args: RedeliverWebhookArgs): Promise<WebhookDeliveryModel> {
    return toWebhookDeliveryModel(await this.deliveries.redeliver(ctx, args.orgId, args.deliveryId));
  }

  @Mutation(() => RotateWebhookSecretPayload, { description: 'Issues a new webhook signing secret; the old one keeps signing for WEBHOOK_SECRET_GRACE_HOURS.' })
  @RequireScope(Scope.WRITE_PAYMENT_SESSIONS)
  async rotateWebhookSecret(@Ctx() ctx: RequestContext, @Args('orgId', { type: () => ID }) orgId: string): Promise<RotateWebhookSecretPayload> {
    return this.secrets.rotate(orgScope(ctx, orgId, 'Organization'));
  }

  @Mutation(() => WebhookTestResultModel, { description: 'Sends a signed webhook.test event to url now and reports what the endpoint answered.' })
  @RequireScope(Scope.WRITE_PAYMENT_SESSIONS)
  async sendTestWebhook(@Ctx() ctx: RequestContext, @Args() args: SendTestWebhookArgs): Promise<WebhookTestResultModel> {
    return this.deliveries.sendTest(ctx, args.orgId, args.url);
  }
}
