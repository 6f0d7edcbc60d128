import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext, RequireScope, Scope } from '@paysession/common';
import { PaymentSessionModel, PaymentSessionView, PaymentSessionViews } from '@paysession/payment-sessions';
import { LinkEmailsService } from './link-emails.service';

@Resolver()
export class LinkEmailsResolver {
  constructor(
    private readonly linkEmails: LinkEmailsService,
    private readonly views: PaymentSessionViews,
  ) {}

  @Mutation(() => PaymentSessionModel, {
    description:
      "Emails the session's link to its contact (the attached contact's email, else contactRef.contactEmail). Only for Active sessions; at most LINK_EMAILS_PER_SESSION times in 24 hours. Recorded as a payment_session.link_sent event.",
  })
  @RequireScope(Scope.WRITE_PAYMENT_SESSIONS)
  async sendPaymentSessionLink(@Ctx() ctx: RequestContext, @Args('orgId', { type: () => ID }) orgId: string, @Args('id', { type: () => ID }) id: string): Promise<PaymentSessionView> {
    return this.views.toView(await this.linkEmails.send(ctx, orgId, id));
  }
}
