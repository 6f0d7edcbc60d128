import 'reflect-metadata';
import { Command } from 'commander';
import { apiKeyCommands } from './cli/api-key.command';
import { CliRuntime, fail } from './cli/cli-runtime';
import { eventsCommands } from './cli/events.command';
import { migrateCommand } from './cli/migrate.command';
import { orgCommands } from './cli/org.command';
import { partnerCommands } from './cli/partner.command';
import { staffCommands } from './cli/staff.command';
import { webhookCommands } from './cli/webhook.command';

/**
 * `npm run --silent cli -- <command>`: stdout carries only the command's JSON; logs and errors
 * go to stderr, and a failure exits non-zero. Each command loads only what it uses.
 */
const program = new Command('cli')
  .description('Paysession operator commands (on DATABASE_URL, with the servers’ API_KEY_PEPPER and SECRETS_ENCRYPTION_KEY)')
  .option('--get <field>', 'print only this field of the result, raw (e.g. ORG=$(… org create --name Acme --get orgId))')
  .showHelpAfterError();
const cli = new CliRuntime(program);
for (const register of [orgCommands, apiKeyCommands, partnerCommands, webhookCommands, eventsCommands, staffCommands, migrateCommand]) register(program, cli);

program.parseAsync(process.argv).then(
  // Close at once: a pool's idle timers must not keep a finished command waiting.
  () => process.exit(),
  (error) => fail(error),
);
