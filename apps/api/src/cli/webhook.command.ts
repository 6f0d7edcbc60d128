import type { Command } from 'commander';
import { cliContext } from './cli-context';
import type { CliRuntime } from './cli-runtime';

/** `webhook-secret rotate --org <orgId>` and `webhook test --org <orgId> --url <url>`. */
export function webhookCommands(program: Command, cli: CliRuntime): void {
  program
    .command('webhook-secret')
    .description('Webhook signing secrets')
    .command('rotate')
    .description('Issue a new webhook signing secret; prints {"secret"} (shown once; the previous one keeps signing for WEBHOOK_SECRET_GRACE_HOURS)')
    .requiredOption('--org <orgId>', 'the organization')
    .action(
      cli.action(async (options: { org: string }) => {
        const { OrganizationsModule, OrganizationsService } = await import('@paysession/organizations');
        const { WebhookSecretsService, WebhooksModule } = await import('@paysession/webhooks');
        return cli.withModules([OrganizationsModule, WebhooksModule], async (app) => {
          await app.get(OrganizationsService).get(options.org);
          return app.get(WebhookSecretsService).rotate(options.org);
        });
      }),
    );
  program
    .command('webhook')
    .description('Webhooks')
    .command('test')
    .description('Send a signed webhook.test event to a URL now; prints {"webhookId","delivered","statusCode","error",…} and exits 1 unless it answered 2xx')
    .requiredOption('--org <orgId>', 'the organization whose secrets sign it')
    .requiredOption('--url <url>', 'the endpoint (the rules of a callbackUrl apply)')
    .action(
      cli.action(async (options: { org: string; url: string }) => {
        const { WebhookDeliveriesService, WebhooksModule } = await import('@paysession/webhooks');
        const result = await cli.withModules([WebhooksModule], async (app) => app.get(WebhookDeliveriesService).sendTest(await cliContext(options.org), options.org, options.url));
        if (!result.delivered) process.exitCode = 1;
        return result;
      }),
    );
}
