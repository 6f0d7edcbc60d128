import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode, HTTP_STATUS_OF_CODE, RETRY_AFTER_SECONDS } from '@paysession/common';

/**
 * The HTTP status an answer's error codes call for (HTTP_STATUS_OF_CODE, beside the mapping of
 * errors to codes): SERVICE_UNAVAILABLE answers 503 with `Retry-After`, so that a client, a proxy
 * or a load balancer treats it as the retryable outage it is. Runs on the formatted errors.
 */
export function httpStatusOfErrors(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            const code = error.extensions?.code;
            const status = typeof code === 'string' ? HTTP_STATUS_OF_CODE[code] : undefined;
            if (!status) continue;
            response.http.status = status;
            if (code === ErrorCode.SERVICE_UNAVAILABLE) response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
            return;
          }
        },
      };
    },
  };
}
