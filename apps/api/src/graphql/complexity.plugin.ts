import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/**
 * Refuses an operation whose estimated cost exceeds `max` before anything runs. Connection
 * fields declare their cost as `first × child cost` through field extensions.
 */
export function complexityLimit(max: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let complexity: number;
          try {
            complexity = getComplexity({
              schema,
              query: document,
              operationName: request.operationName,
              variables: request.variables,
              estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch {
            // It coerces the variables itself and throws on bad ones; leave those to Apollo's
            // own variable check, which answers 400 BAD_USER_INPUT with the input path.
            return;
          }
          if (complexity > max) {
            throw new GraphQLError(`Query is too complex: cost ${complexity}, the limit is ${max}`, {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
