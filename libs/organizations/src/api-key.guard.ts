import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { DomainError, ErrorCode, PARTNER_KEY, PUBLIC_KEY, requestOf, Scope, SCOPES_KEY, STAFF_API_KEY } from '@paysession/common';
import { bearerToken, CallerAuthenticator } from './caller-authenticator';

/** Scopes a partner holds on the fields of a session it was handed (see canActivate). */
const PARTNER_FIELD_SCOPES: ReadonlySet<Scope> = new Set([Scope.READ_PAYMENT_SESSIONS]);

/** Whether `context` is a field of an object type (a field resolver), not a root operation. */
function isFieldResolver(context: ExecutionContext): boolean {
  if (context.getType<string>() !== 'graphql') return false;
  const parent = GqlExecutionContext.create(context).getInfo().parentType.name;
  return parent !== 'Query' && parent !== 'Mutation' && parent !== 'Subscription';
}

export const MISSING_KEY = 'Missing API key: send the header Authorization: Bearer <api key>';
export const INVALID_KEY = 'Invalid or revoked API key';

/**
 * Global guard of the merchant API: `Authorization: Bearer <key>` becomes the request's
 * RequestContext, and the operation's scope is checked. An operation that declares no scope is
 * refused: forgetting the decorator must not open an endpoint. A payments partner's key (`ppk_…`,
 * told apart by CallerAuthenticator)
 * opens only the operations marked PartnerOnly, and those open to nothing else (FORBIDDEN).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: CallerAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    if (this.reflector.getAllAndOverride<boolean>(STAFF_API_KEY, targets)) return true;

    const req = requestOf(context);
    // The authenticate-first hook on /graphql has done this before the body was read; this is
    // the same check for any other way in, so that a resolver never runs without a caller.
    if (!req.requestContext) {
      if (!bearerToken(req.headers.authorization)) throw new DomainError(ErrorCode.UNAUTHENTICATED, MISSING_KEY);
      const caller = await this.authenticator.authenticate(req.headers.authorization);
      if (!caller) throw new DomainError(ErrorCode.UNAUTHENTICATED, INVALID_KEY);
      req.requestContext = { ...caller, requestId: String(req.id ?? '') };
    }

    const partnerOnly = this.reflector.getAllAndOverride<boolean>(PARTNER_KEY, targets);
    if (partnerOnly) {
      if (!req.requestContext.partnerId) throw new DomainError(ErrorCode.FORBIDDEN, "Only a payments partner's key may call this operation");
      return true;
    }

    const required = this.reflector.getAllAndOverride<Scope[]>(SCOPES_KEY, targets);
    if (!required) throw new DomainError(ErrorCode.FORBIDDEN, 'This operation is not available to API keys');
    // A partner reaches a payment session only in its own mutations' payloads (sessions handed
    // to it), and may read what belongs to that session itself (flexPayAvailable, events);
    // fields that open another resource (its contact) still need a merchant scope.
    if (req.requestContext.partnerId && isFieldResolver(context) && required.every((scope) => PARTNER_FIELD_SCOPES.has(scope))) return true;
    const missing = required.filter((scope) => !req.requestContext!.scopes.has(scope));
    if (missing.length) throw new DomainError(ErrorCode.FORBIDDEN, `This API key lacks the scope ${missing.join(', ')}`);
    return true;
  }
}
