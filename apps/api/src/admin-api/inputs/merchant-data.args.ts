import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { MAX_PER_PAGE } from '@paysession/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsId, PageArgs } from './page.args';
import { adminOnly } from '../admin-schema.module';

@InputType(adminOnly)
export class OrganizationFilter {
  @Field(() => String, { nullable: true, description: 'The start of the name, or an exact id' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PER_PAGE)
  @IsId({ each: true })
  ids?: string[] | null;
}

@ArgsType()
export class OrganizationsArgs extends PageArgs {
  @Field(() => OrganizationFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => OrganizationFilter)
  filter?: OrganizationFilter | null;
}

@InputType(adminOnly)
export class ContactFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsId()
  orgId?: string | null;

  @Field(() => String, { nullable: true, description: 'The start of the name or the email' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  q?: string | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PER_PAGE)
  @IsId({ each: true })
  ids?: string[] | null;
}

@ArgsType()
export class ContactsArgs extends PageArgs {
  @Field(() => ContactFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactFilter)
  filter?: ContactFilter | null;
}

@InputType(adminOnly)
export class CheckoutConfigurationFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsId()
  orgId?: string | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PER_PAGE)
  @IsId({ each: true })
  ids?: string[] | null;
}

@ArgsType()
export class CheckoutConfigurationsArgs extends PageArgs {
  @Field(() => CheckoutConfigurationFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CheckoutConfigurationFilter)
  filter?: CheckoutConfigurationFilter | null;
}
