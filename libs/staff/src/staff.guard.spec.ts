import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@paysession/common';
import { StaffAuthService } from './staff-auth.service';
import { StaffPrincipal } from './staff.context';
import { StaffGuard } from './staff.guard';
import { STAFF_PUBLIC_KEY, STAFF_ROLE_KEY, StaffRole } from './staff.roles';

function contextFor(req: Record<string, unknown>, metadata: Record<string, unknown>) {
  const ctx = {
    getType: () => 'http',
    getHandler: () => () => undefined,
    getClass: () => class {},
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
  const reflector = { getAllAndOverride: (key: string) => metadata[key] } as unknown as Reflector;
  return { ctx, reflector };
}

function guardWith(reflector: Reflector, staff: StaffPrincipal | null) {
  const seen: (string | undefined)[] = [];
  const auth = { authenticate: async (token: string | undefined) => (seen.push(token), staff) } as unknown as StaffAuthService;
  return { guard: new StaffGuard(reflector, auth), seen };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DomainError);
    return error.code;
  }
  return 'allowed';
}

const operator: StaffPrincipal = { id: 'stf_1', email: 'op@example.com', role: StaffRole.operator, signInTokenHash: 'h' };
const signedIn = () => ({ headers: { cookie: 'theme=dark; ps_staff_sign_in=token' } });

describe('StaffGuard', () => {
  it('refuses a request without a (valid) sign-in cookie as UNAUTHENTICATED', async () => {
    const { ctx, reflector } = contextFor({ headers: {} }, { [STAFF_ROLE_KEY]: StaffRole.viewer });
    assert.equal(await codeOf(guardWith(reflector, null).guard.canActivate(ctx)), 'UNAUTHENTICATED');
  });

  it('refuses any Authorization header, so a merchant API key never opens the staff API', async () => {
    const { ctx, reflector } = contextFor({ headers: { ...signedIn().headers, authorization: 'Bearer psk_x' } }, { [STAFF_ROLE_KEY]: StaffRole.viewer });
    const { guard, seen } = guardWith(reflector, operator);
    assert.equal(await codeOf(guard.canActivate(ctx)), 'UNAUTHENTICATED');
    assert.deepEqual(seen, []);
  });

  it('allows a role that includes the one required, and sets the principal', async () => {
    const req = signedIn();
    const { ctx, reflector } = contextFor(req, { [STAFF_ROLE_KEY]: StaffRole.viewer });
    const { guard, seen } = guardWith(reflector, operator);
    assert.equal(await guard.canActivate(ctx), true);
    assert.deepEqual(seen, ['token']);
    assert.equal((req as { staff?: StaffPrincipal }).staff?.id, 'stf_1');
  });

  it('refuses a lesser role as FORBIDDEN', async () => {
    const { ctx, reflector } = contextFor(signedIn(), { [STAFF_ROLE_KEY]: StaffRole.admin });
    assert.equal(await codeOf(guardWith(reflector, operator).guard.canActivate(ctx)), 'FORBIDDEN');
  });

  it('denies an operation that declares no role, even to an admin', async () => {
    const { ctx, reflector } = contextFor(signedIn(), {});
    assert.equal(await codeOf(guardWith(reflector, { ...operator, role: StaffRole.admin }).guard.canActivate(ctx)), 'FORBIDDEN');
  });

  it('lets @StaffPublic operations (login) through without a sign-in', async () => {
    const { ctx, reflector } = contextFor({ headers: {} }, { [STAFF_PUBLIC_KEY]: true });
    assert.equal(await guardWith(reflector, null).guard.canActivate(ctx), true);
  });
});
