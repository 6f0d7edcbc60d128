import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { InjectRepository } from '@nestjs/typeorm';
import { brandOf, CheckoutConfigurationEntity, PaymentMethod } from '@paysession/checkout-configurations';
import { formatMinorUnits } from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { OrganizationEntity } from '@paysession/organizations';
import { PartnerEntity, PartnersService, SANDBOX_PARTNER_ID, SANDBOX_PAYMENT_SESSION_PATH } from '@paysession/partners';
import {
  effectiveStatus, isUnstarted, offeredPaymentMethods, PaymentSessionEntity, PaymentSessionLinks, PaymentSessionPartnerService, PaymentSessionStatus,
} from '@paysession/payment-sessions';
import { Repository } from 'typeorm';
import { CheckoutPageData, StartOutcome } from './checkout.types';
import { PartnerRequestClient } from './partner-request.client';

/**
 * The customer's side of a session: the data of the hosted checkout page, and the hand-off to
 * the payments partner of the method the customer picked (docs/CONTRACT.md, The customer side).
 */
@Injectable()
export class CheckoutService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Checkout');
  private readonly client: PartnerRequestClient;

  constructor(
    @InjectRepository(PaymentSessionEntity) private readonly sessions: Repository<PaymentSessionEntity>,
    private readonly links: PaymentSessionLinks,
    private readonly partnerMoves: PaymentSessionPartnerService,
    private readonly partners: PartnersService,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.client = new PartnerRequestClient(config.checkout.partnerTimeoutMs, config.webhooks.allowPrivateNetworks);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.checkout.sandboxPayments) await this.partners.ensureSandbox();
  }

  onModuleDestroy(): void {
    this.client.close();
  }

  /**
   * The page of `token`, in one query (the session with its configuration and its org's name),
   * or null when the token names no session or its MAC is wrong (both answer the same 404).
   */
  async page(token: string, now = new Date()): Promise<CheckoutPageData | null> {
    const id = this.links.sessionIdOf(token);
    if (!id) return null;
    const row = await this.sessions
      .createQueryBuilder('s')
      .innerJoinAndMapOne('s.config', CheckoutConfigurationEntity, 'cc', 'cc.id = s.checkout_configuration_id AND cc.org_id = s.org_id')
      .innerJoinAndMapOne('s.org', OrganizationEntity, 'o', 'o.id = s.org_id')
      .where('s.id = :id', { id })
      .getOne();
    if (!row || !this.links.verify(token, row)) return null;
    const { config, org } = row as PaymentSessionEntity & { config: CheckoutConfigurationEntity; org: OrganizationEntity };
    return { token, session: row, config, orgName: org.name, status: effectiveStatus(row, now), methods: offeredMethods(row, config) };
  }

  /**
   * The customer pressed Pay with `method`: hands the session to that method's partner (the
   * sandbox when none is enabled and SANDBOX_PAYMENTS is on), sends the partner the signed
   * payment-session request and returns where to send the customer. Any failure puts the
   * session back as it was.
   */
  async start(token: string, method: string): Promise<StartOutcome> {
    const data = await this.page(token);
    if (!data || !isUnstarted(data.status)) return { kind: 'page', data };
    if (!data.methods.includes(method as PaymentMethod)) return { kind: 'failed', data, problem: 'Choose one of the payment methods shown.' };
    const partner = await this.partnerFor(data.config, method as PaymentMethod);
    if (!partner) {
      this.logger.warn(`no payments partner for ${method} on checkout configuration ${data.config.id} (org ${data.session.orgId})`);
      return { kind: 'failed', data, problem: 'This payment method is not available right now.' };
    }
    const handed = await this.partnerMoves.handOver(data.session.orgId, data.session.id, partner.id);
    if (!handed) return { kind: 'page', data: await this.page(token) };
    const sandbox = partner.id === SANDBOX_PARTNER_ID;
    const answer = await this.client.send(sandbox ? this.sandboxUrl() : partner.paymentSessionUrl, this.partners.signingSecret(partner), this.request(data, method as PaymentMethod), {
      trusted: sandbox,
    });
    if (answer.ok) return { kind: 'redirect', location: answer.redirectUrl };
    this.logger.warn(`payment session ${data.session.id}: partner ${partner.id} did not take the payment (${answer.problem})`);
    await this.partnerMoves.handOver(data.session.orgId, data.session.id, handed.previous);
    return { kind: 'failed', data, problem: 'The payment could not start. Nothing was charged; please try again.' };
  }

  private async partnerFor(config: CheckoutConfigurationEntity, method: PaymentMethod): Promise<PartnerEntity | null> {
    const id = config.paymentPartners?.[method] ?? (this.config.checkout.sandboxPayments ? SANDBOX_PARTNER_ID : null);
    if (!id) return null;
    return (await this.partners.getMany([id])).get(id) ?? null;
  }

  /**
   * The payment-session request (Shopify's model): what is paid, by whom, with which method,
   * and where the partner sends the customer back (`cancelUrl` to this page, `returnUrl` to the
   * merchant's successUrl or this page).
   */
  private request(data: CheckoutPageData, method: PaymentMethod) {
    const s = data.session;
    const pageUrl = this.links.url(s);
    const contact = s.contactRef;
    return {
      type: 'payment_session.request',
      paymentSession: {
        id: s.id,
        amount: formatMinorUnits(s.amountMinor, s.currency),
        currency: s.currency,
        paymentMethod: method,
        transactionRef: s.transactionRef,
        merchant: { name: brandOf(s, data.config, data.orgName).name },
        customer: contact
          ? { name: contact.contactName, email: contact.contactEmail, phone: contact.contactPhone, billingAddress: contact.address }
          : null,
        lines: (s.invoiceRefs ?? []).flatMap((invoice) =>
          (invoice.lines ?? []).map((line) => ({
            invoiceNumber: invoice.invoiceNumber,
            name: line.productName,
            sku: line.productSku,
            quantity: line.quantity,
            price: line.priceMinor === null ? null : formatMinorUnits(line.priceMinor, s.currency),
          })),
        ),
        test: data.config.paymentPartners?.[method] ? false : true,
      },
      cancelUrl: pageUrl,
      returnUrl: s.successUrl ?? pageUrl,
    };
  }

  /** The sandbox partner's endpoint on this very server, over loopback. */
  private sandboxUrl(): string {
    const address = this.adapterHost.httpAdapter.getHttpServer().address() as { port: number } | null;
    return `http://127.0.0.1:${address?.port ?? this.config.port}${SANDBOX_PAYMENT_SESSION_PATH}`;
  }
}

/** The configuration's methods the customer is offered (offeredPaymentMethods: the seed's FlexPay rule). */
function offeredMethods(s: PaymentSessionEntity, config: CheckoutConfigurationEntity): PaymentMethod[] {
  const decimal = (minor: number | null) => (minor === null ? null : formatMinorUnits(minor, s.currency));
  return offeredPaymentMethods({ amount: decimal(s.amountMinor)!, invoiceTotal: decimal(s.invoiceTotalMinor) }, config.paymentMethods);
}
