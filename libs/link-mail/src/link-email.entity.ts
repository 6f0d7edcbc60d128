import { epochMillis } from '@paysession/common';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum LinkEmailStatus {
  /** Reserved, being handed to the mail server (or the process stopped while it was). */
  Sending = 'sending',
  Sent = 'sent',
  /** The mail server refused it or did not answer; does not count to the session's limit. */
  Failed = 'failed',
}

/** One email of a payment session's link to its contact (`sendPaymentSessionLink`). */
@Entity('link_emails')
export class LinkEmailEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id: string;

  @Column({ name: 'org_id', type: 'varchar', length: 40 })
  orgId: string;

  @Column({ name: 'session_id', type: 'varchar', length: 40 })
  sessionId: string;

  @Column({ type: 'varchar', length: 320 })
  recipient: string;

  @Column({ type: 'varchar', length: 16 })
  status: LinkEmailStatus;

  /** The Message-ID the mail was sent with. */
  @Column({ name: 'message_id', type: 'varchar', length: 255, nullable: true })
  messageId: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMillis })
  updatedAt: Date;
}
