import type { Command } from 'commander';
import { setTimeout as sleep } from 'node:timers/promises';
import { cliContext } from './cli-context';
import { CliUsageError, type CliRuntime } from './cli-runtime';
import { printJson } from './output';

/**
 * `events tail --org <orgId>`: the org's event stream (what `paymentSessionEvents` pages and
 * webhooks carry), one JSON line per event in commit order, as it happens, until Ctrl-C.
 */
export function eventsCommands(program: Command, cli: CliRuntime): void {
  program
    .command('events')
    .description("An organization's event stream")
    .command('tail')
    .description('Print new events of an org as they happen, one JSON line each ({id,type,occurredAt,orgId,data}, the webhook body), until Ctrl-C')
    .requiredOption('--org <orgId>', 'the organization')
    .option('--after <eventId>', 'start after this event instead of at the end of the stream')
    .option('--all', 'start at the beginning of the stream')
    .option('--interval <ms>', 'how often to look for new events', '1000')
    .option('--no-follow', 'print what there is and exit')
    .action(
      cli.action(async (options: { org: string; after?: string; all?: boolean; interval: string; follow: boolean }) => {
        const interval = Number(options.interval);
        if (!Number.isInteger(interval) || interval < 50) throw new CliUsageError('--interval must be a whole number of milliseconds, at least 50');
        if (options.after && options.all) throw new CliUsageError('--after and --all exclude each other');
        const { PaymentSessionEventsService, PaymentSessionsModule } = await import('@paysession/payment-sessions');
        const { webhookPayload } = await import('@paysession/webhooks');
        const ctx = await cliContext(options.org);
        await cli.withModules([PaymentSessionsModule], async (app) => {
          const events = app.get(PaymentSessionEventsService);
          let after = options.after ?? (options.all ? null : await events.latestId(ctx, options.org));
          if (options.follow) process.stderr.write(`following the events of ${options.org} after ${after ?? 'the start of its stream'}; Ctrl-C stops\n`);
          const stop = new AbortController();
          process.once('SIGINT', () => stop.abort());
          process.once('SIGTERM', () => stop.abort());
          while (!stop.signal.aborted) {
            const page = await events.stream(ctx, { orgId: options.org, after, first: 100 });
            for (const event of page.events) printJson(webhookPayload(event));
            after = page.events.at(-1)?.id ?? after;
            if (page.hasMore) continue;
            if (!options.follow) break;
            await sleep(interval, undefined, { signal: stop.signal }).catch(() => undefined);
          }
        });
      }),
    );
}
