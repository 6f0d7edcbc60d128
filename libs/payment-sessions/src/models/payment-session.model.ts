import { createUnionType, Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { AmountScalar, ConnectionType, CurrencyScalar, EmailScalar, PhoneScalar, URLScalar } from '@paysession/common';
import { PaymentSessionStatus, PendingReason } from '../payment-session.types';

registerEnumType(PaymentSessionStatus, { name: 'PaymentSessionStatus', description: 'Status of a payment session.' });
registerEnumType(PendingReason, { name: 'PaymentSessionStatePendingReason', description: 'Why a payment is pending.' });

export enum NextActionAction {
  REDIRECT = 'REDIRECT',
}
registerEnumType(NextActionAction, { name: 'PaymentSessionNextActionAction' });

@ObjectType('GlobalAddress', { description: 'Address of a physical location' })
export class GlobalAddressModel {
  @Field(() => [String])
  lines: string[];

  @Field(() => String, { nullable: true })
  locality: string | null;

  @Field(() => String, { nullable: true })
  administrativeArea: string | null;

  @Field(() => String, { nullable: true })
  postalCode: string | null;

  @Field(() => String, { description: 'ISO 3166-1 alpha-2 country code. Ex. US' })
  countryCode: string;
}

@ObjectType('PaymentSessionContactRef', { description: 'Merchant provide contact information for use during a payment session.' })
export class PaymentSessionContactRefModel {
  @Field(() => ID, { nullable: true })
  contactId: string | null;

  @Field(() => String, { nullable: true })
  contactName: string | null;

  @Field(() => String, { nullable: true })
  contactFirstName: string | null;

  @Field(() => String, { nullable: true })
  contactLastName: string | null;

  @Field(() => EmailScalar, { nullable: true })
  contactEmail: string | null;

  @Field(() => PhoneScalar, { nullable: true })
  contactPhone: string | null;

  @Field(() => GlobalAddressModel, { nullable: true })
  address?: GlobalAddressModel | null;
}

@ObjectType('PaymentSessionInvoiceLineItemRef', { description: 'Merchant provided invoice line item information for use during a payment session.' })
export class PaymentSessionInvoiceLineItemRefModel {
  @Field(() => Int)
  num: number;

  @Field(() => Float, { nullable: true })
  quantity: number | null;

  @Field(() => AmountScalar, { nullable: true })
  price: string | null;

  @Field(() => String, { nullable: true })
  productId: string | null;

  @Field(() => String, { nullable: true })
  productSku: string | null;

  @Field(() => String, { nullable: true })
  productName: string | null;

  @Field(() => String, { nullable: true })
  productDescription: string | null;

  @Field(() => URLScalar, { nullable: true })
  productImageUrl: string | null;
}

@ObjectType('PaymentSessionInvoiceRef', { description: 'Merchant provided invoice information for use during a payment session.' })
export class PaymentSessionInvoiceRefModel {
  @Field(() => String, { nullable: true })
  orderId: string | null;

  @Field(() => String, { nullable: true })
  invoiceId: string | null;

  @Field(() => String, { nullable: true })
  invoiceNumber: string | null;

  @Field(() => AmountScalar, { nullable: true })
  amount: string | null;

  @Field(() => [PaymentSessionInvoiceLineItemRefModel], { nullable: true })
  lines: PaymentSessionInvoiceLineItemRefModel[] | null;

  @Field(() => PaymentSessionContactRefModel, { nullable: true })
  billingContact: PaymentSessionContactRefModel | null;

  @Field(() => PaymentSessionContactRefModel, { nullable: true })
  shippingContact: PaymentSessionContactRefModel | null;
}

@ObjectType('PaymentSessionActionsRedirect')
export class PaymentSessionActionsRedirectModel {
  @Field(() => URLScalar, { description: 'Where to send the customer' })
  redirectUrl: string;
}

export const PaymentSessionNextActionContext = createUnionType({
  name: 'PaymentSessionNextActionContext',
  types: () => [PaymentSessionActionsRedirectModel] as const,
  resolveType: () => PaymentSessionActionsRedirectModel,
});

@ObjectType('PaymentSessionNextAction')
export class PaymentSessionNextActionModel {
  @Field(() => NextActionAction)
  action: NextActionAction;

  @Field(() => PaymentSessionNextActionContext)
  context: PaymentSessionActionsRedirectModel;
}

@ObjectType('PaymentSessionRejection', { description: 'Why a payments partner rejected the session.' })
export class PaymentSessionRejectionModel {
  @Field()
  code: string;

  @Field(() => String, { nullable: true })
  merchantMessage: string | null;

  @Field(() => String, { nullable: true })
  source: string | null;
}

/**
 * The fields of a payment session that every API shows (PaymentSessionView): ClientLoop's
 * `PaymentSession` (docs/seeds/clientloop-update-payment-session.txt), field for field, plus the
 * payments-partner state (pending, rejection, nextAction). The merchant's `PaymentSession` and the
 * console's `AdminPaymentSession` extend it with their own resolved fields.
 */
@ObjectType({ isAbstract: true })
export abstract class PaymentSessionFields {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  orgId: string;

  @Field(() => PaymentSessionStatus)
  status: PaymentSessionStatus;

  @Field(() => AmountScalar, { description: 'Total payment amount. Ex. 100.10' })
  amount: string;

  @Field(() => CurrencyScalar)
  currency: string;

  @Field(() => URLScalar, { nullable: true, description: 'URL to receive payment session events' })
  callbackUrl: string | null;

  @Field(() => URLScalar, { nullable: true })
  successUrl: string | null;

  @Field(() => URLScalar, { nullable: true, description: 'Link to the payment session; null unless the session is Active or Pending.' })
  link: string | null;

  @Field(() => ID, { nullable: true })
  contactId: string | null;

  @Field(() => PaymentSessionContactRefModel, { nullable: true })
  contactRef: PaymentSessionContactRefModel | null;

  @Field(() => String, { nullable: true })
  transactionRef: string | null;

  @Field(() => [String], { nullable: true })
  invoiceIds: string[] | null;

  @Field(() => [PaymentSessionInvoiceRefModel], { nullable: true })
  invoiceRefs: PaymentSessionInvoiceRefModel[] | null;

  @Field(() => Date, { nullable: true })
  expirationDate: Date | null;

  @Field(() => ID, { nullable: true })
  paymentId: string | null;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  updatedAt: Date;

  @Field(() => ID, { nullable: true })
  checkoutConfigurationId: string | null;

  @Field(() => AmountScalar, { nullable: true, description: 'Total due across the referenced invoices.' })
  invoiceTotal: string | null;

  @Field(() => URLScalar, { nullable: true })
  brandLogoUrl: string | null;

  @Field(() => String, { nullable: true })
  brandName: string | null;

  @Field(() => Date, { nullable: true, description: 'Set while Pending: when the pending payment expires.' })
  pendingExpiresAt: Date | null;

  @Field(() => PendingReason, { nullable: true })
  pendingReason: PendingReason | null;

  @Field(() => PaymentSessionNextActionModel, { nullable: true, description: 'After paymentSessionPending: where to send the customer.' })
  nextAction: PaymentSessionNextActionModel | null;

  @Field(() => String, { nullable: true })
  networkTransactionId: string | null;

  @Field(() => Date, { nullable: true })
  authorizationExpiresAt: Date | null;

  @Field(() => PaymentSessionRejectionModel, { nullable: true })
  rejection: PaymentSessionRejectionModel | null;
}

/** The merchant API's payment session. `contact`, `events` and `flexPayAvailable` are resolved fields. */
@ObjectType('PaymentSession', { description: 'Represents a payment session a customer can use to make a payment.' })
export class PaymentSessionModel extends PaymentSessionFields {}

export const PaymentSessionConnection = ConnectionType(PaymentSessionModel, 'PaymentSession');
