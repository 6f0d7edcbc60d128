import { UseGuards } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext, StaffApi } from '@paysession/common';
import { ExpirySweepService } from '@paysession/expiry';
import { OverviewBucket, PaymentSessionOverviewService, PaymentSessionStatus } from '@paysession/payment-sessions';
import { RequireStaffRole, StaffGuard, StaffRole } from '@paysession/staff';
import { WebhookDeliveriesService } from '@paysession/webhooks';
import { OverviewActivityArgs, OverviewNowArgs } from './inputs/overview.args';
import { OverviewActivityModel, OverviewBucketModel, OverviewNowModel } from './models/overview.model';

function toBucket(bucket: OverviewBucket): OverviewBucketModel {
  const c = bucket.counts;
  return {
    start: bucket.start,
    created: c.created ?? 0,
    completed: c[PaymentSessionStatus.Completed] ?? 0,
    expired: c[PaymentSessionStatus.Expired] ?? 0,
    canceled: c[PaymentSessionStatus.Canceled] ?? 0,
    rejected: c[PaymentSessionStatus.Rejected] ?? 0,
  };
}

/**
 * The console's overview (its landing page): each figure is one call to the domain service that
 * owns it — payment sessions, webhooks, the expiry sweep — which answers from aggregate queries.
 */
@StaffApi()
@UseGuards(StaffGuard)
@Resolver()
export class AdminOverviewResolver {
  constructor(
    private readonly overview: PaymentSessionOverviewService,
    private readonly deliveries: WebhookDeliveriesService,
    private readonly sweep: ExpirySweepService,
  ) {}

  @Query(() => OverviewActivityModel, { description: 'Sessions created, completed, expired, canceled and rejected per hour and per day over a range' })
  @RequireStaffRole(StaffRole.viewer)
  async overviewActivity(@Ctx() ctx: RequestContext, @Args() args: OverviewActivityArgs): Promise<OverviewActivityModel> {
    const activity = await this.overview.activity(ctx, args);
    return {
      ...activity,
      hourly: activity.hourly.map(toBucket),
      daily: activity.daily.map(toBucket),
      totals: toBucket({ start: activity.from, counts: activity.totals }),
    };
  }

  @Query(() => OverviewNowModel, { description: 'Pending sessions, failing webhook deliveries and the expiry backlog now' })
  @RequireStaffRole(StaffRole.viewer)
  async overviewNow(@Ctx() ctx: RequestContext, @Args() args: OverviewNowArgs): Promise<OverviewNowModel> {
    const at = new Date();
    const [pending, webhooks, backlog] = await Promise.all([this.overview.pendingNow(ctx, args.orgId, at), this.deliveries.failingNow(ctx, args.orgId, at), this.sweep.backlog(at)]);
    const expirySweep = backlog.map((b) => ({ ...b, behindSeconds: b.oldestDeadline ? Math.max(0, Math.round((at.getTime() - b.oldestDeadline.getTime()) / 1000)) : 0 }));
    return { at, pending, webhooks, expirySweep };
  }
}
