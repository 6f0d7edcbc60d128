import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ConnectionType, EmailScalar, PhoneScalar } from '@paysession/common';

/**
 * ClientLoop's `Contact` (docs/seeds/clientloop-update-payment-session.txt), field for field (its
 * timestamps are `String!` there).
 */
@ObjectType('Contact')
export class ContactModel {
  @Field(() => ID)
  orgId: string;

  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  givenName: string | null;

  @Field(() => String, { nullable: true })
  familyName: string | null;

  @Field(() => EmailScalar, { nullable: true })
  email: string | null;

  @Field(() => PhoneScalar, { nullable: true })
  phone: string | null;

  @Field(() => String, { description: 'ISO 8601, UTC' })
  createdAt: string;

  @Field(() => String, { description: 'ISO 8601, UTC' })
  updatedAt: string;
}

export const ContactConnection = ConnectionType(ContactModel, 'Contact');
