import type { Request, Response } from 'express';

/** The GraphQL context of the admin API (apollo-options.ts passes both). */
export interface AdminGqlContext {
  req: Request;
  res: Response;
}

/** A page query costs its page size times a row's cost, like the merchant connections. */
export const perPageCost = ({ args, childComplexity }: { args: { perPage?: number | null }; childComplexity: number }) => (args.perPage ?? 25) * (childComplexity + 1);
