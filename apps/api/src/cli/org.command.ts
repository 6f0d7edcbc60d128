import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { ProvisioningService } from '../provisioning/provisioning.service';
import { printJson } from './output';

@SubCommand({ name: 'create', description: 'Create an organization with its defaults; prints {"orgId"}' })
export class OrgCreateCommand extends CommandRunner {
  constructor(private readonly provisioning: ProvisioningService) {
    super();
  }

  async run(_: string[], options: { name: string }): Promise<void> {
    printJson(await this.provisioning.createOrganization(options.name));
  }

  @Option({ flags: '--name <name>', description: 'display name', required: true })
  parseName(value: string) {
    return value;
  }
}

@Command({ name: 'org', description: 'Organizations', subCommands: [OrgCreateCommand] })
export class OrgCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
