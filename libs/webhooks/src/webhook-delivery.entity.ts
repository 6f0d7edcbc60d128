import { bigintNumber, epochMillis } from '@paysession/common';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum WebhookDeliveryStatus {
  /** Waiting for its next attempt (or for an earlier event of its session). */
  Pending = 'Pending',
  /** Claimed by a worker until `leaseUntil`; a crashed worker's claim lapses. */
  Delivering = 'Delivering',
  Succeeded = 'Succeeded',
  /** Out of attempts, or the endpoint said 410 Gone; can be redelivered by hand. */
  Failed = 'Failed',
}

/** One event to deliver to one callbackUrl: the transactional outbox row. */
@Entity('webhook_deliveries')
export class WebhookDeliveryEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id: string;

  @Column({ name: 'org_id', type: 'varchar', length: 40 })
  orgId: string;

  @Column({ name: 'event_id', type: 'varchar', length: 40 })
  eventId: string;

  @Column({ name: 'event_seq', type: 'bigint', transformer: bigintNumber })
  eventSeq: number;

  @Column({ name: 'session_id', type: 'varchar', length: 40 })
  sessionId: string;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Column({ type: 'varchar', length: 16 })
  status: WebhookDeliveryStatus;

  /** Attempts made so far (the API's `attemptCount`); a manual redelivery starts again at 0. */
  @Column({ name: 'attempt_count', type: 'int' })
  attemptCount: number;

  @Column({ name: 'next_attempt_at', type: 'bigint', transformer: epochMillis })
  nextAttemptAt: Date;

  @Column({ name: 'lease_until', type: 'bigint', nullable: true, transformer: epochMillis })
  leaseUntil: Date | null;

  @Column({ name: 'claim_token', type: 'varchar', length: 32, nullable: true })
  claimToken: string | null;

  @Column({ name: 'last_status_code', type: 'int', nullable: true })
  lastStatusCode: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ name: 'delivered_at', type: 'bigint', nullable: true, transformer: epochMillis })
  deliveredAt: Date | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMillis })
  updatedAt: Date;
}
