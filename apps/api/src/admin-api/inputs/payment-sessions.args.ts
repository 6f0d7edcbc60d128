import { ArgsType, Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { MAX_PER_PAGE } from '@paysession/common';
import { MAX_BULK_CANCEL, MAX_REASON_LENGTH, PaymentSessionSortField, PaymentSessionStatus } from '@paysession/payment-sessions';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsId, PageArgs, SortOrder } from './page.args';
import { adminOnly } from '../admin-schema.module';

registerEnumType(PaymentSessionSortField, { ...adminOnly, name: 'AdminPaymentSessionSortField' });

@InputType(adminOnly)
export class AdminPaymentSessionFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsId()
  orgId?: string | null;

  @Field(() => [PaymentSessionStatus], { nullable: true, description: 'Any of these statuses' })
  @IsOptional()
  @ArrayMaxSize(6)
  @IsEnum(PaymentSessionStatus, { each: true })
  status?: PaymentSessionStatus[] | null;

  @Field(() => Date, { nullable: true, description: 'Created at or after' })
  createdFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Created before' })
  createdTo?: Date | null;

  @Field(() => String, { nullable: true, description: 'An exact session id, transactionRef or contact email' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  q?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Only these sessions' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PER_PAGE)
  @IsId({ each: true })
  ids?: string[] | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsId()
  contactId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsId()
  checkoutConfigurationId?: string | null;
}

@InputType(adminOnly)
export class AdminPaymentSessionSort {
  @Field(() => PaymentSessionSortField)
  @IsEnum(PaymentSessionSortField)
  field: PaymentSessionSortField;

  @Field(() => SortOrder)
  @IsEnum(SortOrder)
  order: SortOrder;
}

@ArgsType()
export class AdminPaymentSessionsArgs extends PageArgs {
  @Field(() => AdminPaymentSessionFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AdminPaymentSessionFilter)
  filter?: AdminPaymentSessionFilter | null;

  @Field(() => AdminPaymentSessionSort, { nullable: true, description: 'Default: createdAt DESC' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AdminPaymentSessionSort)
  sort?: AdminPaymentSessionSort | null;
}

@ArgsType()
export class IdArgs {
  @Field(() => ID)
  @IsString()
  @IsId()
  id: string;
}

@ArgsType()
export class CancelPaymentSessionArgs extends IdArgs {
  @Field({ description: `Why: kept on the event and in the audit log (at most ${MAX_REASON_LENGTH} characters)` })
  @IsString()
  @MaxLength(MAX_REASON_LENGTH)
  reason: string;
}

@ArgsType()
export class CancelPaymentSessionsArgs {
  @Field(() => [ID])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_CANCEL)
  @IsId({ each: true })
  ids: string[];

  @Field({ description: 'Why: kept on each event and in the audit log' })
  @IsString()
  @MaxLength(MAX_REASON_LENGTH)
  reason: string;
}
