import type { Command } from 'commander';
import type { CliRuntime } from './cli-runtime';

/**
 * `partner create --name <name> --payment-session-url <url>` → `{"partnerId","apiKey","secret"}`
 * (shown once), and `partner enable --org <orgId> --partner <ptn> --methods Card,BankTransfer`
 * on the org's default checkout configuration.
 */
export function partnerCommands(program: Command, cli: CliRuntime): void {
  const partner = program.command('partner').description('Payments partners');
  partner
    .command('create')
    .description('Register a payments partner; prints {"partnerId","apiKey","secret"} (key and secret are shown once)')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--payment-session-url <url>', 'where Paysession POSTs the signed payment-session request')
    .action(
      cli.action(async (options: { name: string; paymentSessionUrl: string }) => {
        const { PartnersModule, PartnersService } = await import('@paysession/partners');
        return cli.withModules([PartnersModule], (app) => app.get(PartnersService).create({ name: options.name, paymentSessionUrl: options.paymentSessionUrl }));
      }),
    );
  partner
    .command('enable')
    .description("Hand the org's payments of these methods to the partner (its default checkout configuration); prints the configuration's partners")
    .requiredOption('--org <orgId>', 'the organization')
    .requiredOption('--partner <partnerId>', 'the partner (ptn_…)')
    .requiredOption('--methods <list>', 'comma-separated payment methods: Card, BankTransfer, FlexPay')
    .action(
      cli.action(async (options: { org: string; partner: string; methods: string }) => {
        const { CheckoutConfigurationsModule, CheckoutConfigurationsService, PaymentMethod } = await import('@paysession/checkout-configurations');
        const { badInput } = await import('@paysession/common');
        const { cliContext } = await import('./cli-context');
        const methods = options.methods.split(',').map((m) => m.trim()).filter(Boolean);
        const known = Object.values(PaymentMethod) as string[];
        const unknown = methods.filter((m) => !known.includes(m));
        if (unknown.length || !methods.length) throw badInput('methods', `unknown payment method(s) ${unknown.join(', ')}; known: ${known.join(', ')}`);
        return cli.withModules([CheckoutConfigurationsModule], async (app) => {
          const configs = app.get(CheckoutConfigurationsService);
          const id = await configs.defaultId(options.org);
          const config = await configs.enablePartner(await cliContext(options.org), {
            orgId: options.org,
            id,
            partnerId: options.partner,
            paymentMethods: methods as (typeof PaymentMethod)[keyof typeof PaymentMethod][],
          });
          return { checkoutConfigurationId: config.id, paymentPartners: config.paymentPartners ?? {} };
        });
      }),
    );
}
