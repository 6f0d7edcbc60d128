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

  /** The session's organization (resolvers read it; not a field). */
  orgId: string;
}

@ObjectType('AdminEventActor', { ...adminOnly, description: 'Who made a change, named: the staff member, the payments partner, the API key, or the scheduler.' })
export class AdminEventActorModel {
  @Field({ description: 'merchant (an API key of the organization), partner, staff or scheduler' })
  kind: string;

  @Field(() => ID, { nullable: true, description: 'The key, partner or staff id; null for the scheduler' })
  id: string | null;

  @Field(() => String, { nullable: true, description: "In words: a staff member's email, a partner's name, an API key's label; null when there is none (a key without a label, an id no longer found)" })
  name: string | null;

  @Field(() => String, { nullable: true, description: "An API key's public prefix (psk_ and 8 characters), for a key without a label; null otherwise" })
  keyPrefix: string | null;
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

