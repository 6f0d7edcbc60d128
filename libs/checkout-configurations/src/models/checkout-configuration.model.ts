import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType, URLScalar } from '@paysession/common';
import { LayoutTemplate, LineItemField, PaymentMethod } from '../checkout-configuration.types';

registerEnumType(LayoutTemplate, { name: 'LayoutTemplate' });
registerEnumType(LineItemField, { name: 'LineItemField' });
registerEnumType(PaymentMethod, { name: 'PaymentMethod' });

/** The payments partner that takes one payment method. */
@ObjectType('PaymentMethodPartner')
export class PaymentMethodPartnerModel {
  @Field(() => PaymentMethod)
  paymentMethod: PaymentMethod;

  @Field(() => ID)
  partnerId: string;
}

/** What the checkout page shows and offers for the sessions that use it. */
@ObjectType('CheckoutConfiguration')
export class CheckoutConfigurationModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  orgId: string;

  @Field()
  name: string;

  @Field({ description: 'Sessions created without checkoutConfigurationId use the default' })
  isDefault: boolean;

  @Field(() => LayoutTemplate)
  layoutTemplate: LayoutTemplate;

  @Field(() => [LineItemField])
  lineItemFields: LineItemField[];

  @Field(() => [PaymentMethod])
  paymentMethods: PaymentMethod[];

  @Field(() => Int, { nullable: true, description: 'Lifetime in seconds of a session created without expirationDate' })
  defaultSessionLifetimeSeconds: number | null;

  @Field(() => String, { nullable: true })
  brandName: string | null;

  @Field(() => URLScalar, { nullable: true })
  brandLogoUrl: string | null;

  @Field(() => [String], { description: 'Origins that may embed the hosted checkout page; empty: it refuses to be framed' })
  allowedEmbedOrigins: string[];

  @Field(() => [PaymentMethodPartnerModel], { description: 'The payments partner enabled for each payment method' })
  paymentPartners: PaymentMethodPartnerModel[];

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

export const CheckoutConfigurationConnection = ConnectionType(CheckoutConfigurationModel, 'CheckoutConfiguration');
