import type { ApolloServerPlugin } from '@apollo/server';
import { Logger } from '@nestjs/common';
import { isExpectedError } from '@paysession/common';

const logger = new Logger('GraphQL');

/**
 * Logs every unexpected failure in full — the client only sees a masked INTERNAL_SERVER_ERROR —
 * with the request id the client got in X-Request-Id, so support can find it from a complaint.
 */
export function errorLogging(): ApolloServerPlugin<{ req?: { id?: unknown } }> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors, operationName }) {
          for (const error of errors) {
            if (isExpectedError(error)) continue;
            logger.error({ err: error.originalError ?? error, path: error.path, operationName, requestId: contextValue?.req?.id }, 'unexpected error in GraphQL operation');
          }
        },
      };
    },
  };
}
