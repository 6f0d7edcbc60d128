import { UseGuards } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, OffsetPage, RequestContext, StaffApi } from '@paysession/common';
import { ContactModel, ContactsService, toContactModel } from '@paysession/contacts';
import { OrganizationEntity, OrganizationsService } from '@paysession/organizations';
import { deadlineOf, PaymentSessionEventsService, PaymentSessionsService, PaymentSessionStatus, PaymentSessionView, PaymentSessionViews } from '@paysession/payment-sessions';
import { RequireStaffRole, StaffGuard, StaffRole } from '@paysession/staff';
import { WebhookDeliveriesService } from '@paysession/webhooks';
import { AdminGqlContext, perPageCost } from './admin-context';
import { toEventModel, toOutcomeModel } from './admin-payment-session.mapper';
import { AdminPaymentSessionsArgs, CancelPaymentSessionArgs, CancelPaymentSessionsArgs, IdArgs } from './inputs/payment-sessions.args';
import { AdminPaymentSessionEventModel, AdminPaymentSessionModel, AdminPaymentSessionPage, CancelOutcomeModel } from './models/admin-payment-session.model';
import { OrganizationModel } from './models/organization.model';
import { AdminWebhookDeliveryModel } from './models/webhook-delivery.model';
import { toAdminWebhookDelivery } from './webhook-deliveries.resolver';

/**
 * Payment sessions of every organization; operators and admins may cancel them. Each operation
 * is one call to the domain service the merchant API uses, with the staff member as the caller.
 */
@StaffApi()
@UseGuards(StaffGuard)
@Resolver(() => AdminPaymentSessionModel)
export class AdminPaymentSessionsResolver {
  constructor(
    private readonly sessions: PaymentSessionsService,
    private readonly eventLog: PaymentSessionEventsService,
    private readonly organizations: OrganizationsService,
    private readonly contacts: ContactsService,
    private readonly views: PaymentSessionViews,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  @Query(() => AdminPaymentSessionPage, { complexity: perPageCost, description: 'Sessions across organizations, newest first unless sorted' })
  @RequireStaffRole(StaffRole.viewer)
  async paymentSessions(@Ctx() ctx: RequestContext, @Args() args: AdminPaymentSessionsArgs): Promise<OffsetPage<PaymentSessionView>> {
    const page = await this.sessions.listPage(ctx, args);
    return { ...page, nodes: page.nodes.map((s) => this.views.toView(s)) };
  }

  @Query(() => AdminPaymentSessionModel)
  @RequireStaffRole(StaffRole.viewer)
  async paymentSession(@Ctx() ctx: RequestContext, @Args() args: IdArgs): Promise<PaymentSessionView> {
    return this.views.toView(await this.sessions.get(ctx, null, args.id));
  }

  @Mutation(() => AdminPaymentSessionModel, { description: 'Cancels an Active session (operator or admin); the reason goes on the event and in the audit log.' })
  @RequireStaffRole(StaffRole.operator)
  async cancelPaymentSession(@Ctx() ctx: RequestContext, @Args() args: CancelPaymentSessionArgs): Promise<PaymentSessionView> {
    return this.views.toView(await this.sessions.cancel(ctx, { id: args.id, reason: args.reason }));
  }

  @Mutation(() => [CancelOutcomeModel], { description: 'Cancels each Active session of `ids` (operator or admin); reports each one.' })
  @RequireStaffRole(StaffRole.operator)
  async cancelPaymentSessions(@Ctx() ctx: RequestContext, @Args() args: CancelPaymentSessionsArgs) {
    return (await this.sessions.cancelMany(ctx, { ids: args.ids, reason: args.reason })).map((outcome) => toOutcomeModel(outcome, this.views));
  }

  @ResolveField(() => Boolean, { description: 'Whether you may cancel this session now: the transition table, for its status, and your role' })
  canCancel(@Ctx() ctx: RequestContext, @Parent() session: PaymentSessionView): boolean {
    return this.sessions.canCancel(ctx, session.status);
  }

  @ResolveField(() => [PaymentSessionStatus], { description: 'The statuses you may move this session to now: the transition table, for its status, and your role' })
  nextStatuses(@Ctx() ctx: RequestContext, @Parent() session: PaymentSessionView): PaymentSessionStatus[] {
    return this.sessions.nextStatusesFor(ctx, session.status);
  }

  @ResolveField(() => OrganizationModel, { nullable: true })
  organization(@Ctx() ctx: RequestContext, @Parent() session: PaymentSessionView, @Context() { req }: AdminGqlContext): Promise<OrganizationEntity | null> {
    return this.organizations.loader(ctx, req).load(session.orgId);
  }

  @ResolveField(() => ContactModel, { nullable: true, description: 'The contact attached by contactId' })
  async contact(@Parent() session: PaymentSessionView, @Context() { req }: AdminGqlContext): Promise<ContactModel | null> {
    if (!session.contactId) return null;
    const contact = await this.contacts.loader(req, session.orgId).load(session.contactId);
    return contact ? toContactModel(contact) : null;
  }

  @ResolveField(() => Date, { nullable: true, description: 'When the session expires unless something happens first (its deadline); null once it cannot expire' })
  deadline(@Parent() session: PaymentSessionView): Date | null {
    return deadlineOf(session);
  }

  @ResolveField(() => [AdminPaymentSessionEventModel], { description: 'Every change, oldest first (one query per session: ask for it on one session)' })
  async events(@Ctx() ctx: RequestContext, @Parent() session: PaymentSessionView): Promise<AdminPaymentSessionEventModel[]> {
    return (await this.eventLog.ofSession(ctx, session.orgId, session.id)).map(toEventModel);
  }

  @ResolveField(() => [AdminWebhookDeliveryModel], { description: "The session's webhook deliveries, oldest first, with their attempts (ask for it on one session)" })
  async webhookDeliveries(@Ctx() ctx: RequestContext, @Parent() session: PaymentSessionView): Promise<AdminWebhookDeliveryModel[]> {
    return (await this.deliveries.ofSession(ctx, session.orgId, session.id)).map(toAdminWebhookDelivery);
  }

  @Mutation(() => AdminWebhookDeliveryModel, { description: 'Sends a Failed webhook delivery again (operator or admin); audited.' })
  @RequireStaffRole(StaffRole.operator)
  async redeliverWebhook(@Ctx() ctx: RequestContext, @Args() args: IdArgs): Promise<AdminWebhookDeliveryModel> {
    return toAdminWebhookDelivery(await this.deliveries.redeliver(ctx, null, args.id));
  }
}
