import type { ApolloServerPlugin } from '@apollo/server';
import { Logger } from '@nestjs/common';
import { isExpectedError } from '@paysession/common';

const logger = new Logger('GraphQL');

/**
 * Logs every unexpected failure in full — the client only sees a masked INTERNAL_SERVER_ERROR —
 * with the request id the client got in X-Request-Id, so support can find it from a complaint.
 * A client's own mistakes (bad input, not found, forbidden, an invalid document) are one info
 * line per request, without a stack: it is the client's to fix, and error-level noise would bury real faults.
 */
export function errorLogging(): ApolloServerPlugin<{ req?: { id?: unknown } }> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors, operationName }) {
          const expected = errors.filter((error) => isExpectedError(error));
          if (expected.length) {
            const codes = [...new Set(expected.map((error) => String(error.extensions?.code ?? 'UNKNOWN')))];
            logger.log({ codes, count: expected.length, operationName, requestId: contextValue?.req?.id }, `client error: ${expected[0].message.slice(0, 200)}`);
          }
          for (const error of errors) {
            if (isExpectedError(error)) continue;
            logger.error({ err: error.originalError ?? error, path: error.path, operationName, requestId: contextValue?.req?.id }, 'unexpected error in GraphQL operation');
          }
        },
      };
    },
  };
}
