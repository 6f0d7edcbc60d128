import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { CheckoutConfigurationsApiModule } from '@paysession/checkout-configurations';
import { AmountScalar, CurrencyScalar, DateTimeScalar, EmailScalar, PhoneScalar, URLScalar } from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { ContactsApiModule } from '@paysession/contacts';
import { LinkMailModule } from '@paysession/link-mail';
import { ApiKeyGuard, ApiKeyRateLimiter, OrganizationsApiModule, OrganizationsModule } from '@paysession/organizations';
import { PaymentSessionsApiModule } from '@paysession/payment-sessions';
import { WebhooksApiModule } from '@paysession/webhooks';
import { apolloOptions } from './apollo-options';
import { FieldScopeCheck } from './field-scopes';
import { rateLimitByWork } from './rate-limit.plugin';

/** Scalars shared by the merchant schema. */
@Module({ providers: [AmountScalar, CurrencyScalar, DateTimeScalar, EmailScalar, PhoneScalar, URLScalar] })
export class MerchantScalarsModule {}

/** The modules whose resolvers form the merchant API at `/graphql` (and nothing else does). */
const MERCHANT_MODULES = [MerchantScalarsModule, OrganizationsApiModule, ContactsApiModule, CheckoutConfigurationsApiModule, PaymentSessionsApiModule, WebhooksApiModule, LinkMailModule];

/**
 * The merchant (and payments partner) GraphQL API at `POST /graphql`: the authenticate-first hook
 * (authenticate-first.ts) refuses a request without a valid key before its body is read, the
 * rate limit counts the root fields each operation runs, and the API key guard checks the scope
 * of every operation and field resolver (FieldScopeCheck refuses to start when one declares none).
 */
@Module({
  imports: [
    OrganizationsModule,
    ...MERCHANT_MODULES,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [OrganizationsModule],
      inject: [APP_CONFIG, ApiKeyRateLimiter],
      useFactory: (config: AppConfig, limiter: ApiKeyRateLimiter) => ({
        ...apolloOptions(config, { path: '/graphql', schemaFile: 'schema.gql', include: MERCHANT_MODULES, explorer: true, plugins: [rateLimitByWork(limiter)] }),
        // The API key guard checks the scope of field resolvers too (contact needs read_contacts).
        fieldResolverEnhancers: ['guards'],
      }),
    }),
    DiscoveryModule,
  ],
  providers: [{ provide: APP_GUARD, useExisting: ApiKeyGuard }, FieldScopeCheck],
})
export class MerchantApiModule {}
