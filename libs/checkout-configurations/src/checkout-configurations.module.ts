import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PartnersModule } from '@paysession/partners';
import { CheckoutConfigurationEntity } from './checkout-configuration.entity';
import { CheckoutConfigurationsService } from './checkout-configurations.service';

/** Checkout configurations: entity and service; resolvers are in CheckoutConfigurationsApiModule. */
@Module({
  imports: [TypeOrmModule.forFeature([CheckoutConfigurationEntity]), PartnersModule],
  providers: [CheckoutConfigurationsService],
  exports: [CheckoutConfigurationsService],
})
export class CheckoutConfigurationsModule {}
