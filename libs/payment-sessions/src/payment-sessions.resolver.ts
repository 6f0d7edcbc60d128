import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { badInput, Ctx, mapConnection, RequestContext, RequireScope, Scope } from '@paysession/common';
import { ContactModel, ContactsService, toContactModel } from '@paysession/contacts';
import type { FastifyRequest } from 'fastify';
import { CreatePaymentSessionInput, UpdatePaymentSessionInput } from './dto/payment-session.input';
import { PaymentSessionArgs, PaymentSessionsArgs } from './dto/payment-sessions.args';
import { PaymentSessionEventsService } from './events/payment-session-events.service';
import { PaymentSessionEventModel } from './models/payment-session-event.model';
import { PaymentSessionConnection, PaymentSessionModel } from './models/payment-session.model';
import { PaymentSessionsService } from './payment-sessions.service';
import { PaymentSessionView, PaymentSessionViews } from './payment-session.view';

type GqlContext = { req: FastifyRequest };

/** The cost of a connection: per row, so `first: 100` is priced as 100 sessions. */
const perRow = ({ args, childComplexity }: { args: { first?: number }; childComplexity: number }) => (args.first ?? 20) * (childComplexity + 1);

@Resolver(() => PaymentSessionModel)
export class PaymentSessionsResolver {
  constructor(
    private readonly sessions: PaymentSessionsService,
    private readonly views: PaymentSessionViews,
    private readonly eventLog: PaymentSessionEventsService,
    private readonly contacts: ContactsService,
  ) {}

  @Query(() => PaymentSessionModel)
  @RequireScope(Scope.READ_PAYMENT_SESSIONS)
  async paymentSession(@Ctx() ctx: RequestContext, @Args() args: PaymentSessionArgs): Promise<PaymentSessionView> {
    return this.views.toView(await this.sessions.get(ctx, args.orgId, args.id));
  }

  @Query(() => PaymentSessionConnection, { complexity: perRow })
  @RequireScope(Scope.READ_PAYMENT_SESSIONS)
  async paymentSessions(@Ctx() ctx: RequestContext, @Args() args: PaymentSessionsArgs) {
    return mapConnection(await this.sessions.list(ctx, args), (s) => this.views.toView(s));
  }

  @Mutation(() => PaymentSessionModel, { description: 'Creates a payment session. Send an Idempotency-Key header to make retries safe.' })
  @RequireScope(Scope.WRITE_PAYMENT_SESSIONS)
  async createPaymentSession(@Ctx() ctx: RequestContext, @Args('input') input: CreatePaymentSessionInput, @Context() gql: GqlContext): Promise<PaymentSessionView> {
    return this.views.toView(await this.sessions.create(ctx, input, idempotencyKey(gql.req)));
  }

  @Mutation(() => PaymentSessionModel, { description: 'Updates a payment session. You may only update a payment session while it has an Active status.' })
  @RequireScope(Scope.WRITE_PAYMENT_SESSIONS)
  async updatePaymentSession(@Ctx() ctx: RequestContext, @Args('input') input: UpdatePaymentSessionInput): Promise<PaymentSessionView> {
    return this.views.toView(await this.sessions.update(ctx, input));
  }

  @ResolveField(() => ContactModel, { nullable: true, description: 'Contact for which this payment session is attached. Needs read_contacts.' })
  @RequireScope(Scope.READ_CONTACTS)
  async contact(@Parent() session: PaymentSessionView, @Context() gql: GqlContext): Promise<ContactModel | null> {
    if (!session.contactId) return null;
    const contact = await this.contacts.loader(gql.req, session.orgId).load(session.contactId);
    return contact ? toContactModel(contact) : null;
  }

  @ResolveField(() => Boolean, { description: 'FlexPay is enabled by the checkout configuration and the amount does not exceed invoiceTotal.' })
  @RequireScope(Scope.READ_PAYMENT_SESSIONS)
  flexPayAvailable(@Parent() session: PaymentSessionView, @Context() gql: GqlContext): Promise<boolean> {
    return this.sessions.flexPayAvailable(gql.req, session);
  }

  @ResolveField(() => [PaymentSessionEventModel], { description: 'Every change of this session, oldest first.' })
  @RequireScope(Scope.READ_PAYMENT_SESSIONS)
  async events(@Parent() session: PaymentSessionView, @Context() gql: GqlContext): Promise<PaymentSessionEventModel[]> {
    return ((await this.eventLog.loader(gql.req, session.orgId).load(session.id)) ?? []) as PaymentSessionEventModel[];
  }
}

/** The `Idempotency-Key` header: at most 255 visible ASCII characters. */
function idempotencyKey(req: FastifyRequest): string | undefined {
  const value = req.headers['idempotency-key'];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(value)) {
    throw badInput('Idempotency-Key', 'must be 1 to 255 visible ASCII characters');
  }
  return value;
}

