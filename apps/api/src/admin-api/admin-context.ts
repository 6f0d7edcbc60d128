import type { FastifyReply, FastifyRequest } from 'fastify';

/** The GraphQL context of the admin API (apollo-options.ts passes both). */
export interface AdminGqlContext {
  req: FastifyRequest;
  res: FastifyReply;
}

/** A page query costs its page size times a row's cost, like the merchant connections. */
export const perPageCost = ({ args, childComplexity }: { args: { perPage?: number | null }; childComplexity: number }) => (args.perPage ?? 25) * (childComplexity + 1);
