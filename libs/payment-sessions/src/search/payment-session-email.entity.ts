import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The search index of the email addresses a merchant sent with a session (contactRef and the
 * invoices' billing and shipping contacts). They live inside JSON columns, which no index reaches
 * on both MariaDB and SQLite; this table makes "find the sessions of x@y" an index lookup. Kept in
 * step by PaymentSessionSearchIndex, in the transaction of each change. The table keeps the name
 * it was created with (staff_session_emails), from when only the console searched it.
 */
@Entity('staff_session_emails')
export class PaymentSessionEmailEntity {
  /** Lower-cased. */
  @PrimaryColumn({ type: 'varchar', length: 254 })
  email: string;

  @PrimaryColumn({ name: 'session_id', type: 'varchar', length: 40 })
  sessionId: string;
}
