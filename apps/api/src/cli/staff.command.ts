import type { Command } from 'commander';
import type { CliRuntime } from './cli-runtime';
import { CliUsageError } from './cli-runtime';
import { readStdin } from './output';

/**
 * `staff create --email <email> --role <role>`: the password never goes on the command line.
 * At a terminal it is asked for twice without echo; otherwise it is read from stdin.
 */
export function staffCommands(program: Command, cli: CliRuntime): void {
  program
    .command('staff')
    .description('Staff accounts of the console')
    .command('create')
    .description('Create a staff account; prints {"id"}. The password is asked for at a terminal (not echoed), or read from stdin')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--role <role>', 'viewer (reads), operator (also cancels sessions) or admin (also manages staff)')
    .action(
      cli.action(async (options: { email: string; role: string }) => {
        const password = process.stdin.isTTY ? await promptPassword() : (await readStdin()).replace(/\r?\n$/, ''); // `echo pw |` adds a newline
        const { StaffModule, StaffService } = await import('@paysession/staff');
        const created = await cli.withModules([StaffModule], (app) => app.get(StaffService).create({ email: options.email, role: options.role, password }, null));
        return { id: created.id };
      }),
    );
}

/** Asks twice on the terminal, echo off (prompts on stderr: stdout carries only the JSON). */
async function promptPassword(): Promise<string> {
  const { read } = await import('read');
  const ask = (prompt: string) => read({ prompt, silent: true, replace: '', input: process.stdin, output: process.stderr });
  const password = await ask('Password (at least 12 characters): ');
  if ((await ask('Repeat the password: ')) !== password) throw new CliUsageError('the two passwords differ; nothing was created');
  return password;
}
