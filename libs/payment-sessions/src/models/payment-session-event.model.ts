import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '@paysession/common';
import GraphQLJSON from 'graphql-type-json';

@ObjectType('PaymentSessionEvent', { description: 'One change of a payment session, in commit order.' })
export class PaymentSessionEventModel {
  @Field(() => ID)
  id: string;

  @Field({ description: 'payment_session.created, .updated, .pending, .completed, .rejected, .canceled, .expired, or .link_sent (the link was emailed; the session did not change)' })
  type: string;

  @Field(() => Date)
  occurredAt: Date;

  @Field({ description: 'merchant:<key id>, partner:<partner id>, staff:<staff id> or scheduler' })
  actor: string;

  @Field(() => GraphQLJSON, { description: 'The session as it was after the change (paymentSession), and details of the change' })
  data: Record<string, unknown>;
}

export const PaymentSessionEventConnection = ConnectionType(PaymentSessionEventModel, 'PaymentSessionEvent');
