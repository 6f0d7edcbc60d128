import { bigintNumber } from '@paysession/common';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** `org_id` of the rows that count every organization together. */
export const ALL_ORGS = '';

/**
 * How many sessions of one organization (or of all, {@link ALL_ORGS}) were created, or reached
 * one final status, in one UTC hour: the overview's roll-up, written once per hour that is over
 * (PaymentSessionOverviewService.rollUp).
 */
@Entity('payment_session_hourly_counts')
export class PaymentSessionHourlyCountEntity {
  @PrimaryColumn({ name: 'org_id', type: 'varchar', length: 40 })
  orgId: string;

  /** The hour's start, epoch milliseconds (UTC). */
  @PrimaryColumn({ type: 'bigint', transformer: bigintNumber })
  hour: number;

  /** `created`, or the final status reached (Completed, Canceled, Expired, Rejected). */
  @PrimaryColumn({ type: 'varchar', length: 16 })
  kind: string;

  @Column({ type: 'int' })
  count: number;
}

/** The roll-up's one row: every hour before `rolledUntil` is in PaymentSessionHourlyCountEntity. */
@Entity('payment_session_rollup')
export class PaymentSessionRollupEntity {
  @PrimaryColumn({ type: 'int' })
  id: number;

  /** Epoch milliseconds, on an hour; 0 before the first roll-up. */
  @Column({ name: 'rolled_until', type: 'bigint', transformer: bigintNumber })
  rolledUntil: number;
}
