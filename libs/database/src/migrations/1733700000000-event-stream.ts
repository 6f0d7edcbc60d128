import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { columns } from './columns';

/**
 * The org's event stream without a per-org lock (issue 17): each event gets its place in the
 * stream (`stream_position`) after it commits, from a sequencer (PaymentSessionEventSequencer),
 * instead of taking `seq` at insert under the organization's row lock. `event_stream_sequencer`
 * holds the one row sequencers serialize on and the last position handed out. Events written
 * before this migration committed in `seq` order within their org (the lock), so their position
 * is their `seq`.
 */
export class EventStream1733700000000 implements MigrationInterface {
  name = 'EventStream1733700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.addColumn('payment_session_events', new TableColumn(c.bigint('stream_position', true)));
    await queryRunner.query('UPDATE payment_session_events SET stream_position = seq');
    // The stream's read (org, position), and the sequencer's scan for events without one (NULLs
    // first, in seq order: the primary key is the index's tail on both databases).
    await queryRunner.createIndex('payment_session_events', new TableIndex({ name: 'ix_payment_session_events_org_position', columnNames: ['org_id', 'stream_position'] }));
    await queryRunner.createIndex('payment_session_events', new TableIndex({ name: 'ix_payment_session_events_position', columnNames: ['stream_position'] }));
    await queryRunner.dropIndex('payment_session_events', 'ix_payment_session_events_org_seq');
    await queryRunner.createTable(
      new Table({
        name: 'event_stream_sequencer',
        columns: [
          { name: 'id', type: 'int', isPrimary: true },
          c.bigint('last_position'),
        ],
      }),
    );
    await queryRunner.query('INSERT INTO event_stream_sequencer (id, last_position) SELECT 1, COALESCE(MAX(seq), 0) FROM payment_session_events');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('event_stream_sequencer');
    await queryRunner.createIndex('payment_session_events', new TableIndex({ name: 'ix_payment_session_events_org_seq', columnNames: ['org_id', 'seq'] }));
    await queryRunner.dropIndex('payment_session_events', 'ix_payment_session_events_position');
    await queryRunner.dropIndex('payment_session_events', 'ix_payment_session_events_org_position');
    await queryRunner.dropColumn('payment_session_events', 'stream_position');
  }
}
