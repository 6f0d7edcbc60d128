import { Field, ID, InputType, Int, IntersectionType, OmitType, PartialType } from '@nestjs/graphql';
import { IsPlainText, IsWebUrl, URLScalar } from '@paysession/common';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
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
