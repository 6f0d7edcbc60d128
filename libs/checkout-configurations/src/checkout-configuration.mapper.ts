import { CheckoutConfigurationEntity } from './checkout-configuration.entity';
import { PaymentMethod } from './checkout-configuration.types';
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
    defaultSessionLifetimeSeconds: c.defaultSessionLifetimeSeconds,
    brandName: c.brandName,
    brandLogoUrl: c.brandLogoUrl,
    allowedEmbedOrigins: c.allowedEmbedOrigins ?? [],
    paymentPartners: Object.entries(c.paymentPartners ?? {}).map(([paymentMethod, partnerId]) => ({ paymentMethod: paymentMethod as PaymentMethod, partnerId: partnerId as string })),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
