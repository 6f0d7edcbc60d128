import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { AmountScalar, EmailScalar, IsCountryCode, IsPlainText, IsWebUrl, PhoneScalar, URLScalar } from '@paysession/common';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';

/** ClientLoop's `GlobalAddressInput` (docs/seeds/clientloop-update-payment-session.txt). */
@InputType({ description: 'Address of a physical location' })
export class GlobalAddressInput {
  @Field(() => [String], { description: 'Street, unit, building number, etc.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  @IsPlainText({ each: true })
  lines: string[];

  @Field(() => String, { nullable: true, description: 'City, town or municipality designation' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsPlainText()
  locality?: string | null;

  @Field(() => String, { nullable: true, description: 'State, province or area designation' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsPlainText()
  administrativeArea?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal code or ZIP code' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  @IsPlainText()
  postalCode?: string | null;

  @Field(() => String, { description: 'ISO 3166-1 country code, alpha-2 (stored) or alpha-3. Ex. US or USA' })
  @IsString()
  @IsCountryCode()
  countryCode: string;
}

/** ClientLoop's `PaymentSessionContactRefInput` (docs/seeds/clientloop-update-payment-session.txt). */
@InputType({ description: 'Merchant provide contact information to use when creating a payment session.' })
export class PaymentSessionContactRefInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @IsPlainText()
  contactId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsPlainText()
  contactName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsPlainText()
  contactFirstName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsPlainText()
  contactLastName?: string | null;

  @Field(() => EmailScalar, { nullable: true })
  contactEmail?: string | null;

  @Field(() => PhoneScalar, { nullable: true })
  contactPhone?: string | null;

  @Field(() => GlobalAddressInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => GlobalAddressInput)
  address?: GlobalAddressInput | null;
}

/** ClientLoop's `PaymentSessionInvoiceLineItemRefInput` (docs/seeds/clientloop-update-payment-session.txt). */
@InputType({ description: 'Merchant provided invoice line item detail used to create a payment session.' })
export class PaymentSessionInvoiceLineItemRefInput {
  @Field(() => Int, { description: 'Line number in the invoice. This is used to order the line items for display.' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  num: number;

  @Field(() => Float, { nullable: true, description: 'Number of units of the product.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 6 })
  @Min(0)
  @Max(1_000_000)
  quantity?: number | null;

  @Field(() => AmountScalar, { nullable: true, description: "The price of the product, in the session's currency. Ex. 100.10" })
  price?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @IsPlainText()
  productId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @IsPlainText()
  productSku?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @IsPlainText()
  productName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  productDescription?: string | null;

  @Field(() => URLScalar, { nullable: true, description: 'https only' })
  @IsOptional()
  @IsWebUrl({ https: true })
  productImageUrl?: string | null;
}

/** ClientLoop's `PaymentSessionInvoiceRefInput` (docs/seeds/clientloop-update-payment-session.txt). */
@InputType({ description: 'Merchant provided invoice detail used to create a payment session.' })
export class PaymentSessionInvoiceRefInput {
  @Field(() => String, { nullable: true, description: 'The merchant provided order identifier.' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @IsPlainText()
  orderId?: string | null;

  @Field(() => String, { nullable: true, description: 'The merchant provided invoice identifier.' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @IsPlainText()
  invoiceId?: string | null;

  @Field(() => String, { nullable: true, description: 'The merchant provided invoice number.' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @IsPlainText()
  invoiceNumber?: string | null;

  @Field(() => AmountScalar, { nullable: true, description: 'The total amount of the invoice. Ex 999.99' })
  amount?: string | null;

  @Field(() => [PaymentSessionInvoiceLineItemRefInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(250)
  @ValidateNested({ each: true })
  @Type(() => PaymentSessionInvoiceLineItemRefInput)
  lines?: PaymentSessionInvoiceLineItemRefInput[] | null;

  @Field(() => PaymentSessionContactRefInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PaymentSessionContactRefInput)
  billingContact?: PaymentSessionContactRefInput | null;

  @Field(() => PaymentSessionContactRefInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PaymentSessionContactRefInput)
  shippingContact?: PaymentSessionContactRefInput | null;
}
