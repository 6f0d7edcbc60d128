import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { badInput, orgFilter, RequestContext } from '@paysession/common';
import { Transactions } from '@paysession/database';
import { EntityManager, Repository } from 'typeorm';
import { PaymentSessionEntity } from '../payment-session.entity';
import { PaymentSessionStatus } from '../payment-session.types';
import { finalStatuses } from '../state-machine/transition-table';
import { ALL_ORGS, PaymentSessionHourlyCountEntity, PaymentSessionRollupEntity } from './payment-session-hourly-count.entity';

export const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The longest range the overview counts over, in days. */
export const MAX_OVERVIEW_DAYS = 31;

/**
 * Hours that ended less than this long ago are not rolled up yet: a transition stamps its
 * `updated_at` before it commits (within DB_TRANSACTION_TIMEOUT_MS), and instances' clocks may
 * differ a little; counted live until then, such a late row is never missed.
 */
export const ROLLUP_GRACE_MS = 5 * 60_000;

/** Hours one roll-up transaction counts (one range read per kind). */
const ROLLUP_CHUNK_HOURS = 24;

/** What the overview counts per bucket: sessions created, and sessions that reached each final status. */
export type OverviewKind = 'created' | PaymentSessionStatus;

/** The kinds counted: `created`, then the final statuses of the transition table. */
export function overviewKinds(): OverviewKind[] {
  return ['created', ...finalStatuses()];
}

/** Counts of one bucket (an hour, a day, the whole range), by kind; absent kinds are 0. */
export interface OverviewBucket {
  /** The bucket's start (UTC; a day starts at midnight of the requested offset). */
  start: Date;
  counts: Partial<Record<OverviewKind, number>>;
}

export interface OverviewActivity {
  /** The range counted: `from` rounded down and `until` rounded up to whole hours. */
  from: Date;
  until: Date;
  /** Every hour of the range, oldest first (zeros included). */
  hourly: OverviewBucket[];
  /** Every day of the range at `utcOffsetMinutes`, oldest first (the first and last may be partial). */
  daily: OverviewBucket[];
  totals: Partial<Record<OverviewKind, number>>;
  /**
   * Of the sessions that reached a final status in the range, the share that Completed (0–1);
   * null when none did.
   */
  completionRate: number | null;
  /** Hours before this instant were read from the roll-up, the rest counted live. */
  rolledUpUntil: Date | null;
}

export interface PendingNow {
  /** Sessions Pending now (their pendingExpiresAt still ahead: past it they are Expired). */
  count: number;
  /** The longest-waiting of them (by creation), or null. */
  oldest: { id: string; orgId: string; createdAt: Date; pendingExpiresAt: Date | null } | null;
}

const floorHour = (ms: number) => ms - (((ms % HOUR_MS) + HOUR_MS) % HOUR_MS);
const ceilHour = (ms: number) => floorHour(ms + HOUR_MS - 1);

/**
 * The console overview's figures for payment sessions (issue 19), from aggregate queries on
 * indexes — no session row is read into the process:
 *
 * - sessions created and reaching each final status per hour: hours that are over come from the
 *   roll-up table (`payment_session_hourly_counts`, kept by {@link rollUp}), the hours since are
 *   counted live on `(created_at)`/`(org_id, created_at)` and `(status, updated_at, org_id)`;
 *   a final status is counted at the time it was reached (`updated_at`: a session in a final
 *   status is never written again);
 * - Pending now and the oldest, on `(status, org_id, pending_expires_at, created_at)`.
 */
@Injectable()
export class PaymentSessionOverviewService {
  private readonly logger = new Logger(PaymentSessionOverviewService.name);

  constructor(
    @InjectRepository(PaymentSessionEntity) private readonly sessions: Repository<PaymentSessionEntity>,
    @InjectRepository(PaymentSessionHourlyCountEntity) private readonly hourly: Repository<PaymentSessionHourlyCountEntity>,
    @InjectRepository(PaymentSessionRollupEntity) private readonly rollup: Repository<PaymentSessionRollupEntity>,
    private readonly transactions: Transactions,
  ) {}

