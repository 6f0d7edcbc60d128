import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, effectiveScopes, PARTNER_KEY, PUBLIC_KEY, Scope, SCOPES_KEY } from '@paysession/common';
import { PartnerCaller, PartnersService } from '@paysession/partners';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysService, Caller } from './api-keys.service';
import { CallerAuthenticator } from './caller-authenticator';

function contextFor(headers: Record<string, string>, metadata: Record<string, unknown>) {
  const req: Record<string, unknown> = { headers, id: 'req-1' };
  const handler = () => undefined;
  const ctx = {
    getType: () => 'http',
    getHandler: () => handler,
    getClass: () => class {},
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
  const reflector = { getAllAndOverride: (key: string) => metadata[key] } as unknown as Reflector;
  return { ctx, req, reflector };
}

function guardWith(reflector: Reflector, caller: Caller | null, partner: PartnerCaller | null = null) {
  const seen: string[] = [];
  const keys = { authenticate: async (key: string) => (seen.push(key), caller) } as unknown as ApiKeysService;
  const partners = { authenticate: async (key: string) => (seen.push(key), partner) } as unknown as PartnersService;
  return { guard: new ApiKeyGuard(reflector, new CallerAuthenticator(keys, partners)), seen };
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

const caller: Caller = { orgId: 'org_1', apiKeyId: 'key_1', scopes: effectiveScopes(['write_payment_sessions']) };

const partner: PartnerCaller = { partnerId: 'ptn_1', name: 'Acme Payments' };

describe('ApiKeyGuard', () => {
  it("opens a partner-only operation to a partner's key and refuses a merchant key as FORBIDDEN", async () => {
    const asPartner = contextFor({ authorization: 'Bearer ppk_good' }, { [PARTNER_KEY]: true });
    assert.equal(await guardWith(asPartner.reflector, caller, partner).guard.canActivate(asPartner.ctx), true);
    assert.equal((asPartner.req.requestContext as { partnerId: string }).partnerId, 'ptn_1');
    const asMerchant = contextFor({ authorization: 'Bearer psk_good' }, { [PARTNER_KEY]: true });
    assert.equal(await codeOf(guardWith(asMerchant.reflector, caller, partner).guard.canActivate(asMerchant.ctx)), 'FORBIDDEN');
  });

  it("refuses a partner's key on merchant operations (it holds no scope) and an unknown partner key", async () => {
    const merchantOp = contextFor({ authorization: 'Bearer ppk_good' }, { [SCOPES_KEY]: [Scope.READ_PAYMENT_SESSIONS] });
    assert.equal(await codeOf(guardWith(merchantOp.reflector, caller, partner).guard.canActivate(merchantOp.ctx)), 'FORBIDDEN');
    const unknown = contextFor({ authorization: 'Bearer ppk_bad' }, { [PARTNER_KEY]: true });
    assert.equal(await codeOf(guardWith(unknown.reflector, caller, null).guard.canActivate(unknown.ctx)), 'UNAUTHENTICATED');
  });

  it('refuses a missing or non-Bearer header without looking anything up', async () => {
    for (const headers of [{}, { authorization: "Basic abc" }, { authorization: "Bearer" }] as Record<string, string>[]) {
      const { ctx, reflector } = contextFor(headers, { [SCOPES_KEY]: [Scope.READ_PAYMENT_SESSIONS] });
      const { guard, seen } = guardWith(reflector, caller);
      assert.equal(await codeOf(guard.canActivate(ctx)), 'UNAUTHENTICATED');
      assert.deepEqual(seen, []);
    }
  });

  it('refuses a key the service does not know', async () => {
    const { ctx, reflector } = contextFor({ authorization: 'Bearer psk_x' }, { [SCOPES_KEY]: [Scope.READ_PAYMENT_SESSIONS] });
    assert.equal(await codeOf(guardWith(reflector, null).guard.canActivate(ctx)), 'UNAUTHENTICATED');
  });

  it('sets the request context and allows a key with the scope (write implies read)', async () => {
    const { ctx, req, reflector } = contextFor({ authorization: 'Bearer psk_good' }, { [SCOPES_KEY]: [Scope.READ_PAYMENT_SESSIONS] });
    const { guard, seen } = guardWith(reflector, caller);
    assert.equal(await guard.canActivate(ctx), true);
    assert.deepEqual(seen, ['psk_good']);
    assert.deepEqual((req.requestContext as { orgId: string }).orgId, 'org_1');
  });

  it('refuses a key without the scope as FORBIDDEN', async () => {
    const { ctx, reflector } = contextFor({ authorization: 'Bearer psk_good' }, { [SCOPES_KEY]: [Scope.WRITE_CONTACTS] });
    assert.equal(await codeOf(guardWith(reflector, caller).guard.canActivate(ctx)), 'FORBIDDEN');
  });

  it('refuses an operation that declares no scope, even for a valid key', async () => {
    const { ctx, reflector } = contextFor({ authorization: 'Bearer psk_good' }, {});
    assert.equal(await codeOf(guardWith(reflector, caller).guard.canActivate(ctx)), 'FORBIDDEN');
  });

  it('lets any valid key call an operation that asks for no particular scope, but not a missing key', async () => {
    const open = contextFor({ authorization: 'Bearer psk_good' }, { [SCOPES_KEY]: [] });
    assert.equal(await guardWith(open.reflector, caller).guard.canActivate(open.ctx), true);
    const anonymous = contextFor({}, { [SCOPES_KEY]: [] });
    assert.equal(await codeOf(guardWith(anonymous.reflector, caller).guard.canActivate(anonymous.ctx)), 'UNAUTHENTICATED');
  });

  it('lets public routes through without a key', async () => {
    const { ctx, reflector } = contextFor({}, { [PUBLIC_KEY]: true });
    assert.equal(await guardWith(reflector, null).guard.canActivate(ctx), true);
  });
});
