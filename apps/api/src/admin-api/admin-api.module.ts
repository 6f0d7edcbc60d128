import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { CheckoutConfigurationsModule } from '@paysession/checkout-configurations';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { ContactsModule } from '@paysession/contacts';
import { ExpiryModule } from '@paysession/expiry';
import { OrganizationsModule } from '@paysession/organizations';
import { PartnersModule } from '@paysession/partners';
import { PaymentSessionOverviewModule } from '@paysession/payment-sessions';
import { StaffConsoleModule } from '@paysession/staff';
import { GraphQLSchema } from 'graphql';
import { apolloOptions } from '../graphql/apollo-options';
import { AdminSchemaModule } from './admin-schema.module';
import { StaffAuthResolver } from './auth.resolver';
import { AdminCheckoutConfigurationsResolver } from './checkout-configurations.resolver';
import { AdminContactsResolver } from './contacts.resolver';
import { AdminPaymentSessionEventsResolver } from './events.resolver';
import { AdminOrganizationsResolver } from './organizations.resolver';
import { AdminOverviewResolver } from './overview.resolver';
import { AdminPaymentSessionsExportController } from './payment-sessions-export.controller';
import { AdminPaymentSessionsResolver } from './payment-sessions.resolver';
import { StaffMembersResolver } from './staff-members.resolver';
import { AdminWebhookDeliveriesResolver } from './webhook-deliveries.resolver';

/**
 * The resolvers of `/admin-api`; every one is @StaffApi() behind the StaffGuard and calls the
 * domain services the merchant API calls. @nestjs/graphql collects resolvers from an included
 * module and from everything it imports, so this module imports only services modules, which
 * hold no resolvers and import no module that does.
 */
@Module({
  imports: [StaffConsoleModule, OrganizationsModule, PartnersModule, ContactsModule, CheckoutConfigurationsModule, PaymentSessionOverviewModule, ExpiryModule],
  // The CSV export of the payment-sessions list: a download, so plain HTTP under /admin-api.
  controllers: [AdminPaymentSessionsExportController],
  providers: [
    StaffAuthResolver,
    AdminPaymentSessionsResolver,
    AdminPaymentSessionEventsResolver,
    AdminOrganizationsResolver,
    AdminContactsResolver,
    AdminCheckoutConfigurationsResolver,
    StaffMembersResolver,
    AdminWebhookDeliveriesResolver,
    AdminOverviewResolver,
  ],
})
export class AdminResolversModule {}

/**
 * Keeps only the types the admin operations reach. Types the merchant schema's build registered
 * as "orphans" in @nestjs/graphql's shared registry would otherwise be listed here too (inert,
 * but they would show merchant internals in admin-schema.gql).
 */
function reachableOnly(schema: GraphQLSchema): GraphQLSchema {
  return new GraphQLSchema({ ...schema.toConfig(), types: [] });
}

/**
 * The staff API at `POST /admin-api`: its own schema (admin-schema.gql) built only from the
 * modules above, so that nothing of the merchant schema is reachable here and nothing of this one
 * at /graphql. The merchant ApiKeyGuard (global) steps aside for @StaffApi() resolvers, and the
 * StaffGuard decides.
 */
@Module({
  imports: [
    AdminSchemaModule,
    AdminResolversModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...apolloOptions(config, { path: '/admin-api', schemaFile: 'admin-schema.gql', include: [AdminSchemaModule, AdminResolversModule] }),
        transformSchema: reachableOnly,
        transformAutoSchemaFile: true,
      }),
    }),
  ],
})
export class AdminApiModule {}
