import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { AmountScalar, CurrencyScalar, DateTimeScalar, EmailScalar, PhoneScalar, URLScalar } from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { ApiKeyGuard, OrganizationsModule } from '@paysession/organizations';
import { CheckoutConfigurationsModule } from '@paysession/checkout-configurations';
import { ContactsModule } from '@paysession/contacts';
import { PaymentSessionsModule } from '@paysession/payment-sessions';
import { WebhooksModule } from '@paysession/webhooks';
import { apolloOptions } from './apollo-options';

/** Scalars shared by the merchant schema. */
@Module({ providers: [AmountScalar, CurrencyScalar, DateTimeScalar, EmailScalar, PhoneScalar, URLScalar] })
export class MerchantScalarsModule {}

/** Feature modules whose resolvers form the merchant API at `/graphql`. */
export const MERCHANT_MODULES: Function[] = [MerchantScalarsModule, OrganizationsModule, ContactsModule, CheckoutConfigurationsModule, PaymentSessionsModule, WebhooksModule];

/**
 * The merchant (and payments partner) GraphQL API at `POST /graphql`, behind the API key guard.
 */
@Module({
  imports: [
    OrganizationsModule,
    MerchantScalarsModule,
    ContactsModule,
    CheckoutConfigurationsModule,
    PaymentSessionsModule,
    WebhooksModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => apolloOptions(config, { path: '/graphql', schemaFile: 'schema.gql', include: MERCHANT_MODULES }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useExisting: ApiKeyGuard }],
})
export class MerchantApiModule {}
