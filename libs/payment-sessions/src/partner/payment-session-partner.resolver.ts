import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Ctx, PartnerOnly, RequestContext } from '@paysession/common';
import { PaymentSessionViews } from '../payment-session.view';
import { PaymentSessionEntity } from '../payment-session.entity';
import {
  PaymentSessionPendingArgs, PaymentSessionPendingPayload, PaymentSessionRejectArgs, PaymentSessionRejectPayload, PaymentSessionResolveArgs,
  PaymentSessionResolvePayload,
} from './partner.models';
import { PaymentSessionPartnerService } from './payment-session-partner.service';

/**
 * The payments partner's mutations, shaped like Shopify's: `{ paymentSession, userErrors }`. Only a
 * partner's own key may call them (a merchant key gets FORBIDDEN from the guard).
 */
@Resolver()
export class PaymentSessionPartnerResolver {
  constructor(
    private readonly partner: PaymentSessionPartnerService,
    private readonly views: PaymentSessionViews,
  ) {}

  @Mutation(() => PaymentSessionPendingPayload, { description: 'Change a payment session status to pending.' })
  @PartnerOnly()
  async paymentSessionPending(@Ctx() ctx: RequestContext, @Args() args: PaymentSessionPendingArgs) {
    return this.payload(await this.partner.pending(ctx, args.id, args.pendingExpiresAt, args.reason));
  }

  @Mutation(() => PaymentSessionResolvePayload, { description: 'Resolve a payment session: the payment succeeded.' })
  @PartnerOnly()
  async paymentSessionResolve(@Ctx() ctx: RequestContext, @Args() args: PaymentSessionResolveArgs) {
    return this.payload(await this.partner.resolve(ctx, args.id, args));
  }

  @Mutation(() => PaymentSessionRejectPayload, { description: 'Reject a payment session: the payment failed.' })
  @PartnerOnly()
  async paymentSessionReject(@Ctx() ctx: RequestContext, @Args() args: PaymentSessionRejectArgs) {
    return this.payload(await this.partner.reject(ctx, args.id, args.reason));
  }

  private payload<E>(outcome: { session: PaymentSessionEntity | null; userErrors: E[] }) {
    return { paymentSession: outcome.session ? this.views.toView(outcome.session) : null, userErrors: outcome.userErrors };
  }
}
