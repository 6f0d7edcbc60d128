import { Field, ID, ObjectType } from '@nestjs/graphql';
import { PaymentSessionFields, PaymentSessionStatus, PaymentSessionView } from '@paysession/payment-sessions';
import GraphQLJSON from 'graphql-type-json';
import { adminOnly } from '../admin-schema.module';
import { PageType } from './page.model';

/**
 * A payment session as staff see it: the fields every API shows (PaymentSessionFields, the
 * nested types the merchant schema's), plus resolved fields of the console's own (organization,
 * events, webhookDeliveries, canCancel, nextStatuses). The merchant's PaymentSession type is not
 * reused whole, because its resolved fields (contact, flexPayAvailable) belong to the merchant
 * resolvers.
 */
@ObjectType('AdminPaymentSession', { ...adminOnly, description: 'A payment session of any organization.' })
// `implements` makes the compiler point out a field the merchant view gains and this model lacks.
export class AdminPaymentSessionModel extends PaymentSessionFields implements Record<keyof PaymentSessionView, unknown> {
  /** Every session has one by the time staff see it (the merchant schema keeps it nullable, as the seed does). */
  @Field(() => ID)
  declare checkoutConfigurationId: string;
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

