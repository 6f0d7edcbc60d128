import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { forUpdate, Transactions } from '@paysession/database';
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
 * One run: lock the sequencer row (every instance's sequencer queues on it, briefly), read the
 * committed events without a position in `seq` order (an open transaction's rows are not visible
 * at READ COMMITTED, so they wait for a later run), and number them after the last position
 * handed out, all in one transaction. Positions therefore only grow, in commit order of the
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
    // Most runs after a burst of commits find their events placed by the run before: one indexed
    // read then instead of a transaction on the sequencer row (what it sees includes every commit
    // before this run started, since positions are committed together).
    if (!(await this.anyUnplaced())) return;
    while ((await this.transactions.run((manager) => this.batch(manager))) === BATCH);
  }

  private async anyUnplaced(): Promise<boolean> {
    const row = await this.events.createQueryBuilder('e').select('e.seq', 'seq').where('e.stream_position IS NULL').limit(1).getRawOne();
    return row !== undefined;
  }

  /** One sequencer transaction; returns how many events it positioned. */
  private async batch(manager: EntityManager): Promise<number> {
    const cursor = await forUpdate(manager.createQueryBuilder(EventStreamSequencerEntity, 'c').where('c.id = 1')).getOneOrFail();
    const rows = await manager
      .createQueryBuilder(PaymentSessionEventEntity, 'e')
      .select('e.seq', 'seq')
      .where('e.stream_position IS NULL')
      .orderBy('e.seq', 'ASC')
      .limit(BATCH)
      .getRawMany<{ seq: number | string }>();
    if (!rows.length) return 0;
    const seqs = rows.map((row) => Number(row.seq));
    // position = seq + offset: increasing in seq order within the batch, and the first one right
    // after the last position handed out (positions have gaps where events committed late).
    const offset = cursor.lastPosition - seqs[0] + 1;
    if (!Number.isSafeInteger(offset)) throw new Error(`stream position offset out of range: ${offset}`);
    // Both writes are deferred to the commit (Transactions.defer): on MariaDB they go with the
    // COMMIT in one round trip, and nothing here reads what they wrote.
    this.transactions.defer(
      manager,
      manager
        .createQueryBuilder()
        .update(PaymentSessionEventEntity)
        .set({ streamPosition: () => `seq + ${offset}` })
        .where('seq IN (:...seqs)', { seqs }),
    );
    this.transactions.defer(manager, manager.createQueryBuilder().update(EventStreamSequencerEntity).set({ lastPosition: seqs[seqs.length - 1] + offset }).where('id = 1'));
    return seqs.length;
  }
}
