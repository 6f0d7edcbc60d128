import { DynamicModule, Module } from '@nestjs/common';
import { CheckoutModule } from '@paysession/checkout';
import { AppConfig, AppConfigModule } from '@paysession/config';
import { DatabaseModule } from '@paysession/database';
import { SandboxPaymentsModule } from '@paysession/sandbox-payments';
import { ExpiryModule } from '@paysession/expiry';
import { ScheduleModule } from '@nestjs/schedule';
import { AdminApiModule } from './admin-api/admin-api.module';
import { MerchantApiModule } from './graphql/merchant-api.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { ProvisioningModule } from './provisioning/provisioning.module';

/** Composes the product: configuration, the database, the APIs and the background work. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [AppConfigModule.forRoot(config), DatabaseModule.forRoot(), ScheduleModule.forRoot(), ExpiryModule, HealthModule, MetricsModule, MerchantApiModule, AdminApiModule, ProvisioningModule, CheckoutModule, ...(config.checkout.sandboxPayments ? [SandboxPaymentsModule] : [])],
    };
  }
}
