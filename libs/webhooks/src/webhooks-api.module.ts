import { Module } from '@nestjs/common';
import { WebhooksModule } from './webhooks.module';
import { WebhooksResolver } from './webhooks.resolver';

/** The merchant API's webhook deliveries and secret rotation. */
@Module({ imports: [WebhooksModule], providers: [WebhooksResolver] })
export class WebhooksApiModule {}
