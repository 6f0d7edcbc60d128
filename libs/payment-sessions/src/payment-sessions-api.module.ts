import { Module } from '@nestjs/common';
import { CheckoutConfigurationsModule } from '@paysession/checkout-configurations';
import { ContactsModule } from '@paysession/contacts';
import { PaymentSessionPartnerResolver } from './partner/payment-session-partner.resolver';
import { PaymentSessionEventsResolver } from './payment-session-events.resolver';
import { PaymentSessionsModule } from './payment-sessions.module';
import { PaymentSessionsResolver } from './payment-sessions.resolver';

/** The merchant and payments-partner GraphQL surface of payment sessions. */
@Module({
  imports: [PaymentSessionsModule, ContactsModule, CheckoutConfigurationsModule],
  providers: [PaymentSessionsResolver, PaymentSessionEventsResolver, PaymentSessionPartnerResolver],
})
export class PaymentSessionsApiModule {}
