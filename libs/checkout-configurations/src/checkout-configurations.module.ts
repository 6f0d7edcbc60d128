import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CheckoutConfigurationEntity } from './checkout-configuration.entity';
import { CheckoutConfigurationsResolver } from './checkout-configurations.resolver';
import { CheckoutConfigurationsService } from './checkout-configurations.service';

@Module({
  imports: [TypeOrmModule.forFeature([CheckoutConfigurationEntity])],
  providers: [CheckoutConfigurationsService, CheckoutConfigurationsResolver],
  exports: [CheckoutConfigurationsService],
})
export class CheckoutConfigurationsModule {}