  /**
   * Sessions created, completed, expired, canceled and rejected per hour and per day over
   * [`from`, `until`), of one organization or (staff, `orgId` null) of all.
   *
   * @throws DomainError BAD_USER_INPUT (`until`: not after `from`, or more than MAX_OVERVIEW_DAYS
   *   days; `utcOffsetMinutes`: not whole hours from -720 to 840); NOT_FOUND (`orgId`) for a
   *   merchant naming another org.
   */
  async activity(ctx: RequestContext, query: { orgId?: string | null; from: Date; until: Date; utcOffsetMinutes?: number | null }): Promise<OverviewActivity> {
    const org = orgFilter(ctx, query.orgId, 'Organization');
    const offset = query.utcOffsetMinutes ?? 0;
    if (!Number.isInteger(offset) || offset % 60 !== 0 || offset < -720 || offset > 840) {
      throw badInput('utcOffsetMinutes', 'utcOffsetMinutes must be whole hours (a multiple of 60) from -720 to 840');
    }
    const from = floorHour(query.from.getTime());
    const until = ceilHour(query.until.getTime());
    if (until <= from) throw badInput('until', 'until must be after from');
    if (until - from > MAX_OVERVIEW_DAYS * DAY_MS) throw badInput('until', `The overview covers at most ${MAX_OVERVIEW_DAYS} days`);

    const rolledUntil = (await this.rollup.findOneBy({ id: 1 }))?.rolledUntil ?? 0;
    const byHour = new Map<number, Partial<Record<OverviewKind, number>>>();
    const add = (hour: number, kind: OverviewKind, count: number) => {
      const counts = byHour.get(hour) ?? {};
      counts[kind] = (counts[kind] ?? 0) + count;
      byHour.set(hour, counts);
    };
    const split = Math.min(Math.max(rolledUntil, from), until);
    const [rolled, live] = await Promise.all([
      split > from
        ? this.hourly
            .createQueryBuilder('h')
            .select(['h.hour AS hour', 'h.kind AS kind', 'h.count AS count'])
            .where('h.org_id = :org AND h.hour >= :from AND h.hour < :until', { org: org ?? ALL_ORGS, from, until: split })
            .getRawMany<{ hour: string | number; kind: OverviewKind; count: string | number }>()
        : [],
      split < until ? this.countLive(this.sessions.manager, split, until, org) : [],
    ]);
    for (const row of rolled) add(Number(row.hour), row.kind, Number(row.count));
    for (const row of live) add(row.hour, row.kind, row.count);

    const kinds = overviewKinds();
    const hourly: OverviewBucket[] = [];
    const daily: OverviewBucket[] = [];
    const totals: Partial<Record<OverviewKind, number>> = {};
    const offsetMs = offset * 60_000;
    for (let hour = from; hour < until; hour += HOUR_MS) {
      const counts = byHour.get(hour) ?? {};
      hourly.push({ start: new Date(hour), counts });
      const dayStart = Math.floor((hour + offsetMs) / DAY_MS) * DAY_MS - offsetMs;
      let day = daily[daily.length - 1];
      if (!day || day.start.getTime() !== dayStart) daily.push((day = { start: new Date(dayStart), counts: {} }));
      for (const kind of kinds) {
        if (!counts[kind]) continue;
        day.counts[kind] = (day.counts[kind] ?? 0) + counts[kind]!;
        totals[kind] = (totals[kind] ?? 0) + counts[kind]!;
      }
    }
    const finished = finalStatuses().reduce((sum, status) => sum + (totals[status] ?? 0), 0);
    return {
      from: new Date(from),
      until: new Date(until),
      hourly,
      daily,
      totals,
      completionRate: finished ? (totals[PaymentSessionStatus.Completed] ?? 0) / finished : null,
      rolledUpUntil: rolledUntil ? new Date(rolledUntil) : null,
    };
  }

