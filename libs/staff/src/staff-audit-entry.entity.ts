import { epochMillis } from '@paysession/common';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One thing a staff member did, written in the transaction that did it. Append-only. */
@Entity('staff_audit_log')
export class StaffAuditEntryEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id: string;

  @Column({ name: 'staff_id', type: 'varchar', length: 40 })
  staffId: string;

  /** `payment_session.cancel`, `staff.login`, `staff.create`, … (see StaffAuditAction). */
  @Column({ type: 'varchar', length: 64 })
  action: string;

  /** The id of what was acted on: a payment session, a staff account. */
  @Column({ name: 'target_id', type: 'varchar', length: 40 })
  targetId: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Column({ type: 'bigint', transformer: epochMillis })
  at: Date;
}
