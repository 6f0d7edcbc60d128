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

export const DEFAULT_CHECKOUT_CONFIGURATION = {
  name: 'Default',
  layoutTemplate: LayoutTemplate.Simple,
  lineItemFields: [LineItemField.ProductName, LineItemField.Quantity, LineItemField.Price],
  paymentMethods: [PaymentMethod.Card],
};
