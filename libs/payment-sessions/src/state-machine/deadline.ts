import { Brackets, WhereExpressionBuilder } from 'typeorm';
import { PaymentSessionEntity } from '../payment-session.entity';
import { PaymentSessionStatus as S } from '../payment-session.types';

/**
 * The deadline rule (docs/CONTRACT.md, Statuses; README, "Deadlines"): an Active session lives
 * until its `expirationDate`, a Pending one until its `pendingExpiresAt`. Once that instant has
 * passed (deadline ≤ now) the session is Expired for every read and every transition, whether
 * or not the expiry sweep has run yet. This table is the one place that says which column is
 * whose deadline: the sweep, the lazy expiry and the list filters all read it.
 */
export const DEADLINES = [
  { status: S.Active, property: 'expirationDate', column: 'expiration_date' },
  { status: S.Pending, property: 'pendingExpiresAt', column: 'pending_expires_at' },
] as const satisfies readonly { status: S; property: keyof PaymentSessionEntity; column: string }[];

/** The instant after which `session` is Expired, or null when its status has no deadline (or it has none). */
export function deadlineOf(session: Pick<PaymentSessionEntity, 'status' | 'expirationDate' | 'pendingExpiresAt'>): Date | null {
  const rule = DEADLINES.find((d) => d.status === session.status);
  return rule ? session[rule.property] : null;
}

/** Whether `session`'s deadline has passed at `now` (an overdue session is Expired). */
export function isOverdue(session: Pick<PaymentSessionEntity, 'status' | 'expirationDate' | 'pendingExpiresAt'>, now: Date = new Date()): boolean {
  const deadline = deadlineOf(session);
  return deadline !== null && deadline.getTime() <= now.getTime();
}

/** The status every reader sees at `now` (docs/CONTRACT.md, Statuses): Expired once the deadline has passed, swept or not. */
export function effectiveStatus(session: Pick<PaymentSessionEntity, 'status' | 'expirationDate' | 'pendingExpiresAt'>, now: Date = new Date()): S {
  return isOverdue(session, now) ? S.Expired : session.status;
}

/**
 * A WHERE condition on `alias` selecting the sessions whose status, read through the deadline
 * rule at `now`, is one of `statuses`: `Active` leaves out overdue Active rows, `Expired` takes
 * them in. Parameters are named after `alias` so the condition can sit beside others.
 */
export function effectiveStatusIn(alias: string, statuses: readonly S[], now: Date): Brackets {
  const p = (name: string) => `${alias}_deadline_${name}`;
  return new Brackets((w: WhereExpressionBuilder) => {
    const plain = statuses.filter((s) => s !== S.Expired && !DEADLINES.some((d) => d.status === s));
    w.where('1 = 0');
    if (plain.length) w.orWhere(`${alias}.status IN (:...${p('plain')})`, { [p('plain')]: plain });
    DEADLINES.forEach((d, i) => {
      const params = { [p(`s${i}`)]: d.status, [p('now')]: now.getTime() };
      if (statuses.includes(d.status)) {
        w.orWhere(`(${alias}.status = :${p(`s${i}`)} AND (${alias}.${d.column} IS NULL OR ${alias}.${d.column} > :${p('now')}))`, params);
      }
      if (statuses.includes(S.Expired)) w.orWhere(`(${alias}.status = :${p(`s${i}`)} AND ${alias}.${d.column} <= :${p('now')})`, params);
    });
    if (statuses.includes(S.Expired)) w.orWhere(`${alias}.status = :${p('expired')}`, { [p('expired')]: S.Expired });
  });
}
