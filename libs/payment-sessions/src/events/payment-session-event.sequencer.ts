import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { Transactions } from '@paysession/database';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { EventStreamSequencerEntity } from './event-stream-sequencer.entity';
import { PaymentSessionEventEntity } from './payment-session-event.entity';

/** Events given positions per sequencer transaction. */
const BATCH = 1000;

/**
 * Gives committed events their place in the org's stream (`stream_position`), in the order it
 * sees them commit, so that `paymentSessionEvents(after:)` never skips an event that committed
 * late and writers of one organization never wait on each other.
 *
 * An event is inserted without a position. After each commit that wrote events, the writing
 * instance runs the sequencer before it answers (so a client reads its own writes in the stream);
 * a tick every EVENT_SEQUENCER_TICK_MS catches the events of a writer that stopped in between.
 * One run: read the committed events without a position in `seq` order (an open transaction's
 * rows are not visible at READ COMMITTED, so they wait for a later run), then, in one transaction,
 * advance the sequencer row's last position by the batch's span (its lock queues every
 * instance's sequencer, briefly) and number the events after the position it held (see
 * {@link place}). Two round trips on MariaDB. Positions therefore only grow, in commit order of the
 * sequencer runs: a reader that has seen position p never later finds a new event at or below p.
 * Events of one session are written by transactions that lock the session row, so they commit,
 * and are numbered, in their `seq` order.
 *
 * Runs on one instance coalesce: a caller waits for a run that starts after its call, and every
 * caller arriving during a run shares the next one.
 */
@Injectable()
export class PaymentSessionEventSequencer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PaymentSessionEventSequencer.name);
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @InjectRepository(PaymentSessionEventEntity) private readonly events: Repository<PaymentSessionEventEntity>,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.eventSequencerTickMs) return;
    this.timer = setInterval(() => void this.sequence(), this.config.eventSequencerTickMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.next;
    await this.running;
  }

  /**
   * Positions every event committed before this call (and any committed meanwhile); resolves
   * when done. Never rejects: a failed run is logged, and the next run or tick retries it.
   */
  sequence(): Promise<void> {
    if (!this.running) return this.start();
    this.next ??= this.running.then(() => {
      this.next = null;
      return this.start();
    });
    return this.next;
  }

  private start(): Promise<void> {
    this.running = this.drain()
      .catch((error) => this.logger.warn(error, 'sequencing events failed; the next write or tick retries'))
      .finally(() => (this.running = null));
    return this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const seqs = await this.unplaced();
      if (!seqs.length) return;
      await this.transactions.run(async (manager) => this.place(manager, seqs));
      if (seqs.length < BATCH) return;
    }
  }

  /**
   * The `seq` of up to BATCH committed events without a position, ascending: a plain read, outside
   * any transaction and without a lock (an open transaction's rows are not visible at READ
   * COMMITTED, so they wait for a later run). Most runs after a burst of commits find their
   * events placed by the run before, and end here.
   */
  private async unplaced(): Promise<number[]> {
    const rows = await this.events
      .createQueryBuilder('e')
      .select('e.seq', 'seq')
      .where('e.stream_position IS NULL')
      .orderBy('e.seq', 'ASC')
      .limit(BATCH)
      .getRawMany<{ seq: number | string }>();
    return rows.map((row) => Number(row.seq));
  }

  /**
   * One sequencer transaction: positions the events `seqs` (ascending) that are still without one.
   * Both statements are deferred to the commit (Transactions.defer), and the transaction reads
   * nothing, so on MariaDB START TRANSACTION, both UPDATEs and COMMIT go to the server in one
   * round trip.
   *
   * The first UPDATE advances the cursor by the batch's span (last seq − first seq + 1) and holds
   * its row's lock until COMMIT: every other sequencer queues there. The second numbers the
   * events after the previous last position, `seq + (new last position − last seq)`: increasing
   * in seq order, the first one right after the previous last position (positions have gaps where
   * events committed late). It reads the cursor as this transaction left it (a transaction sees
   * its own writes), which no other sequencer can change before COMMIT. An event of the batch
   * that another sequencer placed between the read and the lock keeps its position
   * (`stream_position IS NULL`), leaving a gap.
   */
  private place(manager: EntityManager, seqs: number[]): void {
    const first = seqs[0];
    const last = seqs[seqs.length - 1];
    const span = last - first + 1;
    if (!Number.isSafeInteger(span) || span < seqs.length) throw new Error(`unplaced events out of order: ${first}..${last}`);
    this.transactions.defer(manager, manager.createQueryBuilder().update(EventStreamSequencerEntity).set({ lastPosition: () => `last_position + ${span}` }).where('id = 1'));
    this.transactions.defer(
      manager,
      manager
        .createQueryBuilder()
        .update(PaymentSessionEventEntity)
        .set({ streamPosition: () => `seq + (SELECT last_position FROM event_stream_sequencer WHERE id = 1) - ${last}` })
        .where('seq IN (:...seqs)', { seqs })
        .andWhere('stream_position IS NULL'),
    );
  }
}
