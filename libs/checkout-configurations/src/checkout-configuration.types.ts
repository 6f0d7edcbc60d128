/** How the checkout page lays out what is being paid. */
export enum LayoutTemplate {
  Simple = 'Simple',
  Itemized = 'Itemized',
  Invoice = 'Invoice',
}

/** Line-item fields the checkout page may show. */
export enum LineItemField {
  ProductName = 'ProductName',
  ProductDescription = 'ProductDescription',
  ProductImage = 'ProductImage',
  ProductSku = 'ProductSku',
  Quantity = 'Quantity',
  Price = 'Price',
}

export enum PaymentMethod {
  Card = 'Card',
  BankTransfer = 'BankTransfer',
  FlexPay = 'FlexPay',
}

/**
 * The session lifetime of the default checkout configuration a new organization starts with:
 * 24 hours, as Stripe Checkout sessions expire by default, so that a link does not stay payable
 * forever unless the merchant asks for it (a configuration whose lifetime is null).
 */
export const DEFAULT_SESSION_LIFETIME_SECONDS = 24 * 60 * 60;

export const DEFAULT_CHECKOUT_CONFIGURATION = {
  name: 'Default',
  layoutTemplate: LayoutTemplate.Simple,
  lineItemFields: [LineItemField.ProductName, LineItemField.Quantity, LineItemField.Price],
  paymentMethods: [PaymentMethod.Card],
};
