import type { ApolloServerPlugin } from '@apollo/server';
import { AuthenticatedRequest, DomainError } from '@paysession/common';
import { ApiKeyRateLimiter } from '@paysession/organizations';
import { GraphQLError, Kind } from 'graphql';
import { rootFieldCount } from './document-limits';

/**
 * Spends the caller's rate limit by the work an operation asks for — one point per root field it
 * executes, fragments followed — once the document is valid and before anything runs, so that a
 * refused operation runs nothing at all. Only callers with a key (the merchant API) are counted
 * here; anonymous callers are counted per address by the authenticate-first hook.
 */
export function rateLimitByWork(limiter: ApiKeyRateLimiter): ApolloServerPlugin<{ req?: AuthenticatedRequest }> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, document }) {
          const caller = contextValue.req?.requestContext;
          if (!caller || !operation) return;
          const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
          try {
            await limiter.consume(caller.apiKeyId, rootFieldCount(operation, (name) => fragments.get(name)));
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            // Before execution Apollo answers 500 unless the error says otherwise.
            throw new GraphQLError(error.message, { originalError: error, extensions: { code: error.code, http: { status: 429 } } });
          }
        },
      };
    },
  };
}