  /**
   * How many sessions are Pending now (deadline ahead) and the one that has waited longest, of
   * one organization or (staff, `orgId` null) of all.
   *
   * @throws DomainError NOT_FOUND (`orgId`) for a merchant naming another org.
   */
  async pendingNow(ctx: RequestContext, orgId: string | null | undefined, now = new Date()): Promise<PendingNow> {
    const org = orgFilter(ctx, orgId, 'Organization');
    const qb = this.sessions
      .createQueryBuilder('s')
      .select('COUNT(*)', 'n')
      .addSelect('MIN(s.created_at)', 'oldest')
      .where('s.status = :status', { status: PaymentSessionStatus.Pending })
      .andWhere('(s.pending_expires_at IS NULL OR s.pending_expires_at > :now)', { now: now.getTime() });
    if (org !== null) qb.andWhere('s.org_id = :org', { org });
    const row = await qb.getRawOne<{ n: string | number; oldest: string | number | null }>();
    const count = Number(row?.n ?? 0);
    if (!count || row?.oldest === null || row?.oldest === undefined) return { count, oldest: null };
    const oldest = this.sessions
      .createQueryBuilder('s')
      .select(['s.id', 's.orgId', 's.createdAt', 's.pendingExpiresAt'])
      .where('s.status = :status AND s.created_at = :at', { status: PaymentSessionStatus.Pending, at: Number(row.oldest) })
      .andWhere('(s.pending_expires_at IS NULL OR s.pending_expires_at > :now)', { now: now.getTime() })
      .orderBy('s.id', 'ASC')
      .limit(1);
    if (org !== null) oldest.andWhere('s.org_id = :org', { org });
    const session = await oldest.getOne();
    return { count, oldest: session ? { id: session.id, orgId: session.orgId, createdAt: session.createdAt, pendingExpiresAt: session.pendingExpiresAt } : null };
  }

  /**
   * Rolls up the hours that are over (ended ROLLUP_GRACE_MS before `now`) and not rolled up yet,
   * ROLLUP_CHUNK_HOURS at a time, at most `maxHours` per call; returns how many hours it counted
   * and where the roll-up stands. Safe when every instance runs it at once: each chunk is claimed
   * by moving `payment_session_rollup.rolled_until` with a compare-and-set in the transaction
   * that writes its counts, so a chunk is written once (the loser of a race writes nothing and
   * reads the new position). Stretches without sessions are skipped in one step.
   */
  async rollUp(now = new Date(), maxHours = 31 * 24): Promise<{ hours: number; rolledUntil: Date }> {
    const sealable = floorHour(now.getTime() - ROLLUP_GRACE_MS);
    let hours = 0;
    let position = (await this.rollup.findOneBy({ id: 1 }))?.rolledUntil ?? 0;
    while (position < sealable && hours < maxHours) {
      const next = await this.nextActivity(position);
      const start = next === null ? sealable : Math.min(Math.max(position, floorHour(next)), sealable);
      const end = Math.min(start + ROLLUP_CHUNK_HOURS * HOUR_MS, sealable);
      const claimed = await this.transactions.run(async (manager) => {
        const moved = await manager
          .createQueryBuilder()
          .update(PaymentSessionRollupEntity)
          .set({ rolledUntil: end })
          .where('id = 1 AND rolled_until = :position', { position })
          .execute();
        if (!moved.affected) return false;
        if (end > start) await this.writeCounts(manager, await this.countLive(manager, start, end, null, true));
        return true;
      });
      if (claimed) {
        hours += (end - start) / HOUR_MS;
        position = end;
      } else {
        // Another instance took this chunk: go on from where it left the roll-up.
        position = (await this.rollup.findOneBy({ id: 1 }))?.rolledUntil ?? position;
      }
    }
    if (hours) this.logger.log({ hours, rolledUntil: new Date(position).toISOString() }, `rolled up ${hours} hours of payment sessions`);
    return { hours, rolledUntil: new Date(position) };
  }

