import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriverConfig } from '@nestjs/apollo';
import { formatGraphqlError } from '@paysession/common';
import { AppConfig } from '@paysession/config';
import depthLimit from 'graphql-depth-limit';
import * as path from 'node:path';
import { complexityLimit } from './complexity.plugin';
import { errorLogging } from './error-logging.plugin';
import { inputFieldLocator } from './input-field.plugin';
import { graphiqlLandingPage } from './graphiql';
import { noStore } from './no-store.plugin';

/**
 * Options every GraphQL endpoint shares: no batching, depth and cost limits, masked errors,
 * introspection only outside production. A browser's GET gets our own GraphiQL where
 * `endpoint.explorer` asks for it, outside production; otherwise no landing page (Apollo's own
 * loads from a CDN). The generated SDL is written next to package.json in development and test
 * and committed.
 */
export function apolloOptions(config: AppConfig, endpoint: { path: string; schemaFile: string; include: Function[]; explorer?: boolean }): ApolloDriverConfig {
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
    validationRules: [depthLimit(config.graphqlMaxDepth)],
    plugins: [complexityLimit(config.graphqlMaxComplexity), inputFieldLocator(), errorLogging(), ApolloServerPluginCacheControlDisabled(), noStore(), landingPage],
    formatError: formatGraphqlError,
    // Apollo's Fastify integration calls it with (request, reply).
    context: (req: unknown, res: unknown) => ({ req, res }),
  };
}
