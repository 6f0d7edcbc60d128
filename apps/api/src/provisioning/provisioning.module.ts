import { Module } from '@nestjs/common';
import { OrganizationsModule } from '@paysession/organizations';
import { ProvisioningService } from './provisioning.service';

@Module({
  imports: [OrganizationsModule],
  providers: [ProvisioningService],
  exports: [ProvisioningService],
})
export class ProvisioningModule {}
