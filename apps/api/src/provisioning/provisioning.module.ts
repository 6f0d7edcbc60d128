import { Module } from '@nestjs/common';
import { CheckoutConfigurationsModule } from '@paysession/checkout-configurations';
import { OrganizationsModule } from '@paysession/organizations';
import { WebhooksModule } from '@paysession/webhooks';
import { ProvisioningService } from './provisioning.service';

@Module({
  imports: [OrganizationsModule, CheckoutConfigurationsModule, WebhooksModule],
  providers: [ProvisioningService],
  exports: [ProvisioningService],
})
export class ProvisioningModule {}
