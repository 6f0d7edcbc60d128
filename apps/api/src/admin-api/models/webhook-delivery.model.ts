import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { WebhookDeliveryModel } from '@paysession/webhooks';
import { adminOnly } from '../admin-schema.module';

@ObjectType('AdminWebhookAttempt', { ...adminOnly, description: 'One HTTP attempt of a webhook delivery, as the console shows it.' })
export class AdminWebhookAttemptModel {
  @Field(() => ID)
  id: string;

  @Field(() => Date, { description: 'When the request was sent' })
  attemptedAt: Date;

  @Field(() => Int, { description: 'Milliseconds from sending the request to the end of the response (or the failure)' })
  durationMs: number;

  @Field(() => Int, { nullable: true, description: 'The HTTP status; null when no response came' })
  statusCode: number | null;

  @Field(() => String, { nullable: true, description: 'Why the attempt failed (a connection error, a timeout, a non-2xx status); null when it succeeded' })
  error: string | null;

  @Field(() => String, { nullable: true, description: 'The first 1000 characters of the response body' })
  responseExcerpt: string | null;
}

/**
 * A webhook delivery as the console sees it: the fields the merchant's WebhookDelivery has, its
 * attempts in full, and resolved fields of the console's own (`canRedeliver`, `payload`), on a
 * type of its own so that none of them reaches the merchant schema.
 */
@ObjectType('AdminWebhookDelivery', { ...adminOnly, description: "One event sent (or to send) to a session's callbackUrl, with its attempts and the body it sends." })
export class AdminWebhookDeliveryModel extends WebhookDeliveryModel {
  @Field(() => [AdminWebhookAttemptModel], { description: 'Every attempt, oldest first' })
  declare attempts: AdminWebhookAttemptModel[];

  /** The org whose callbackUrl it goes to (resolvers read it; not a field). */
  orgId: string;
}
