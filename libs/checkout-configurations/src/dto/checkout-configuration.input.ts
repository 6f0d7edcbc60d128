import { Field, ID, InputType, Int, IntersectionType, OmitType, PartialType } from '@nestjs/graphql';
import { IsPlainText, IsWebUrl, URLScalar } from '@paysession/common';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsOrigin } from './origin.validator';
import { LayoutTemplate, LineItemField, PaymentMethod } from '../checkout-configuration.types';

const MIN_LIFETIME = 60;
const MAX_LIFETIME = 90 * 24 * 3600;

@InputType()
export class CreateCheckoutConfigurationInput {
  @Field(() => ID)
  @IsString()
  orgId: string;

  @Field()
  @IsString()
  @IsNotEmpty()
  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(200)
  @IsPlainText()
  name: string;

  @Field(() => LayoutTemplate, { nullable: true, description: 'Simple when a configuration is created without one' })
  @IsOptional()
  @IsEnum(LayoutTemplate)
  layoutTemplate?: LayoutTemplate;

  @Field(() => [LineItemField], { nullable: true })
  @IsOptional()
  @ArrayUnique()
  @IsEnum(LineItemField, { each: true })
  lineItemFields?: LineItemField[];

  @Field(() => [PaymentMethod], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(PaymentMethod, { each: true })
  paymentMethods?: PaymentMethod[];

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(MIN_LIFETIME)
  @Max(MAX_LIFETIME)
  defaultSessionLifetimeSeconds?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsPlainText()
  brandName?: string | null;

  @Field(() => URLScalar, { nullable: true })
  @IsOptional()
  @IsWebUrl({ https: true })
  brandLogoUrl?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Origins (https://shop.example) that may embed the hosted checkout page in a frame; none: the page refuses to be framed',
  })
  @IsOptional()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsOrigin({ each: true })
  allowedEmbedOrigins?: string[] | null;

  @Field({ nullable: true, description: 'Make it the org default at once' })
  @IsOptional()
  isDefault?: boolean;
}

@InputType()
export class SetDefaultCheckoutConfigurationInput {
  @Field(() => ID)
  @IsString()
  orgId: string;

  @Field(() => ID)
  @IsString()
  id: string;
}

/** Fields left out stay as they are; `null` clears an optional field. */
@InputType()
export class UpdateCheckoutConfigurationInput extends IntersectionType(
  SetDefaultCheckoutConfigurationInput,
  PartialType(OmitType(CreateCheckoutConfigurationInput, ['orgId', 'isDefault'] as const)),
) {}

/** Enables a payments partner for payment methods of a checkout configuration. */
@InputType()
export class EnablePaymentsPartnerInput extends SetDefaultCheckoutConfigurationInput {
  @Field(() => ID, { description: 'The partner (ptn_…), as `partner create` printed it' })
  @IsString()
  partnerId: string;

  @Field(() => [PaymentMethod], { description: 'The methods the partner takes; another partner enabled for one of them is replaced' })
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(PaymentMethod, { each: true })
  paymentMethods: PaymentMethod[];
}

/** Stops handing payments of these methods to any partner. */
@InputType()
export class DisablePaymentsPartnerInput extends SetDefaultCheckoutConfigurationInput {
  @Field(() => [PaymentMethod])
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(PaymentMethod, { each: true })
  paymentMethods: PaymentMethod[];
}
