import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { AuthenticatedRequest, requestOf } from '@paysession/common';
import { StaffRole } from './staff.roles';

/** The signed-in staff member behind an admin API request, set by the staff guard. */
export interface StaffPrincipal {
  id: string;
  email: string;
  role: StaffRole;
  /** SHA-256 of the sign-in token, so that logout ends exactly this sign-in. */
  signInTokenHash: string;
}

export interface StaffRequest extends AuthenticatedRequest {
  staff?: StaffPrincipal;
}

/** Name of the console's sign-in cookie. */
export const STAFF_SIGN_IN_COOKIE = 'ps_staff_sign_in';

/** The cookie is only ever sent to the staff API, never to /graphql or the console's files. */
export const STAFF_SIGN_IN_COOKIE_PATH = '/admin-api';

/** Injects the signed-in staff member into an admin resolver; the staff guard has set it. */
export const CurrentStaff = createParamDecorator((_: unknown, context: ExecutionContext): StaffPrincipal => {
  const staff = (requestOf(context) as StaffRequest).staff;
  if (!staff) throw new Error('StaffPrincipal missing: is the staff guard installed on this resolver?');
  return staff;
});
