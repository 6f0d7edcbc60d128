import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { CheckoutConfigurationsApiModule } from '@paysession/checkout-configurations';
import { AmountScalar, CurrencyScalar, DateTimeScalar, EmailScalar, PhoneScalar, URLScalar } from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { ContactsApiModule } from '@paysession/contacts';
import { LinkMailModule } from '@paysession/link-mail';
import { ApiKeyGuard, OrganizationsApiModule, OrganizationsModule } from '@paysession/organizations';
import { PaymentSessionsApiModule } from '@paysession/payment-sessions';
import { WebhooksApiModule } from '@paysession/webhooks';
import { apolloOptions } from './apollo-options';

/** Scalars shared by the merchant schema. */
@Module({ providers: [AmountScalar, CurrencyScalar, DateTimeScalar, EmailScalar, PhoneScalar, URLScalar] })
export class MerchantScalarsModule {}

/** The modules whose resolvers form the merchant API at `/graphql` (and nothing else does). */
const MERCHANT_MODULES = [MerchantScalarsModule, OrganizationsApiModule, ContactsApiModule, CheckoutConfigurationsApiModule, PaymentSessionsApiModule, WebhooksApiModule, LinkMailModule];

/**
 * The merchant (and payments partner) GraphQL API at `POST /graphql`, behind the API key guard.
 */
@Module({
  imports: [
    OrganizationsModule,
    ...MERCHANT_MODULES,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => apolloOptions(config, { path: '/graphql', schemaFile: 'schema.gql', include: MERCHANT_MODULES, explorer: true }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useExisting: ApiKeyGuard }],
})
export class MerchantApiModule {}
