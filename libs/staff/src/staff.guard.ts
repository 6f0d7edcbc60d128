import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorCode, requestOf, staffContext } from '@paysession/common';
import { parseCookie } from 'cookie';
import { StaffAuthService } from './staff-auth.service';
import { STAFF_SIGN_IN_COOKIE, StaffRequest } from './staff.context';
import { roleAllows, STAFF_PUBLIC_KEY, STAFF_ROLE_KEY, StaffRole } from './staff.roles';

/**
 * Guard of every admin API resolver: the sign-in cookie becomes the request's StaffPrincipal and
 * its RequestContext (a staff caller with a role), and the operation's role is checked. Default deny: an operation that declares no role is refused.
 * API keys are refused outright, so that the staff API is never reachable with a merchant's key.
 */
@Injectable()
export class StaffGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: StaffAuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = requestOf(context) as StaffRequest;
    if (req.headers.authorization) {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'The staff API does not accept API keys or Authorization headers; sign in to the console');
    }
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(STAFF_PUBLIC_KEY, targets)) return true;

    if (!req.staff) {
      // Parsed here, not for every request: only the staff API reads a cookie.
      const staff = await this.auth.authenticate(parseCookie(req.headers.cookie ?? '')[STAFF_SIGN_IN_COOKIE]);
      if (!staff) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Not signed in, or the sign-in has expired');
      req.staff = staff;
    }
    // What every domain service reads: the caller is this staff member, with this role.
    req.requestContext = staffContext(req.staff, String(req.id ?? ''));
    const required = this.reflector.getAllAndOverride<StaffRole | undefined>(STAFF_ROLE_KEY, targets);
    if (!required) throw new DomainError(ErrorCode.FORBIDDEN, 'This operation declares no staff role');
    if (!roleAllows(req.staff.role, required)) throw new DomainError(ErrorCode.FORBIDDEN, `This needs the ${required} role; you are ${req.staff.role}`);
    return true;
  }
}