  /** The first instant at or after `from` at which a session was created or reached a final status, or null. */
  private async nextActivity(from: number): Promise<number | null> {
    const firsts = await Promise.all([
      this.sessions.createQueryBuilder('s').select('MIN(s.created_at)', 'at').where('s.created_at >= :from', { from }).getRawOne<{ at: string | number | null }>(),
      ...finalStatuses().map((status) =>
        this.sessions
          .createQueryBuilder('s')
          .select('MIN(s.updated_at)', 'at')
          .where('s.status = :status AND s.updated_at >= :from', { status, from })
          .getRawOne<{ at: string | number | null }>(),
      ),
    ]);
    const found = firsts.map((row) => row?.at).filter((at): at is string | number => at !== null && at !== undefined).map(Number);
    return found.length ? Math.min(...found) : null;
  }

  /**
   * Counts per hour over [`from`, `until`) straight from `payment_sessions`: created on the
   * creation index, final statuses on `(status, updated_at, org_id)`; of `org`, or of all when
   * null. With `perOrg`, one row per organization and hour (for the roll-up), else one per hour.
   */
  private async countLive(
    manager: EntityManager,
    from: number,
    until: number,
    org: string | null,
    perOrg = false,
  ): Promise<{ orgId: string; hour: number; kind: OverviewKind; count: number }[]> {
    const hourOf = (column: string) => `(s.${column} - (s.${column} % ${HOUR_MS}))`;
    const created = manager
      .createQueryBuilder(PaymentSessionEntity, 's')
      .select(hourOf('created_at'), 'bucket')
      .addSelect('COUNT(*)', 'n')
      .where('s.created_at >= :from AND s.created_at < :until', { from, until })
      .groupBy('bucket');
    const finals = manager
      .createQueryBuilder(PaymentSessionEntity, 's')
      .select('s.status', 'kind')
      .addSelect(hourOf('updated_at'), 'bucket')
      .addSelect('COUNT(*)', 'n')
      .where('s.status IN (:...finals) AND s.updated_at >= :from AND s.updated_at < :until', { finals: finalStatuses(), from, until })
      .groupBy('s.status')
      .addGroupBy('bucket');
    for (const qb of [created, finals]) {
      if (org !== null) qb.andWhere('s.org_id = :org', { org });
      if (perOrg) qb.addSelect('s.org_id', 'orgId').addGroupBy('s.org_id');
    }
    const [createdRows, finalRows] = await Promise.all([
      created.getRawMany<{ bucket: string | number; n: string | number; orgId?: string }>(),
      finals.getRawMany<{ kind: PaymentSessionStatus; bucket: string | number; n: string | number; orgId?: string }>(),
    ]);
    return [
      ...createdRows.map((r) => ({ orgId: r.orgId ?? ALL_ORGS, hour: Number(r.bucket), kind: 'created' as OverviewKind, count: Number(r.n) })),
      ...finalRows.map((r) => ({ orgId: r.orgId ?? ALL_ORGS, hour: Number(r.bucket), kind: r.kind as OverviewKind, count: Number(r.n) })),
    ];
  }

  /** Writes one chunk's per-org counts and their sums over every org ({@link ALL_ORGS}). */
  private async writeCounts(manager: EntityManager, rows: { orgId: string; hour: number; kind: OverviewKind; count: number }[]): Promise<void> {
    const all = new Map<string, PaymentSessionHourlyCountEntity>();
    for (const row of rows) {
      const key = `${row.hour}/${row.kind}`;
      const sum = all.get(key) ?? { orgId: ALL_ORGS, hour: row.hour, kind: row.kind, count: 0 };
      sum.count += row.count;
      all.set(key, sum);
    }
    const values = [...rows.map((r) => ({ orgId: r.orgId, hour: r.hour, kind: r.kind, count: r.count })), ...all.values()];
    for (let i = 0; i < values.length; i += 500) {
      await manager.createQueryBuilder().insert().into(PaymentSessionHourlyCountEntity).values(values.slice(i, i + 500)).execute();
    }
  }
}
