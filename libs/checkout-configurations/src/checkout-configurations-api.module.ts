import { Module } from '@nestjs/common';
import { CheckoutConfigurationsModule } from './checkout-configurations.module';
import { CheckoutConfigurationsResolver } from './checkout-configurations.resolver';

/** The merchant API's checkout configuration queries and mutations. */
@Module({ imports: [CheckoutConfigurationsModule], providers: [CheckoutConfigurationsResolver] })
export class CheckoutConfigurationsApiModule {}
