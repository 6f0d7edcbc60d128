import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType, URLScalar } from '@paysession/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsOptional, IsString, ValidateNested } from 'class-validator';
import { WebhookDeliveryStatus } from '../webhook-delivery.entity';

registerEnumType(WebhookDeliveryStatus, { name: 'WebhookDeliveryStatus' });

@ObjectType('WebhookAttempt')
export class WebhookAttemptModel {
  @Field(() => ID)
  id: string;

  @Field(() => Date)
  attemptedAt: Date;

  @Field(() => Int)
  durationMs: number;

  @Field(() => Int, { nullable: true, description: 'HTTP status, null when no response came' })
  statusCode: number | null;

  @Field(() => String, { nullable: true })
  error: string | null;

  @Field(() => String, { nullable: true, description: 'The first 1000 characters of the response body' })
  responseExcerpt: string | null;
}

@ObjectType('WebhookDelivery', { description: 'One event sent (or to send) to a session callbackUrl.' })
export class WebhookDeliveryModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  eventId: string;

  @Field(() => ID)
  sessionId: string;

  @Field()
  url: string;

  @Field(() => WebhookDeliveryStatus)
  status: WebhookDeliveryStatus;

  @Field(() => Int)
  attemptCount: number;

  @Field(() => Date, { nullable: true, description: 'When the next attempt is due (Pending only)' })
  nextAttemptAt: Date | null;

  @Field(() => Int, { nullable: true })
  lastStatusCode: number | null;

  @Field(() => String, { nullable: true })
  lastError: string | null;

  @Field(() => Date, { nullable: true })
  deliveredAt: Date | null;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => [WebhookAttemptModel])
  attempts: WebhookAttemptModel[];
}

export const WebhookDeliveryConnection = ConnectionType(WebhookDeliveryModel, 'WebhookDelivery');

@ObjectType('RotateWebhookSecretPayload')
export class RotateWebhookSecretPayload {
  @Field({ description: 'The new whsec_ secret, shown only now. The previous one keeps signing during the grace period.' })
  secret: string;
}

@InputType()
export class WebhookDeliveryFilter {
  @Field(() => [WebhookDeliveryStatus], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(4)
  @IsEnum(WebhookDeliveryStatus, { each: true })
  status?: WebhookDeliveryStatus[] | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  sessionId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  eventId?: string | null;
}

@ArgsType()
export class WebhookDeliveriesArgs {
  @Field(() => ID)
  @IsString()
  orgId: string;

  @Field(() => WebhookDeliveryFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => WebhookDeliveryFilter)
  filter?: WebhookDeliveryFilter | null;

  @Field(() => Int, { nullable: true, description: 'Page size, 1 to 100 (default 20)' })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

@ArgsType()
export class RedeliverWebhookArgs {
  @Field(() => ID)
  @IsString()
  orgId: string;

  @Field(() => ID)
  @IsString()
  deliveryId: string;
}

@ArgsType()
export class SendTestWebhookArgs {
  @Field(() => ID)
  @IsString()
  orgId: string;

  @Field(() => URLScalar, { description: 'Where to send it; held to the rules of a callbackUrl' })
  @IsString()
  url: string;
}

@ObjectType('WebhookTestResult', { description: 'What became of a signed webhook.test event sent at once (nothing is stored or retried).' })
export class WebhookTestResultModel {
  @Field(() => ID, { description: 'The test event id, also its webhook-id header' })
  webhookId: string;

  @Field()
  url: string;

  @Field({ description: 'True when the endpoint answered 2xx' })
  delivered: boolean;

  @Field(() => Int, { nullable: true, description: 'HTTP status, null when no response came' })
  statusCode: number | null;

  @Field(() => String, { nullable: true, description: 'Why it was not delivered: a connection error, a timeout or the status' })
  error: string | null;

  @Field(() => Int)
  durationMs: number;

  @Field(() => String, { nullable: true, description: 'The first 1000 characters of the response body' })
  responseExcerpt: string | null;
}
