import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The console's search index of the email addresses a merchant sent with a session (contactRef
 * and the invoices' billing and shipping contacts). They live inside JSON columns, which no
 * index reaches on both MariaDB and SQLite; this table makes "find the sessions of x@y" an
 * index lookup. Kept in step by StaffSessionSearchIndex, in the transaction of each change.
 */
@Entity('staff_session_emails')
export class StaffSessionEmailEntity {
  /** Lower-cased. */
  @PrimaryColumn({ type: 'varchar', length: 254 })
  email: string;

  @PrimaryColumn({ name: 'session_id', type: 'varchar', length: 40 })
  sessionId: string;
}
