import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { PaymentSessionStatus } from '@paysession/payment-sessions';
import { adminOnly } from '../admin-schema.module';

@ObjectType('OverviewBucket', { ...adminOnly, description: 'Payment sessions created, and reaching each final status, in one hour, one day or the whole range' })
export class OverviewBucketModel {
  @Field(() => Date, { description: "The bucket's start" })
  start: Date;

  @Field(() => Int)
  created: number;

  @Field(() => Int, { description: 'Reached Completed (paid)' })
  completed: number;

  @Field(() => Int)
  expired: number;

  @Field(() => Int)
  canceled: number;

  @Field(() => Int)
  rejected: number;
}

@ObjectType('OverviewActivity', { ...adminOnly, description: 'Payment sessions over a range, per hour and per day' })
export class OverviewActivityModel {
  @Field(() => Date, { description: 'The range counted: from, rounded down to the hour' })
  from: Date;

  @Field(() => Date, { description: 'until, rounded up to the hour (exclusive)' })
  until: Date;

  @Field(() => [OverviewBucketModel], { description: 'Every hour of the range, oldest first' })
  hourly: OverviewBucketModel[];

  @Field(() => [OverviewBucketModel], { description: 'Every day of the range (midnight at utcOffsetMinutes), oldest first' })
  daily: OverviewBucketModel[];

  @Field(() => OverviewBucketModel, { description: 'The whole range (start = from)' })
  totals: OverviewBucketModel;

  @Field(() => Float, { nullable: true, description: 'Of the sessions that reached a final status in the range, the share that Completed (0 to 1); null when none did' })
  completionRate: number | null;

  @Field(() => Date, { nullable: true, description: 'Hours before this were read from the hourly roll-up; the rest were counted live' })
  rolledUpUntil: Date | null;
}

@ObjectType('OverviewPendingSession', adminOnly)
export class OverviewPendingSessionModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  orgId: string;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  pendingExpiresAt: Date | null;
}

@ObjectType('OverviewPending', { ...adminOnly, description: 'Payment sessions Pending now (their pendingExpiresAt still ahead)' })
export class OverviewPendingModel {
  @Field(() => Int)
  count: number;

  @Field(() => OverviewPendingSessionModel, { nullable: true, description: 'The one created longest ago' })
  oldest: OverviewPendingSessionModel | null;
}

@ObjectType('OverviewDueDelivery', adminOnly)
export class OverviewDueDeliveryModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  sessionId: string;

  @Field(() => ID)
  orgId: string;

  @Field(() => Date, { description: 'When its next attempt became due' })
  dueAt: Date;

  @Field(() => Int)
  attemptCount: number;
}

@ObjectType('OverviewWebhooks', { ...adminOnly, description: 'Webhook deliveries failing now' })
export class OverviewWebhooksModel {
  @Field(() => Int, { description: 'Waiting for another attempt after a failed one' })
  retrying: number;

  @Field(() => Int, { description: 'Given up on (Failed; can be redelivered), up to 10,000' })
  failed: number;

  @Field()
  failedIsExact: boolean;

  @Field(() => OverviewDueDeliveryModel, { nullable: true, description: 'The delivery whose attempt has been due longest (the worker is that far behind); null when none is due' })
  oldestDue: OverviewDueDeliveryModel | null;
}

@ObjectType('OverviewSweepBacklog', { ...adminOnly, description: 'Sessions of one status past their deadline that the expiry sweep has not expired yet (every organization)' })
export class OverviewSweepBacklogModel {
  @Field(() => PaymentSessionStatus)
  status: PaymentSessionStatus;

  @Field(() => Int, { description: 'How many, up to 10,000' })
  overdue: number;

  @Field()
  exact: boolean;

  @Field(() => Date, { nullable: true, description: "The oldest one's deadline" })
  oldestDeadline: Date | null;

  @Field(() => Int, { description: 'Seconds the sweep is behind: now minus the oldest deadline (0 when none is overdue)' })
  behindSeconds: number;
}

@ObjectType('OverviewNow', { ...adminOnly, description: 'What needs attention now' })
export class OverviewNowModel {
  @Field(() => Date)
  at: Date;

  @Field(() => OverviewPendingModel)
  pending: OverviewPendingModel;

  @Field(() => OverviewWebhooksModel)
  webhooks: OverviewWebhooksModel;

  @Field(() => [OverviewSweepBacklogModel], { description: 'Per status with a deadline (Active, Pending)' })
  expirySweep: OverviewSweepBacklogModel[];
}
