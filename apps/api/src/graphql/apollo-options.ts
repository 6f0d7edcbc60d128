import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriverConfig } from '@nestjs/apollo';
import { formatGraphqlError } from '@paysession/common';
import { AppConfig } from '@paysession/config';
import * as path from 'node:path';
import { complexityLimit } from './complexity.plugin';
import { aliasAndMutationLimitRule, depthLimitRule } from './document-limits';
import { errorLogging } from './error-logging.plugin';
import { inputFieldLocator } from './input-field.plugin';
import { graphiqlLandingPage } from './graphiql';
import { httpStatusOfErrors } from './http-status.plugin';
import { noStore } from './no-store.plugin';

/**
 * Options every GraphQL endpoint shares: no batching, depth, alias, mutation-field, token and
 * cost limits (document-limits.ts, complexity.plugin.ts), masked errors,
 * introspection only outside production. A browser's GET gets our own GraphiQL where
 * `endpoint.explorer` asks for it, outside production; otherwise no landing page (Apollo's own
 * loads from a CDN). The generated SDL is written next to package.json in development and test
 * and committed.
 */
export function apolloOptions(config: AppConfig, endpoint: { path: string; schemaFile: string; include: Function[]; explorer?: boolean; plugins?: ApolloServerPlugin<any>[] }): ApolloDriverConfig {
  const production = config.nodeEnv === 'production';
  const landingPage = endpoint.explorer && !production ? graphiqlLandingPage() : ApolloServerPluginLandingPageDisabled();
  return {
    path: endpoint.path,
    include: endpoint.include,
    autoSchemaFile: production ? true : path.join(process.cwd(), endpoint.schemaFile),
    sortSchema: true,
    playground: false,
    introspection: !production,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    // Parsing stops past this many tokens, before any validation rule runs.
    parseOptions: { maxTokens: config.graphqlMaxTokens },
    validationRules: [depthLimitRule(config.graphqlMaxDepth), aliasAndMutationLimitRule({ maxAliases: config.graphqlMaxAliases, maxMutationFields: config.graphqlMaxMutationFields })],
    // No "Did you mean …?" in production: it spells out the schema to a caller without introspection.
    hideSchemaDetailsFromClientErrors: production,
    // Automatic persisted queries keep documents in memory for anyone who asks: only when wanted.
    persistedQueries: config.graphqlPersistedQueries ? {} : false,
    plugins: [complexityLimit({ max: config.graphqlMaxComplexity, listSize: config.graphqlListCostSize }), inputFieldLocator(), ...(endpoint.plugins ?? []), errorLogging(), httpStatusOfErrors(), ApolloServerPluginCacheControlDisabled(), noStore(), landingPage],
    formatError: formatGraphqlError,
    // Nest would reset every answer that carries data to 200 after our plugins ran; the one status
    // an executed operation changes is ours (httpStatusOfErrors: SERVICE_UNAVAILABLE is 503).
    preserveHttpStatusForExecutionErrors: false,
    // Apollo's Fastify integration calls it with (request, reply).
    context: (req: unknown, res: unknown) => ({ req, res }),
  };
}
