import { Inject } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { runMigrations } from '@paysession/database';
import { Command, CommandRunner } from 'nest-commander';
import { printJson } from './output';

@Command({ name: 'migrate', description: 'Apply pending database migrations; prints {"applied":[…]}' })
export class MigrateCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async run(): Promise<void> {
    printJson({ applied: await runMigrations(this.config) });
  }
}
