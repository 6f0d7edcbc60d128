import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CheckoutConfigurationsModule } from '@paysession/checkout-configurations';
import { ContactsModule } from '@paysession/contacts';
import { EventStreamSequencerEntity } from './events/event-stream-sequencer.entity';
import { PaymentSessionEventEntity } from './events/payment-session-event.entity';
import { PaymentSessionEventSequencer } from './events/payment-session-event.sequencer';
import { PaymentSessionEventsService } from './events/payment-session-events.service';
import { ContactInUseCheck } from './contact-in-use.check';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { PaymentSessionPartnerService } from './partner/payment-session-partner.service';
import { PaymentSessionEntity } from './payment-session.entity';
import { PaymentSessionLinks } from './payment-session.link';
import { PaymentSessionViews } from './payment-session.view';
import { PaymentSessionsService } from './payment-sessions.service';
import { PaymentSessionEmailEntity } from './search/payment-session-email.entity';
import { PaymentSessionSearchIndex } from './search/payment-session-search.index';
import { PaymentSessionStateMachine } from './state-machine/payment-session.state-machine';

/**
 * Payment sessions, their state machine and event log: services only, one instance per app, so
 * every API (merchant, staff) and background job shares the same state machine and listeners.
 * The merchant resolvers are in PaymentSessionsApiModule: @nestjs/graphql builds a schema from
 * the resolvers of the modules it includes and of all they import, so a module that other APIs
 * import must not carry resolvers.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([PaymentSessionEntity, PaymentSessionEventEntity, EventStreamSequencerEntity, IdempotencyKeyEntity, PaymentSessionEmailEntity]),
    ContactsModule,
    CheckoutConfigurationsModule,
  ],
  providers: [
    PaymentSessionLinks, PaymentSessionViews, PaymentSessionEventSequencer, PaymentSessionEventsService, PaymentSessionStateMachine, PaymentSessionsService,
    PaymentSessionPartnerService, PaymentSessionSearchIndex, ContactInUseCheck,
  ],
  exports: [PaymentSessionLinks, PaymentSessionViews, PaymentSessionEventsService, PaymentSessionStateMachine, PaymentSessionsService, PaymentSessionPartnerService],
})
export class PaymentSessionsModule {}
