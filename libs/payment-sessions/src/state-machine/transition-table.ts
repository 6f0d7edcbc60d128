import { PaymentSessionStatus as S } from '../payment-session.types';
import { Actor, PaymentSessionEventType as E } from '../events/payment-session-event.types';

export interface TransitionRule {
  from: S;
  to: S;
  /** Who may make this move. */
  by: readonly Actor['kind'][];
}

/** The status table of docs/CONTRACT.md (Statuses), as data. Nothing else decides which moves exist. */
export const TRANSITION_TABLE: readonly TransitionRule[] = [
  { from: S.Active, to: S.Canceled, by: ['merchant', 'staff'] },
  { from: S.Active, to: S.Completed, by: ['merchant', 'partner'] },
  { from: S.Active, to: S.Expired, by: ['merchant', 'scheduler'] },
  { from: S.Active, to: S.Pending, by: ['partner'] },
  { from: S.Active, to: S.Rejected, by: ['partner'] },
  { from: S.Pending, to: S.Rejected, by: ['partner'] },
  { from: S.Pending, to: S.Completed, by: ['partner'] },
  { from: S.Pending, to: S.Expired, by: ['scheduler'] },
];

export const INITIAL_STATUS = S.Active;

/** The event each destination writes. */
export const EVENT_FOR_STATUS: Readonly<Record<Exclude<S, S.Active>, E>> = {
  [S.Pending]: E.Pending,
  [S.Completed]: E.Completed,
  [S.Rejected]: E.Rejected,
  [S.Canceled]: E.Canceled,
  [S.Expired]: E.Expired,
};

/** Statuses with no way out. */
export function finalStatuses(table: readonly TransitionRule[] = TRANSITION_TABLE): S[] {
  return Object.values(S).filter((status) => !table.some((rule) => rule.from === status));
}

/** Problems with a table (empty when sound); the state machine refuses to boot on any. */
export function validateTransitionTable(table: readonly TransitionRule[]): string[] {
  const problems: string[] = [];
  const statuses = new Set<string>(Object.values(S));
  const seen = new Set<string>();
  for (const rule of table) {
    const key = `${rule.from}->${rule.to}`;
    if (!statuses.has(rule.from) || !statuses.has(rule.to)) problems.push(`${key}: unknown status`);
    if (rule.from === rule.to) problems.push(`${key}: a status cannot move to itself`);
    if (rule.to === INITIAL_STATUS) problems.push(`${key}: nothing moves back to ${INITIAL_STATUS}`);
    if (seen.has(key)) problems.push(`${key}: listed twice`);
    if (!rule.by.length) problems.push(`${key}: no actor may make it`);
    seen.add(key);
  }
  const reachable = new Set<string>([INITIAL_STATUS]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const rule of table) {
      if (reachable.has(rule.from) && !reachable.has(rule.to)) {
        reachable.add(rule.to);
        grew = true;
      }
    }
  }
  for (const status of statuses) if (!reachable.has(status)) problems.push(`${status}: unreachable from ${INITIAL_STATUS}`);
  return problems;
}

export function findRule(from: S, to: S, actor: Actor['kind'], table: readonly TransitionRule[] = TRANSITION_TABLE): TransitionRule | undefined {
  return table.find((rule) => rule.from === from && rule.to === to && rule.by.includes(actor));
}

/** Whether `actor` may move a session from `from` to `to` (the table has such a rule). */
export function canMove(from: S, to: S, actor: Actor['kind'], table: readonly TransitionRule[] = TRANSITION_TABLE): boolean {
  return findRule(from, to, actor, table) !== undefined;
}

/** The statuses `actor` may move a session in `from` to, in the table's order. */
export function nextStatuses(from: S, actor: Actor['kind'], table: readonly TransitionRule[] = TRANSITION_TABLE): S[] {
  return table.filter((rule) => rule.from === from && rule.by.includes(actor)).map((rule) => rule.to);
}

/** The statuses from which `actor` may move a session to `to` (for messages: "Only Active …"). */
export function statusesFrom(to: S, actor: Actor['kind'], table: readonly TransitionRule[] = TRANSITION_TABLE): S[] {
  return table.filter((rule) => rule.to === to && rule.by.includes(actor)).map((rule) => rule.from);
}

/** Statuses a session can still leave: it can be paid, canceled or expire (the link works, a contact is in use). */
export function openStatuses(table: readonly TransitionRule[] = TRANSITION_TABLE): S[] {
  const final = new Set(finalStatuses(table));
  return Object.values(S).filter((status) => !final.has(status));
}

/**
 * Whether `actor` can ever bring a session to `to` (updatePaymentSession refuses a status the
 * merchant never sets: Pending and Rejected are the partner's).
 */
export function canReach(to: S, actor: Actor['kind'], table: readonly TransitionRule[] = TRANSITION_TABLE): boolean {
  return table.some((rule) => rule.to === to && rule.by.includes(actor));
}

/**
 * Statuses in which a session is as its merchant left it and no payment is under way: only the
 * initial status. There, and only there, the merchant may change its fields (updatePaymentSession,
 * the seed: "only Active sessions can be updated"), the customer may start paying (the hosted page
 * hands it to a partner) and its link is worth emailing. Once a partner holds it (Pending) or it has
 * ended, its terms are fixed.
 */
export const UNSTARTED_STATUSES: readonly S[] = [INITIAL_STATUS];

/** Whether a session in `status` can still be changed by its merchant and paid by its customer (UNSTARTED_STATUSES). */
export function isUnstarted(status: S): boolean {
  return UNSTARTED_STATUSES.includes(status);
}

/** Whether `actor` may cancel a session in `status`. */
export function canCancel(status: S, actor: Actor['kind']): boolean {
  return canMove(status, S.Canceled, actor);
}
