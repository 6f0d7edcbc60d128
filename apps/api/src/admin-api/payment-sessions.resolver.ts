import { UseGuards } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { StaffApi } from '@paysession/common';
import { OrganizationEntity } from '@paysession/organizations';
import { ContactModel, toContactModel } from '@paysession/contacts';
import { deadlineOf, PaymentSessionView, PaymentSessionViews } from '@paysession/payment-sessions';
import {
  CurrentStaff, OffsetPage, RequireStaffRole, StaffGuard, StaffMerchantDataService, StaffPaymentSessionsService, StaffPrincipal, StaffRole,
  StaffWebhooksService,
} from '@paysession/staff';
import { toWebhookDeliveryModel, WebhookDeliveryModel } from '@paysession/webhooks';
import { AdminGqlContext, perPageCost } from './admin-context';
import { toEventModel, toOutcomeModel } from './admin-payment-session.mapper';
import { AdminPaymentSessionsArgs, CancelPaymentSessionArgs, CancelPaymentSessionsArgs, IdArgs } from './inputs/payment-sessions.args';
import { AdminPaymentSessionEventModel, AdminPaymentSessionModel, AdminPaymentSessionPage, CancelOutcomeModel } from './models/admin-payment-session.model';
import { OrganizationModel } from './models/organization.model';

/** Payment sessions of every organization; operators and admins may cancel Active ones. */
@StaffApi()
@UseGuards(StaffGuard)
@Resolver(() => AdminPaymentSessionModel)
export class AdminPaymentSessionsResolver {
  constructor(
    private readonly sessions: StaffPaymentSessionsService,
    private readonly merchantData: StaffMerchantDataService,
    private readonly views: PaymentSessionViews,
    private readonly webhooks: StaffWebhooksService,
  ) {}

  @Query(() => AdminPaymentSessionPage, { complexity: perPageCost, description: 'Sessions across organizations, newest first unless sorted' })
  @RequireStaffRole(StaffRole.viewer)
  async paymentSessions(@Args() args: AdminPaymentSessionsArgs): Promise<OffsetPage<PaymentSessionView>> {
    const page = await this.sessions.list(args);
    return { ...page, nodes: page.nodes.map((s) => this.views.toView(s)) };
  }

  @Query(() => AdminPaymentSessionModel)
  @RequireStaffRole(StaffRole.viewer)
  async paymentSession(@Args() args: IdArgs): Promise<PaymentSessionView> {
    return this.views.toView(await this.sessions.get(args.id));
  }

  @Mutation(() => AdminPaymentSessionModel, { description: 'Cancels an Active session (operator or admin); the reason goes on the event and in the audit log.' })
  @RequireStaffRole(StaffRole.operator)
  async cancelPaymentSession(@CurrentStaff() staff: StaffPrincipal, @Args() args: CancelPaymentSessionArgs): Promise<PaymentSessionView> {
    return this.views.toView(await this.sessions.cancel(staff, args.id, args.reason));
  }

  @Mutation(() => [CancelOutcomeModel], { description: 'Cancels each Active session of `ids` (operator or admin); reports each one.' })
  @RequireStaffRole(StaffRole.operator)
  async cancelPaymentSessions(@CurrentStaff() staff: StaffPrincipal, @Args() args: CancelPaymentSessionsArgs) {
    return (await this.sessions.cancelMany(staff, args.ids, args.reason)).map((outcome) => toOutcomeModel(outcome, this.views));
  }

  @ResolveField(() => OrganizationModel, { nullable: true })
  organization(@Parent() session: PaymentSessionView, @Context() { req }: AdminGqlContext): Promise<OrganizationEntity | null> {
    return this.merchantData.organizationLoader(req).load(session.orgId);
  }

  @ResolveField(() => ContactModel, { nullable: true, description: 'The contact attached by contactId' })
  async contact(@Parent() session: PaymentSessionView, @Context() { req }: AdminGqlContext): Promise<ContactModel | null> {
    if (!session.contactId) return null;
    const contact = await this.merchantData.contactLoader(req).load(session.contactId);
    return contact ? toContactModel(contact) : null;
  }

  @ResolveField(() => Date, { nullable: true, description: 'When the session expires unless something happens first (its deadline); null once it cannot expire' })
  deadline(@Parent() session: PaymentSessionView): Date | null {
    return deadlineOf(session);
  }

  @ResolveField(() => [AdminPaymentSessionEventModel], { description: 'Every change, oldest first (one query per session: ask for it on one session)' })
  async events(@Parent() session: PaymentSessionView): Promise<AdminPaymentSessionEventModel[]> {
    return (await this.sessions.timeline(session.id)).map(toEventModel);
  }

  @ResolveField(() => [WebhookDeliveryModel], { description: "The session's webhook deliveries, oldest first, with their attempts (ask for it on one session)" })
  async webhookDeliveries(@Parent() session: PaymentSessionView): Promise<WebhookDeliveryModel[]> {
    return (await this.webhooks.ofSession(session.id)).map(toWebhookDeliveryModel);
  }

  @Mutation(() => WebhookDeliveryModel, { description: 'Sends a Failed webhook delivery again (operator or admin); audited.' })
  @RequireStaffRole(StaffRole.operator)
  async redeliverWebhook(@CurrentStaff() staff: StaffPrincipal, @Args() args: IdArgs): Promise<WebhookDeliveryModel> {
    return toWebhookDeliveryModel(await this.webhooks.redeliver(staff, args.id));
  }
}
