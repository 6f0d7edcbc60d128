import { OrganizationsService } from '@paysession/organizations';
import { WebhookSecretsService } from '@paysession/webhooks';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { printJson } from './output';

@SubCommand({ name: 'rotate', description: 'Issue a new webhook signing secret; prints {"secret"} (shown once)' })
export class WebhookSecretRotateCommand extends CommandRunner {
  constructor(
    private readonly orgs: OrganizationsService,
    private readonly secrets: WebhookSecretsService,
  ) {
    super();
  }

  async run(_: string[], options: { org: string }): Promise<void> {
    await this.orgs.get(options.org);
    printJson(await this.secrets.rotate(options.org));
  }

  @Option({ flags: '--org <orgId>', description: 'the organization', required: true })
  parseOrg(value: string) {
    return value;
  }
}

@Command({ name: 'webhook-secret', description: 'Webhook signing secrets', subCommands: [WebhookSecretRotateCommand] })
export class WebhookSecretCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
