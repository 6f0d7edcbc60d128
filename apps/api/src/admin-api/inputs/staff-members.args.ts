import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { MAX_PASSWORD_LENGTH, StaffRole } from '@paysession/staff';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsId, PageArgs } from './page.args';
import { adminOnly } from '../admin-schema.module';

@InputType(adminOnly)
export class CreateStaffMemberInput {
  @Field()
  @IsString()
  @MaxLength(254)
  email: string;

  @Field(() => StaffRole)
  @IsEnum(StaffRole)
  role: StaffRole;

  @Field({ description: 'At least 12 characters; the new member can sign in with it at once' })
  @IsString()
  @MaxLength(MAX_PASSWORD_LENGTH)
  password: string;
}

@ArgsType()
export class ChangeStaffRoleArgs {
  @Field(() => ID)
  @IsString()
  @IsId()
  id: string;

  @Field(() => StaffRole)
  @IsEnum(StaffRole)
  role: StaffRole;
}

@InputType(adminOnly)
export class StaffAuditFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsId()
  staffId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A payment session or staff id' })
  @IsOptional()
  @IsId()
  targetId?: string | null;
}

@ArgsType()
export class StaffAuditArgs extends PageArgs {
  @Field(() => StaffAuditFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => StaffAuditFilter)
  filter?: StaffAuditFilter | null;
}
