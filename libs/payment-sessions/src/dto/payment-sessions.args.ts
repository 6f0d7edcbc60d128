import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { PaymentSessionStatus } from '../payment-session.types';

@ArgsType()
export class PaymentSessionArgs {
  @Field(() => ID)
  @IsString()
  orgId: string;

  @Field(() => ID)
  @IsString()
  id: string;
}

@InputType()
export class PaymentSessionFilter {
  @Field(() => [PaymentSessionStatus], { nullable: true, description: 'Any of these statuses' })
  @IsOptional()
  @ArrayMaxSize(6)
  @IsEnum(PaymentSessionStatus, { each: true })
  status?: PaymentSessionStatus[] | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  contactId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  transactionRef?: string | null;

  @Field(() => Date, { nullable: true, description: 'Created at or after' })
  createdFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Created before' })
  createdTo?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Expiring at or after' })
  expirationFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Expiring before' })
  expirationTo?: Date | null;
}

@ArgsType()
export class PaymentSessionsArgs {
  @Field(() => ID)
  @IsString()
  orgId: string;

  @Field(() => PaymentSessionFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PaymentSessionFilter)
  filter?: PaymentSessionFilter | null;

  @Field(() => Int, { nullable: true, description: 'Page size, 1 to 100 (default 20)' })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}
