import { Args, ArgsType, Field, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext, RequireScope, Scope } from '@paysession/common';
import { IsOptional, IsString } from 'class-validator';
import { PaymentSessionEventsService } from './events/payment-session-events.service';
import { PaymentSessionEventConnection, PaymentSessionEventModel } from './models/payment-session-event.model';

@ArgsType()
class PaymentSessionEventsArgs {
  @Field(() => ID)
  @IsString()
  orgId: string;

  @Field(() => ID, { nullable: true, description: 'Return events after this event id' })
  @IsOptional()
  @IsString()
  after?: string | null;

  @Field(() => Int, { nullable: true, description: 'Page size, 1 to 100 (default 20)' })
  first?: number | null;
}

@Resolver(() => PaymentSessionEventModel)
export class PaymentSessionEventsResolver {
  constructor(private readonly events: PaymentSessionEventsService) {}

  @Query(() => PaymentSessionEventConnection, { description: "The org's event stream in commit order; the cursor is the event id." })
  @RequireScope(Scope.READ_PAYMENT_SESSIONS)
  async paymentSessionEvents(@Ctx() ctx: RequestContext, @Args() args: PaymentSessionEventsArgs) {
    const { events, hasMore } = await this.events.stream(ctx, args);
    return {
      edges: events.map((node) => ({ cursor: node.id, node })),
      nodes: events,
      pageInfo: { hasNextPage: hasMore, endCursor: events.at(-1)?.id ?? args.after ?? null },
    };
  }
}
