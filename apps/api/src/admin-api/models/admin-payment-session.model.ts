import { Field, ID, ObjectType } from '@nestjs/graphql';
import { AmountScalar, CurrencyScalar, URLScalar } from '@paysession/common';
import {
  PaymentSessionContactRefModel, PaymentSessionInvoiceRefModel, PaymentSessionNextActionModel, PaymentSessionRejectionModel,
  PaymentSessionStatus, PaymentSessionView, PendingReason,
} from '@paysession/payment-sessions';
import GraphQLJSON from 'graphql-type-json';
import { adminOnly } from '../admin-schema.module';
import { PageType } from './page.model';

/**
 * A payment session as staff see it: everything the merchant sent and its state, as the merchant
 * API shows it (the nested types are the merchant schema's), plus `organization` and `events`,
 * which are resolved fields. The merchant's PaymentSession type is not reused whole, because its
 * resolved fields (contact, flexPayAvailable) belong to the merchant resolvers.
 */
@ObjectType('AdminPaymentSession', { ...adminOnly, description: 'A payment session of any organization.' })
// `implements` makes the compiler point out a field the merchant view gains and this model lacks.
export class AdminPaymentSessionModel implements Record<keyof PaymentSessionView, unknown> {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  orgId: string;

  @Field(() => PaymentSessionStatus)
  status: PaymentSessionStatus;

  @Field(() => AmountScalar)
  amount: string;

  @Field(() => CurrencyScalar)
  currency: string;

  @Field(() => URLScalar, { nullable: true })
  callbackUrl: string | null;

  @Field(() => URLScalar, { nullable: true })
  successUrl: string | null;

  @Field(() => URLScalar, { nullable: true, description: "The customer's link; null unless Active or Pending" })
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

  @Field(() => ID)
  checkoutConfigurationId: string;

  @Field(() => AmountScalar, { nullable: true })
  invoiceTotal: string | null;

  @Field(() => URLScalar, { nullable: true })
  brandLogoUrl: string | null;

  @Field(() => String, { nullable: true })
  brandName: string | null;

  @Field(() => Date, { nullable: true })
  pendingExpiresAt: Date | null;

  @Field(() => PendingReason, { nullable: true })
  pendingReason: PendingReason | null;

  @Field(() => PaymentSessionNextActionModel, { nullable: true })
  nextAction: PaymentSessionNextActionModel | null;

  @Field(() => String, { nullable: true })
  networkTransactionId: string | null;

  @Field(() => Date, { nullable: true })
  authorizationExpiresAt: Date | null;

  @Field(() => PaymentSessionRejectionModel, { nullable: true })
  rejection: PaymentSessionRejectionModel | null;

  // Webhook deliveries of this session (another issue) belong here, as a resolved field
  // `webhookDeliveries` in AdminPaymentSessionsResolver.
}

export const AdminPaymentSessionPage = PageType(AdminPaymentSessionModel, 'AdminPaymentSession');

@ObjectType('AdminPaymentSessionEvent', { ...adminOnly, description: "One change of a session: the console's timeline." })
export class AdminPaymentSessionEventModel {
  @Field(() => ID)
  id: string;

  @Field({ description: 'payment_session.created, .updated, .pending, .completed, .rejected, .canceled or .expired' })
  type: string;

  @Field(() => Date)
  occurredAt: Date;

  @Field({ description: 'merchant:<key id>, partner:<key id>, staff:<staff id> or scheduler' })
  actor: string;

  @Field(() => PaymentSessionStatus, { nullable: true, description: 'The status before the change, for status changes' })
  fromStatus: PaymentSessionStatus | null;

  @Field(() => PaymentSessionStatus, { description: 'The status after the change' })
  status: PaymentSessionStatus;

  @Field(() => String, { nullable: true, description: 'Why, when staff made the change' })
  reason: string | null;

  @Field(() => [String], { nullable: true, description: 'The fields an update changed' })
  changes: string[] | null;

  @Field(() => GraphQLJSON, { description: 'The whole event: details and the session as it was after the change' })
  data: Record<string, unknown>;
}

@ObjectType('CancelPaymentSessionOutcome', { ...adminOnly, description: 'What happened to one session of a bulk cancel.' })
export class CancelOutcomeModel {
  @Field(() => ID)
  id: string;

  @Field()
  canceled: boolean;

  @Field(() => AdminPaymentSessionModel, { nullable: true })
  paymentSession: AdminPaymentSessionModel | null;

  @Field(() => String, { nullable: true, description: 'NOT_FOUND or INVALID_STATE when not canceled' })
  code: string | null;

  @Field(() => String, { nullable: true })
  message: string | null;
}

