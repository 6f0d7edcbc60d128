import { Injectable } from '@nestjs/common';
import { Transactions } from '@paysession/database';
import { CheckoutConfigurationsService } from '@paysession/checkout-configurations';
import { OrganizationsService } from '@paysession/organizations';
import { WebhookSecretsService } from '@paysession/webhooks';

/**
 * Creates an organization with everything it must have from its first second, in one
 * transaction: its default checkout configuration and webhook secret are added here by the
 * modules that own them.
 */
@Injectable()
export class ProvisioningService {
  constructor(
    private readonly transactions: Transactions,
    private readonly orgs: OrganizationsService,
    private readonly checkoutConfigurations: CheckoutConfigurationsService,
    private readonly webhookSecrets: WebhookSecretsService,
  ) {}

  async createOrganization(name: string): Promise<{ orgId: string }> {
    return this.transactions.run(async (manager) => {
      const org = await this.orgs.insert(manager, name);
      await this.checkoutConfigurations.insertDefault(manager, org.id);
      await this.webhookSecrets.insertInitial(manager, org.id);
      return { orgId: org.id };
    });
  }
}
