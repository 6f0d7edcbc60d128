import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import { Scope } from './scope';

/** Who is calling, established once per request by the API key guard. */
export interface RequestContext {
  requestId: string;
  orgId: string;
  apiKeyId: string;
  scopes: ReadonlySet<Scope>;
  /**
   * Set when the caller is a payments partner (its own key, `ppk_…`): then `orgId` is empty,
   * `apiKeyId` is the partner's id and `scopes` is empty, so no merchant operation accepts it.
   */
  partnerId?: string;
  /** The partner's name, for the events it causes. */
  partnerName?: string;
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
