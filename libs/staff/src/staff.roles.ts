import { SetMetadata } from '@nestjs/common';
import { DomainError, ErrorCode } from '@paysession/common';

/**
 * What a staff member may do. Each role includes the ones before it: an operator can do what a
 * viewer can, an admin what an operator can.
 */
export enum StaffRole {
  /** Reads everything in the console. */
  viewer = 'viewer',
  /** Also cancels Active payment sessions. */
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

export const STAFF_ROLE_KEY = 'paysession:staff-role';
export const STAFF_PUBLIC_KEY = 'paysession:staff-public';

/**
 * The least role an admin API operation needs; the staff guard enforces it. An operation
 * without it (and without @StaffPublic) is refused, so a forgotten decorator never opens one.
 */
export const RequireStaffRole = (role: StaffRole) => SetMetadata(STAFF_ROLE_KEY, role);

/** An admin API operation open without a staff session: only `login`. */
export const StaffPublic = () => SetMetadata(STAFF_PUBLIC_KEY, true);
