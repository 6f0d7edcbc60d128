import type { ApolloServerPlugin } from '@apollo/server';

/**
 * `Cache-Control: no-store` on every GraphQL answer: they hold a merchant's data, and nothing in
 * the schema is cacheable. Apollo's cache-control plugin used to say the same, but it wraps every
 * field resolver to collect cache hints we never give (issue 17's profile of the seed read), so it
 * is disabled in apollo-options.ts and this says it once per response.
 */
export function noStore(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}
