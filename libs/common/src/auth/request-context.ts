import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import { Scope } from './scope';
import { StaffRole } from './staff-role';

/** A signed-in staff member, as the domain services see the caller of the staff API. */
export interface StaffCaller {
  id: string;
  role: StaffRole;
}

/**
 * Who is calling, established once per request: by the API key guard for a merchant's key or a
 * payments partner's key, by the staff guard for a staff member. Every domain service takes it
 * first and decides from it what the caller may see and do (see `orgScope`, `callerKind`).
 */
export interface RequestContext {
  requestId: string;
  /** The merchant's organization; empty for a partner or a staff member. */
  orgId: string;
  /** The merchant's API key id (the partner's id for a partner); empty for a staff member. */
  apiKeyId: string;
  /** The merchant key's scopes; empty for a partner or a staff member. */
  scopes: ReadonlySet<Scope>;
  /**
   * Set when the caller is a payments partner (its own key, `ppk_…`): then `orgId` is empty,
   * `apiKeyId` is the partner's id and `scopes` is empty, so no merchant operation accepts it.
   */
  partnerId?: string;
  /** The partner's name, for the events it causes. */
  partnerName?: string;
  /**
   * Set when the caller is a staff member (the staff API): then `orgId` and `apiKeyId` are empty
   * and `scopes` is empty. Staff see every organization; their role says what they may change.
   */
  staff?: StaffCaller;
}

/** The three kinds of principal: a merchant's API key, a payments partner, a staff member. */
export type CallerKind = 'merchant' | 'partner' | 'staff';

export function callerKind(ctx: Pick<RequestContext, 'partnerId' | 'staff'>): CallerKind {
  return ctx.staff ? 'staff' : ctx.partnerId ? 'partner' : 'merchant';
}

/** The context of a staff member's request (set by the staff guard). */
export function staffContext(staff: StaffCaller, requestId: string): RequestContext {
  return { requestId, orgId: '', apiKeyId: '', scopes: new Set(), staff: { id: staff.id, role: staff.role } };
}

export interface AuthenticatedRequest extends FastifyRequest {
  requestContext?: RequestContext;
}

/** The HTTP request behind a REST or GraphQL call. */
export function requestOf(context: ExecutionContext): AuthenticatedRequest {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req;
  }
  return context.switchToHttp().getRequest<AuthenticatedRequest>();
}

/** Injects the caller's RequestContext into a resolver; the guard has set it. */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  const ctx = requestOf(context).requestContext;
  if (!ctx) throw new Error('RequestContext missing: is the API key guard installed?');
  return ctx;
});
