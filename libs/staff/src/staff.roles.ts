import { SetMetadata } from '@nestjs/common';
import { StaffRole } from '@paysession/common';

// The roles themselves are in libs/common (the request context names them); staff code keeps
// importing them from here.
export { assertRole, isStaffRole, roleAllows, STAFF_ROLES, StaffRole } from '@paysession/common';

export const STAFF_ROLE_KEY = 'paysession:staff-role';
export const STAFF_PUBLIC_KEY = 'paysession:staff-public';

/**
 * The least role an admin API operation needs; the staff guard enforces it. An operation
 * without it (and without @StaffPublic) is refused, so a forgotten decorator never opens one.
 */
export const RequireStaffRole = (role: StaffRole) => SetMetadata(STAFF_ROLE_KEY, role);

/** An admin API operation open without a sign-in: only `login`. */
export const StaffPublic = () => SetMetadata(STAFF_PUBLIC_KEY, true);
