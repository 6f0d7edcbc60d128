import { Module } from '@nestjs/common';
import { CheckoutConfigurationsModule } from '@paysession/checkout-configurations';
import { OrganizationsModule } from '@paysession/organizations';
import { ProvisioningService } from './provisioning.service';

@Module({
  imports: [OrganizationsModule, CheckoutConfigurationsModule],
  providers: [ProvisioningService],
  exports: [ProvisioningService],
})
export class ProvisioningModule {}
