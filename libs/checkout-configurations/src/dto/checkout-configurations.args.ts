import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsString } from 'class-validator';

@ArgsType()
export class CheckoutConfigurationArgs {
  @Field(() => ID)
  @IsString()
  orgId: string;

  @Field(() => ID)
  @IsString()
  id: string;
}

@ArgsType()
export class CheckoutConfigurationsArgs {
  @Field(() => ID)
  @IsString()
  orgId: string;

  @Field(() => Int, { nullable: true, description: 'Page size, 1 to 100 (default 20)' })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}
