import type { Command } from 'commander';
import type { CliRuntime } from './cli-runtime';

/** `org create --name <name>`: an organization with its defaults; prints `{"orgId"}`. */
export function orgCommands(program: Command, cli: CliRuntime): void {
  const org = program.command('org').description('Organizations');
  org
    .command('create')
    .description('Create an organization with its defaults (a checkout configuration, a webhook secret); prints {"orgId"}')
    .requiredOption('--name <name>', 'display name')
    .action(
      cli.action(async (options: { name: string }) => {
        const { ProvisioningModule } = await import('../provisioning/provisioning.module');
        const { ProvisioningService } = await import('../provisioning/provisioning.service');
        return cli.withModules([ProvisioningModule], (app) => app.get(ProvisioningService).createOrganization(options.name));
      }),
    );
}
