import { Field, ID, InputType } from '@nestjs/graphql';
import { AmountScalar, CurrencyScalar, IsPlainText, IsWebUrl, URLScalar } from '@paysession/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { PaymentSessionStatus } from '../payment-session.types';
import { PaymentSessionContactRefInput, PaymentSessionInvoiceRefInput } from './payment-session-refs.input';

/**
 * The fields a merchant sets on a session, shared by create and update (ClientLoop's
 * `UpdatePaymentSessionInput`, docs/seeds/clientloop-update-payment-session.txt, without id, status and paymentId).
 */
@InputType({ isAbstract: true })
abstract class PaymentSessionFieldsInput {
  @Field(() => ID, { description: 'Organization identifier the payment session belongs to.' })
  @IsString()
  @IsNotEmpty()
  orgId: string;

  @Field(() => String, { nullable: true, description: 'URL to receive payment session events' })
  @IsOptional()
  @IsWebUrl()
  callbackUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'URL to redirect after a payment session is completed by the customer' })
  @IsOptional()
  @IsWebUrl()
  successUrl?: string | null;

  @Field(() => ID, { nullable: true, description: 'Optional contact for which this payment session is attached. You cannot provide both a contactId and a contactRef.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  contactId?: string | null;

  @Field(() => PaymentSessionContactRefInput, { nullable: true, description: 'Optional merchant supplied reference contact information external to the platform. You cannot provide both a contactId and a contactRef.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PaymentSessionContactRefInput)
  contactRef?: PaymentSessionContactRefInput | null;

  @Field(() => String, { nullable: true, description: 'Optional merchant supplied reference ID for the transaction external to the platform.' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @IsPlainText()
  transactionRef?: string | null;

  @Field(() => [String], { nullable: true, description: 'Optional array of invoice IDs which this payment session is attached to. You cannot provide both invoiceIds and invoiceRefs.' })
  @IsOptional()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(255, { each: true })
  @IsPlainText({ each: true })
  invoiceIds?: string[] | null;

  @Field(() => [PaymentSessionInvoiceRefInput], { nullable: true, description: 'Optional array of invoice references which this payment session is attached to. You cannot provide both invoiceIds and invoiceRefs.' })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PaymentSessionInvoiceRefInput)
  invoiceRefs?: PaymentSessionInvoiceRefInput[] | null;

  @Field(() => Date, { nullable: true, description: 'Optional expiration date for the payment session. ISO 8601 format; must be in the future.' })
  expirationDate?: Date | null;

  @Field(() => ID, { nullable: true, description: 'The checkout configuration ID to be used for this payment session. If not provided, the default checkout configuration will be used.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  checkoutConfigurationId?: string | null;

  @Field(() => URLScalar, { nullable: true, description: 'Optional https URL to a logo image to display during checkout, overriding the default branding.' })
  @IsOptional()
  @IsWebUrl({ https: true })
  brandLogoUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'Optional brand or merchant name to display during checkout, overriding the organization name.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsPlainText()
  brandName?: string | null;
}

@InputType()
export class CreatePaymentSessionInput extends PaymentSessionFieldsInput {
  @Field(() => AmountScalar, { description: 'Total payment amount. Ex. 100.10' })
  amount: string;

  @Field(() => CurrencyScalar, { description: 'Three letter ISO currency code. Ex. USD' })
  currency: string;

  @Field(() => ID, { nullable: true, description: 'Payment ID, when the session is attached to a pre-created payment record.' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @IsPlainText()
  paymentId?: string | null;
}

/**
 * ClientLoop's `UpdatePaymentSessionInput` (docs/seeds/clientloop-update-payment-session.txt), field for field.
 * Fields left out stay as they are.
 */
@InputType()
export class UpdatePaymentSessionInput extends PaymentSessionFieldsInput {
  @Field(() => ID, { description: 'Unique identifier for the payment session.' })
  @IsString()
  @IsNotEmpty()
  id: string;

  @Field(() => AmountScalar, { nullable: true, description: 'Total payment amount. Ex. 100.10' })
  amount?: string | null;

  @Field(() => CurrencyScalar, { nullable: true, description: 'Three letter ISO currency code. Ex. USD' })
  currency?: string | null;

  @Field(() => PaymentSessionStatus, { nullable: true, description: 'Canceled cancels, Expired expires now, Completed (with a paymentId) completes.' })
  @IsOptional()
  @IsEnum(PaymentSessionStatus)
  status?: PaymentSessionStatus | null;

  @Field(() => ID, { nullable: true, description: 'Payment ID associated with this payment session.' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @IsPlainText()
  paymentId?: string | null;
}
