import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PaymentSessionsModule } from '@paysession/payment-sessions';
import { WebhookAttemptEntity } from './webhook-attempt.entity';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookDeliveryWorker } from './webhook-delivery.worker';
import { WebhookGoneUrlEntity } from './webhook-gone-url.entity';
import { WebhookOutboxService } from './webhook-outbox.service';
import { WebhookSecretEntity } from './webhook-secret.entity';
import { WebhookSecretsService } from './webhook-secrets.service';
import { WebhooksResolver } from './webhooks.resolver';

@Module({
  imports: [TypeOrmModule.forFeature([WebhookSecretEntity, WebhookDeliveryEntity, WebhookAttemptEntity, WebhookGoneUrlEntity]), PaymentSessionsModule],
  providers: [WebhookSecretsService, WebhookOutboxService, WebhookDeliveryWorker, WebhookDeliveriesService, WebhooksResolver],
  exports: [WebhookSecretsService, WebhookDeliveriesService, WebhookDeliveryWorker],
})
export class WebhooksModule {}
