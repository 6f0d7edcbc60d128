import type { Command } from 'commander';
import type { CliRuntime } from './cli-runtime';

/** `migrate`: applies pending migrations on DATABASE_URL; no Nest application is built. */
export function migrateCommand(program: Command, cli: CliRuntime): void {
  program
    .command('migrate')
    .description('Apply pending database migrations; prints {"applied":[…]}')
    .action(
      cli.action(async () => {
        const { runMigrations } = await import('@paysession/database');
        return { applied: await runMigrations(cli.config(), cli.connectOptions) };
      }),
    );
}
