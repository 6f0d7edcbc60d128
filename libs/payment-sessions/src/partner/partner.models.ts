import { ArgsType, Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { PaymentSessionModel } from '../models/payment-session.model';
import { PendingReason } from '../payment-session.types';
import { RejectionReasonCode, RejectionSource } from './rejection-codes';

export enum PaymentSessionPendingUserErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  PENDING_INVALID_STATE = 'PENDING_INVALID_STATE',
  EXPIRED_PENDING_EXPIRES_AT = 'EXPIRED_PENDING_EXPIRES_AT',
  OUT_OF_RANGE_PENDING_EXPIRES_AT = 'OUT_OF_RANGE_PENDING_EXPIRES_AT',
}

export enum PaymentSessionResolveUserErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  RESOLVE_INVALID_STATE = 'RESOLVE_INVALID_STATE',
}

export enum PaymentSessionRejectUserErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  REJECT_INVALID_STATE = 'REJECT_INVALID_STATE',
}

registerEnumType(PaymentSessionPendingUserErrorCode, { name: 'PaymentSessionPendingUserErrorCode' });
registerEnumType(PaymentSessionResolveUserErrorCode, { name: 'PaymentSessionResolveUserErrorCode' });
registerEnumType(PaymentSessionRejectUserErrorCode, { name: 'PaymentSessionRejectUserErrorCode' });
registerEnumType(RejectionReasonCode, { name: 'PaymentSessionStateRejectedReason' });
registerEnumType(RejectionSource, { name: 'PaymentSessionStateRejectedSource' });

function UserErrorType<C extends object>(name: string, codes: C) {
  @ObjectType(name)
  class UserError {
    @Field(() => [String], { nullable: true, description: 'Path to the input field that caused the error' })
    field: string[] | null;

    @Field()
    message: string;

    @Field(() => codes as object, { nullable: true })
    code: C[keyof C];
  }
  return UserError;
}

export const PaymentSessionPendingUserError = UserErrorType('PaymentSessionPendingUserError', PaymentSessionPendingUserErrorCode);
export const PaymentSessionResolveUserError = UserErrorType('PaymentSessionResolveUserError', PaymentSessionResolveUserErrorCode);
export const PaymentSessionRejectUserError = UserErrorType('PaymentSessionRejectUserError', PaymentSessionRejectUserErrorCode);

@ObjectType()
export class PaymentSessionPendingPayload {
  @Field(() => PaymentSessionModel, { nullable: true })
  paymentSession: PaymentSessionModel | null;

  @Field(() => [PaymentSessionPendingUserError])
  userErrors: InstanceType<typeof PaymentSessionPendingUserError>[];
}

@ObjectType()
export class PaymentSessionResolvePayload {
  @Field(() => PaymentSessionModel, { nullable: true })
  paymentSession: PaymentSessionModel | null;

  @Field(() => [PaymentSessionResolveUserError])
  userErrors: InstanceType<typeof PaymentSessionResolveUserError>[];
}

@ObjectType()
export class PaymentSessionRejectPayload {
  @Field(() => PaymentSessionModel, { nullable: true })
  paymentSession: PaymentSessionModel | null;

  @Field(() => [PaymentSessionRejectUserError])
  userErrors: InstanceType<typeof PaymentSessionRejectUserError>[];
}

@ArgsType()
export class PaymentSessionPendingArgs {
  @Field(() => ID)
  @IsString()
  id: string;

  @Field(() => Date, { description: 'When the pending payment expires; within PENDING_MAX_DAYS (default 7)' })
  pendingExpiresAt: Date;

  @Field(() => PendingReason)
  @IsEnum(PendingReason)
  reason: PendingReason;
}

@ArgsType()
export class PaymentSessionResolveArgs {
  @Field(() => ID)
  @IsString()
  id: string;

  @Field(() => ID, { nullable: true, description: 'Generated when not given' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  paymentId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  networkTransactionId?: string | null;

  @Field(() => Date, { nullable: true })
  authorizationExpiresAt?: Date | null;
}

@InputType()
export class PaymentSessionRejectionReasonInput {
  @Field(() => RejectionReasonCode)
  @IsEnum(RejectionReasonCode)
  code: RejectionReasonCode;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  merchantMessage?: string | null;

  @Field(() => RejectionSource, { nullable: true })
  @IsOptional()
  @IsEnum(RejectionSource)
  source?: RejectionSource | null;
}

@ArgsType()
export class PaymentSessionRejectArgs {
  @Field(() => ID)
  @IsString()
  id: string;

  @Field(() => PaymentSessionRejectionReasonInput)
  @ValidateNested()
  @Type(() => PaymentSessionRejectionReasonInput)
  reason: PaymentSessionRejectionReasonInput;
}
