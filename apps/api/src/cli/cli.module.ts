import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, AppConfigModule } from '@paysession/config';
import { DatabaseModule } from '@paysession/database';
import { OrganizationsModule } from '@paysession/organizations';
import { ProvisioningModule } from '../provisioning/provisioning.module';
import { ApiKeyCommand, ApiKeyCreateCommand, ApiKeyRevokeCommand } from './api-key.command';
import { MigrateCommand } from './migrate.command';
import { OrgCommand, OrgCreateCommand } from './org.command';
import { StaffCommand, StaffCreateCommand } from './staff.command';
import { StaffModule } from '@paysession/staff';
import { WebhookSecretCommand, WebhookSecretRotateCommand } from './webhook-secret.command';
import { WebhooksModule } from '@paysession/webhooks';

@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [AppConfigModule.forRoot(config), DatabaseModule.forRoot(), OrganizationsModule, ProvisioningModule, WebhooksModule, StaffModule],
      providers: [OrgCommand, OrgCreateCommand, ApiKeyCommand, ApiKeyCreateCommand, ApiKeyRevokeCommand, MigrateCommand, WebhookSecretCommand, WebhookSecretRotateCommand, StaffCommand, StaffCreateCommand],
    };
  }
}
