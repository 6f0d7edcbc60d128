import { ApiKeysService } from '@paysession/organizations';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { printJson } from './output';

@SubCommand({ name: 'create', description: 'Issue an API key; prints {"id","apiKey"} (the key is shown once)' })
export class ApiKeyCreateCommand extends CommandRunner {
  constructor(private readonly apiKeys: ApiKeysService) {
    super();
  }

  async run(_: string[], options: { org: string; scopes: string[] }): Promise<void> {
    printJson(await this.apiKeys.create(options.org, options.scopes));
  }

  @Option({ flags: '--org <orgId>', description: 'the organization', required: true })
  parseOrg(value: string) {
    return value;
  }

  @Option({ flags: '--scopes <list>', description: 'comma-separated scopes', required: true })
  parseScopes(value: string) {
    return value.split(',').map((s) => s.trim()).filter(Boolean);
  }
}

@SubCommand({ name: 'revoke', arguments: '<id>', description: 'Revoke an API key by id; prints {"id","revokedAt"}' })
export class ApiKeyRevokeCommand extends CommandRunner {
  constructor(private readonly apiKeys: ApiKeysService) {
    super();
  }

  async run([id]: string[]): Promise<void> {
    printJson(await this.apiKeys.revoke(id));
  }
}

@Command({ name: 'api-key', description: 'API keys', subCommands: [ApiKeyCreateCommand, ApiKeyRevokeCommand] })
export class ApiKeyCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
