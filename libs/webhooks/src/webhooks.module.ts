import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { PaymentSessionsModule } from '@paysession/payment-sessions';
import { WebhookAttemptEntity } from './webhook-attempt.entity';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookDeliveryWorker } from './webhook-delivery.worker';
import { WebhookGoneUrlEntity } from './webhook-gone-url.entity';
import { WebhookOutboxService } from './webhook-outbox.service';
import { WebhookSecretEntity } from './webhook-secret.entity';
import { WebhookSecretsService } from './webhook-secrets.service';
import { WebhookSender } from './webhook.sender';

/** Webhook secrets, the outbox, the delivery worker; the resolvers are in WebhooksApiModule. */
@Module({
  imports: [TypeOrmModule.forFeature([WebhookSecretEntity, WebhookDeliveryEntity, WebhookAttemptEntity, WebhookGoneUrlEntity]), PaymentSessionsModule],
  providers: [
    WebhookSecretsService,
    WebhookOutboxService,
    WebhookDeliveryWorker,
    WebhookDeliveriesService,
    // One connection pool for deliveries and test sends; the worker closes it when it stops.
    { provide: WebhookSender, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new WebhookSender(config.webhooks.timeoutMs, config.webhooks.allowPrivateNetworks) },
  ],
  exports: [WebhookSecretsService, WebhookDeliveriesService, WebhookDeliveryWorker],
})
export class WebhooksModule {}
