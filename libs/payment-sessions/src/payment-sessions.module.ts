import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CheckoutConfigurationsModule } from '@paysession/checkout-configurations';
import { ContactsModule } from '@paysession/contacts';
import { PaymentSessionEventEntity } from './events/payment-session-event.entity';
import { PaymentSessionEventsService } from './events/payment-session-events.service';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { PaymentSessionPartnerResolver } from './partner/payment-session-partner.resolver';
import { PaymentSessionPartnerService } from './partner/payment-session-partner.service';
import { PaymentSessionEntity } from './payment-session.entity';
import { PaymentSessionViews } from './payment-session.view';
import { PaymentSessionEventsResolver } from './payment-session-events.resolver';
import { PaymentSessionsResolver } from './payment-sessions.resolver';
import { PaymentSessionsService } from './payment-sessions.service';
import { PaymentSessionStateMachine } from './state-machine/payment-session.state-machine';

@Module({
  imports: [TypeOrmModule.forFeature([PaymentSessionEntity, PaymentSessionEventEntity, IdempotencyKeyEntity]), ContactsModule, CheckoutConfigurationsModule],
  providers: [
    PaymentSessionViews,
    PaymentSessionEventsService,
    PaymentSessionStateMachine,
    PaymentSessionsService,
    PaymentSessionPartnerService,
    PaymentSessionsResolver,
    PaymentSessionEventsResolver,
    PaymentSessionPartnerResolver,
  ],
  exports: [PaymentSessionViews, PaymentSessionEventsService, PaymentSessionStateMachine, PaymentSessionsService],
})
export class PaymentSessionsModule {}
