import type { RequestContext } from '@paysession/common';

/**
 * The caller a CLI command acts as: whoever runs it holds the database, so it may act for any
 * organization it names, with every scope.
 */
export async function cliContext(orgId: string): Promise<RequestContext> {
  const { Scope } = await import('@paysession/common');
  return { requestId: 'cli', orgId, apiKeyId: 'cli', scopes: new Set(Object.values(Scope)) };
}
