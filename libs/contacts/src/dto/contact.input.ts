import { Field, ID, InputType, IntersectionType, OmitType, PartialType } from '@nestjs/graphql';
import { EmailScalar, PhoneScalar } from '@paysession/common';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

@InputType()
export class CreateContactInput {
  @Field(() => ID)
  @IsString()
  orgId: string;

  @Field()
  @IsString()
  @IsNotEmpty()
  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(200)
  name: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  givenName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  familyName?: string | null;

  @Field(() => EmailScalar, { nullable: true })
  email?: string | null;

  @Field(() => PhoneScalar, { nullable: true })
  phone?: string | null;
}

@InputType()
export class DeleteContactInput {
  @Field(() => ID)
  @IsString()
  orgId: string;

  @Field(() => ID)
  @IsString()
  id: string;
}

/** Fields left out stay as they are; `null` clears an optional field (not `name`). */
@InputType()
export class UpdateContactInput extends IntersectionType(DeleteContactInput, PartialType(OmitType(CreateContactInput, ['orgId'] as const))) {}
