import { CheckoutConfigurationEntity } from './checkout-configuration.entity';
import { CheckoutConfigurationModel } from './models/checkout-configuration.model';

export function toCheckoutConfigurationModel(c: CheckoutConfigurationEntity): CheckoutConfigurationModel {
  return {
    id: c.id,
    orgId: c.orgId,
    name: c.name,
    isDefault: c.isDefault === true,
    layoutTemplate: c.layoutTemplate,
    lineItemFields: c.lineItemFields,
    paymentMethods: c.paymentMethods,
    defaultSessionLifetimeSeconds: c.defaultLifetimeSeconds,
    brandName: c.brandName,
    brandLogoUrl: c.brandLogoUrl,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
