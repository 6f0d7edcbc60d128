import type { Command } from 'commander';
import type { CliRuntime } from './cli-runtime';

/** `api-key create --org <orgId> --scopes <list> [--label <text>]` and `api-key revoke <id>`. */
export function apiKeyCommands(program: Command, cli: CliRuntime): void {
  const apiKey = program.command('api-key').description('API keys');
  apiKey
    .command('create')
    .description('Issue an API key; prints {"id","apiKey"} (the key is shown once)')
    .requiredOption('--org <orgId>', 'the organization')
    .requiredOption('--scopes <list>', 'comma-separated scopes')
    .option('--label <text>', 'what the key is for ("Shop backend"), up to 100 characters; the staff console names the key by it')
    .action(
      cli.action(async (options: { org: string; scopes: string; label?: string }) => {
        const { ApiKeysService, OrganizationsModule } = await import('@paysession/organizations');
        const scopes = options.scopes.split(',').map((s) => s.trim()).filter(Boolean);
        return cli.withModules([OrganizationsModule], (app) => app.get(ApiKeysService).create(options.org, scopes, options.label));
      }),
    );
  apiKey
    .command('revoke')
    .description('Revoke an API key by id; prints {"id","revokedAt"}')
    .argument('<id>', 'the key id (key_…)')
    .action(
      cli.action(async (id: string) => {
        const { ApiKeysService, OrganizationsModule } = await import('@paysession/organizations');
        return cli.withModules([OrganizationsModule], (app) => app.get(ApiKeysService).revoke(id));
      }),
    );
}
