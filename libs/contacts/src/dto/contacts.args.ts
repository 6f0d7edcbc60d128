import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';

@ArgsType()
export class ContactArgs {
  @Field(() => ID)
  @IsString()
  orgId: string;

  @Field(() => ID)
  @IsString()
  id: string;
}

@ArgsType()
export class ContactsArgs {
  @Field(() => ID)
  @IsString()
  orgId: string;

  @Field(() => String, { nullable: true, description: 'Matches the start of the name or the email' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string | null;

  @Field(() => Int, { nullable: true, description: 'Page size, 1 to 100 (default 20)' })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}
