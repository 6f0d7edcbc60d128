import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columns } from './columns';

/**
 * Indexes the staff console's cross-organization views need: lists sorted by creation time,
 * amount or status without an org, and the exact-match search (transactionRef, contact email).
 */
const CONSOLE_INDEXES: { table: string; index: TableIndex }[] = [
  { table: 'payment_sessions', index: new TableIndex({ name: 'ix_payment_sessions_created', columnNames: ['created_at', 'id'] }) },
  { table: 'payment_sessions', index: new TableIndex({ name: 'ix_payment_sessions_status_created', columnNames: ['status', 'created_at', 'id'] }) },
  { table: 'payment_sessions', index: new TableIndex({ name: 'ix_payment_sessions_amount', columnNames: ['amount_minor', 'id'] }) },
  { table: 'payment_sessions', index: new TableIndex({ name: 'ix_payment_sessions_transaction_ref', columnNames: ['transaction_ref'] }) },
  { table: 'payment_sessions', index: new TableIndex({ name: 'ix_payment_sessions_contact', columnNames: ['contact_id'] }) },
  { table: 'contacts', index: new TableIndex({ name: 'ix_contacts_created', columnNames: ['created_at', 'id'] }) },
  { table: 'contacts', index: new TableIndex({ name: 'ix_contacts_email', columnNames: ['email'] }) },
  { table: 'checkout_configurations', index: new TableIndex({ name: 'ix_checkout_configurations_created', columnNames: ['created_at', 'id'] }) },
  { table: 'organizations', index: new TableIndex({ name: 'ix_organizations_created', columnNames: ['created_at', 'id'] }) },
];

const BACKFILL_BATCH = 1000;

/** Staff accounts, their sessions, the audit log, and the console's search index (issue 7). */
export class Staff1732600000000 implements MigrationInterface {
  name = 'Staff1732600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    const staff = { columnNames: ['staff_id'], referencedTableName: 'staff', referencedColumnNames: ['id'] };

    await queryRunner.createTable(
      new Table({
        name: 'staff',
        columns: [
          c.id(),
          c.string('email', 254),
          // argon2id PHC string: algorithm, parameters, salt and hash.
          c.exact('password_hash', 255),
          c.exact('role', 16),
          c.bigint('created_at'),
          c.bigint('updated_at'),
          c.bigint('deactivated_at', true),
        ],
        indices: [{ name: 'uq_staff_email', columnNames: ['email'], isUnique: true }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'staff_sessions',
        columns: [
          // SHA-256 of the cookie's token, hex: the token itself is never stored.
          { ...c.exact('token_hash', 64), isPrimary: true },
          c.ref('staff_id'),
          c.bigint('created_at'),
          c.bigint('expires_at'),
        ],
        indices: [{ name: 'ix_staff_sessions_staff', columnNames: ['staff_id', 'expires_at'] }],
        foreignKeys: [staff],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'staff_audit_log',
        columns: [c.id(), c.ref('staff_id'), c.exact('action', 64), c.ref('target_id'), c.string('reason', 500, true), c.bigint('at')],
        indices: [
          { name: 'ix_staff_audit_log_target', columnNames: ['target_id', 'at'] },
          { name: 'ix_staff_audit_log_staff', columnNames: ['staff_id', 'at'] },
        ],
        foreignKeys: [staff],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'staff_session_emails',
        columns: [
          { ...c.string('email', 254), isPrimary: true },
          { ...c.ref('session_id'), isPrimary: true },
        ],
        indices: [{ name: 'ix_staff_session_emails_session', columnNames: ['session_id'] }],
      }),
    );

    for (const { table, index } of CONSOLE_INDEXES) await queryRunner.createIndex(table, index);
    await backfillSessionEmails(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const { table, index } of [...CONSOLE_INDEXES].reverse()) await queryRunner.dropIndex(table, index.name!);
    for (const table of ['staff_session_emails', 'staff_audit_log', 'staff_sessions', 'staff']) await queryRunner.dropTable(table);
  }
}

interface StoredContact {
  contactEmail?: string | null;
}

/**
 * Fills staff_session_emails for the sessions that exist already; from now on the application
 * keeps it in step. The extraction is copied here on purpose: a migration must keep doing what it
 * did when it shipped, whatever the application code becomes.
 */
async function backfillSessionEmails(queryRunner: QueryRunner): Promise<void> {
  let after = '';
  for (;;) {
    const rows: { id: string; contact_ref: string | null; invoice_refs: string | null }[] = await queryRunner.query(
      'SELECT id, contact_ref, invoice_refs FROM payment_sessions WHERE id > ? AND (contact_ref IS NOT NULL OR invoice_refs IS NOT NULL) ORDER BY id LIMIT ?',
      [after, BACKFILL_BATCH],
    );
    if (!rows.length) return;
    const values: string[] = [];
    for (const row of rows) {
      const contacts: (StoredContact | null | undefined)[] = [row.contact_ref ? JSON.parse(row.contact_ref) : null];
      for (const ref of row.invoice_refs ? (JSON.parse(row.invoice_refs) as { billingContact?: StoredContact; shippingContact?: StoredContact }[]) : []) {
        contacts.push(ref.billingContact, ref.shippingContact);
      }
      const emails = new Set(contacts.map((c) => c?.contactEmail?.trim().toLowerCase()).filter((e): e is string => !!e && e.length <= 254));
      for (const email of emails) values.push(email, row.id);
    }
    if (values.length) {
      const placeholders = Array.from({ length: values.length / 2 }, () => '(?, ?)').join(', ');
      await queryRunner.query(`INSERT INTO staff_session_emails (email, session_id) VALUES ${placeholders}`, values);
    }
    after = rows[rows.length - 1].id;
  }
}
