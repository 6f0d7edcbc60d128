import { DomainError, ErrorCode } from '../errors';

/**
 * What a staff member may do. Each role includes the ones before it: an operator can do what a
 * viewer can, an admin what an operator can. Staff accounts live in libs/staff; the role is here
 * because the request context of every domain service names it.
 */
export enum StaffRole {
  /** Reads everything in the console. */
  viewer = 'viewer',
  /** Also acts on payment sessions and webhook deliveries (cancel, redeliver). */
  operator = 'operator',
  /** Also manages staff accounts. */
  admin = 'admin',
}

export const STAFF_ROLES: readonly StaffRole[] = [StaffRole.viewer, StaffRole.operator, StaffRole.admin];

const RANK: Readonly<Record<StaffRole, number>> = { [StaffRole.viewer]: 1, [StaffRole.operator]: 2, [StaffRole.admin]: 3 };

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && STAFF_ROLES.includes(value as StaffRole);
}

/** Whether `role` includes `required`. */
export function roleAllows(role: StaffRole, required: StaffRole): boolean {
  return RANK[role] >= RANK[required];
}

/** Throws FORBIDDEN unless `role` includes `required`. */
export function assertRole(role: StaffRole, required: StaffRole): void {
  if (!roleAllows(role, required)) throw new DomainError(ErrorCode.FORBIDDEN, `This needs the ${required} role; you are ${role}`);
}

/** The least staff role that changes what merchants own (cancel a session, redeliver a webhook). */
export const STAFF_ACTING_ROLE = StaffRole.operator;

/**
 * Whether the caller may change things at all: merchants and partners may (their scopes and the
 * transition table decide what); a staff member from STAFF_ACTING_ROLE up.
 */
export function mayAct(ctx: { staff?: { role: StaffRole } }): boolean {
  return !ctx.staff || roleAllows(ctx.staff.role, STAFF_ACTING_ROLE);
}

/** Throws FORBIDDEN unless {@link mayAct}. */
export function assertMayAct(ctx: { staff?: { role: StaffRole } }): void {
  if (ctx.staff) assertRole(ctx.staff.role, STAFF_ACTING_ROLE);
}
