import { Inject, Injectable, Logger } from '@nestjs/common';
import { cappedCount, TOTAL_CAP } from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { forUpdateSkipLocked, Transactions } from '@paysession/database';
import { canMove, DEADLINES, PaymentSessionEntity, PaymentSessionStateMachine, PaymentSessionStatus } from '@paysession/payment-sessions';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { oldestOverdue, sessionsExpired, sweepDuration } from './expiry.metrics';

/** Sessions of one status past their deadline that the sweep has not expired yet. */
export interface SweepBacklog {
  status: PaymentSessionStatus;
  /** How many, up to TOTAL_CAP. */
  overdue: number;
  exact: boolean;
  /** The oldest one's deadline (the sweep is behind by now minus this); null when none. */
  oldestDeadline: Date | null;
}

/** What one sweep did. */
export interface SweepResult {
  expired: number;
  batches: number;
  /** Seconds the oldest overdue session had waited when the sweep started (0: none). */
  behindSeconds: number;
}

/**
 * Which sessions are due, per status: the deadline rule's table (each status with a deadline, and
 * its column), as far as the transition table lets the scheduler expire them. Reads and
 * transitions already treat an overdue session as Expired and write its expiry when they meet it;
 * the sweep is the background cleanup that writes the others, so their `.expired` events go out
 * on time.
 */
const DUE = DEADLINES.filter((due) => canMove(due.status, PaymentSessionStatus.Expired, 'scheduler'));

/**
 * Expires overdue sessions through the state machine, batch after batch in short transactions.
 * Safe when every instance runs it at once: on MariaDB each batch claims its rows with
 * `FOR UPDATE SKIP LOCKED`, so two sweeps never take the same session and neither waits on
 * rows the API is writing; the state machine's compare-and-set is the last guard. SQLite has
 * a single writer, so its batches are serialized by the transaction queue.
 */
@Injectable()
export class ExpirySweepService {
  private readonly logger = new Logger(ExpirySweepService.name);

  constructor(
    @InjectRepository(PaymentSessionEntity) private readonly sessions: Repository<PaymentSessionEntity>,
    private readonly transactions: Transactions,
    private readonly stateMachine: PaymentSessionStateMachine,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Works off everything due at `now`, one transaction per batch, and returns what it did;
   * stops early, after the batch that is running, once `stopping()` says so (a shutdown).
   */
  async sweep(now = new Date(), stopping: () => boolean = () => false): Promise<SweepResult> {
    const stopTimer = sweepDuration.startTimer();
    const behindSeconds = await this.behind(now);
    oldestOverdue.set(behindSeconds);
    let expired = 0;
    let batches = 0;
    try {
      for (const due of DUE) {
        while (!stopping()) {
          const moved = await this.transactions.run((manager) => this.expireBatch(manager, due.status, due.column, now));
          if (moved < 0) break;
          batches++;
          expired += moved;
          sessionsExpired.inc({ from: due.status }, moved);
        }
      }
    } finally {
      stopTimer();
    }
    if (expired || behindSeconds) this.logger.log({ expired, batches, behindSeconds }, `expired ${expired} overdue sessions; the oldest was ${behindSeconds}s overdue`);
    return { expired, batches, behindSeconds };
  }

  /** One batch; returns how many moved, or -1 when nothing was due. */
  private async expireBatch(manager: EntityManager, status: PaymentSessionStatus, column: string, now: Date): Promise<number> {
    const qb = manager
      .createQueryBuilder(PaymentSessionEntity, 's')
      .where(`s.status = :status AND s.${column} <= :now`, { status, now: now.getTime() })
      .orderBy(`s.${column}`, 'ASC')
      .take(this.config.expiry.batchSize);
    const due = await forUpdateSkipLocked(qb).getMany();
    if (!due.length) return -1;
    const moved = await this.stateMachine.transitionMany(manager, due, PaymentSessionStatus.Expired, { kind: 'scheduler' });
    return moved.length;
  }

  /**
   * How far the sweep is behind at `now`, over every organization (it serves them all): per
   * status with a deadline, the overdue sessions not yet expired (up to TOTAL_CAP; `exact` false
   * beyond) and the deadline of the oldest. Range reads on `(status, expiration_date)` and
   * `(status, pending_expires_at)`.
   */
  async backlog(now = new Date()): Promise<SweepBacklog[]> {
    return Promise.all(
      DUE.map(async (due) => {
        const overdue = () => this.sessions.createQueryBuilder('s').where(`s.status = :status AND s.${due.column} <= :now`, { status: due.status, now: now.getTime() });
        const [count, row] = await Promise.all([cappedCount(overdue()), overdue().select(`MIN(s.${due.column})`, 'oldest').getRawOne<{ oldest: string | number | null }>()]);
        const oldest = row?.oldest === null || row?.oldest === undefined ? null : new Date(Number(row.oldest));
        return { status: due.status, overdue: Math.min(count, TOTAL_CAP), exact: count <= TOTAL_CAP, oldestDeadline: oldest };
      }),
    );
  }

  private async behind(now: Date): Promise<number> {
    let oldest = Infinity;
    for (const due of DUE) {
      const row = await this.sessions
        .createQueryBuilder('s')
        .select(`MIN(s.${due.column})`, 'oldest')
        .where(`s.status = :status AND s.${due.column} <= :now`, { status: due.status, now: now.getTime() })
        .getRawOne<{ oldest: string | number | null }>();
      if (row?.oldest !== null && row?.oldest !== undefined) oldest = Math.min(oldest, Number(row.oldest));
    }
    return oldest === Infinity ? 0 : Math.round((now.getTime() - oldest) / 1000);
  }
}
