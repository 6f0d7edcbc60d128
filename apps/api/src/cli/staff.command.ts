import { StaffService } from '@paysession/staff';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { printJson, readStdin } from './output';

@SubCommand({
  name: 'create',
  description: 'Create a staff account; the password is read from stdin (never from the command line); prints {"id"}',
})
export class StaffCreateCommand extends CommandRunner {
  constructor(private readonly staff: StaffService) {
    super();
  }

  async run(_: string[], options: { email: string; role: string }): Promise<void> {
    // `echo pw |` and here-strings end with a newline that is not part of the password.
    const password = (await readStdin()).replace(/\r?\n$/, '');
    const created = await this.staff.create({ email: options.email, role: options.role, password }, null);
    printJson({ id: created.id });
  }

  @Option({ flags: '--email <email>', description: 'sign-in email', required: true })
  parseEmail(value: string) {
    return value;
  }

  @Option({ flags: '--role <role>', description: 'viewer (reads), operator (also cancels sessions) or admin (also manages staff)', required: true })
  parseRole(value: string) {
    return value;
  }
}

@Command({ name: 'staff', description: 'Staff accounts of the console', subCommands: [StaffCreateCommand] })
export class StaffCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
