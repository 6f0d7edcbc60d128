import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsInt, IsOptional } from 'class-validator';
import { IsId } from './page.args';

@ArgsType()
export class OverviewNowArgs {
  @Field(() => ID, { nullable: true, description: 'One organization; every organization when absent' })
  @IsOptional()
  @IsId()
  orgId?: string | null;
}

@ArgsType()
export class OverviewActivityArgs extends OverviewNowArgs {
  @Field(() => Date, { description: 'From (rounded down to the hour)' })
  from: Date;

  @Field(() => Date, { description: 'Until (rounded up to the hour); at most 31 days after from' })
  until: Date;

  @Field(() => Int, { nullable: true, description: "Where days start: the staff member's offset from UTC in minutes, whole hours (default 0, UTC)" })
  @IsOptional()
  @IsInt()
  utcOffsetMinutes?: number | null;
}
