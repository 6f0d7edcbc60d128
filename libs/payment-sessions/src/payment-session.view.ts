import { Injectable } from '@nestjs/common';
import { formatMinorUnits } from '@paysession/common';
import { PaymentSessionLinks } from './payment-session.link';
import { PaymentSessionEntity } from './payment-session.entity';
import { PaymentSessionStatus, StoredContactRef, StoredInvoiceRef } from './payment-session.types';
import { openStatuses } from './state-machine/transition-table';

/** A session as the merchant API shows it: what GraphQL returns and what webhooks carry. */
export type PaymentSessionView = ReturnType<PaymentSessionViews['toView']>;

/** The link works while the session is open: it can still be paid (the transition table's non-final statuses). */
const LINK_STATUSES: ReadonlySet<PaymentSessionStatus> = new Set(openStatuses());

@Injectable()
export class PaymentSessionViews {
  constructor(private readonly links: PaymentSessionLinks) {}

  /** The customer's link, or null once the session can no longer be paid. */
  link(session: Pick<PaymentSessionEntity, 'id' | 'status' | 'linkToken'>): string | null {
    return LINK_STATUSES.has(session.status) ? this.links.url(session) : null;
  }

  toView(s: PaymentSessionEntity) {
    const money = (minor: number | null | undefined) => (minor === null || minor === undefined ? null : formatMinorUnits(minor, s.currency));
    const link = this.link(s);
    return {
      id: s.id,
      orgId: s.orgId,
      status: s.status,
      amount: formatMinorUnits(s.amountMinor, s.currency),
      currency: s.currency,
      callbackUrl: s.callbackUrl,
      successUrl: s.successUrl,
      link,
      contactId: s.contactId,
      contactRef: s.contactRef ? contactRefView(s.contactRef) : null,
      transactionRef: s.transactionRef,
      invoiceIds: s.invoiceIds,
      invoiceRefs: s.invoiceRefs ? s.invoiceRefs.map((ref) => invoiceRefView(ref, money)) : null,
      expirationDate: s.expirationDate,
      paymentId: s.paymentId,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      checkoutConfigurationId: s.checkoutConfigurationId,
      invoiceTotal: money(s.invoiceTotalMinor),
      brandLogoUrl: s.brandLogoUrl,
      brandName: s.brandName,
      pendingExpiresAt: s.status === PaymentSessionStatus.Pending ? s.pendingExpiresAt : null,
      pendingReason: s.status === PaymentSessionStatus.Pending ? s.pendingReason : null,
      nextAction:
        s.status === PaymentSessionStatus.Pending
          ? { action: 'REDIRECT' as const, context: { redirectUrl: (s.successUrl ?? link) as string } }
          : null,
      networkTransactionId: s.networkTransactionId,
      authorizationExpiresAt: s.authorizationExpiresAt,
      rejection: s.rejection,
    };
  }
}

function contactRefView(ref: StoredContactRef) {
  return { ...ref, address: ref.address ? { ...ref.address } : null };
}

function invoiceRefView(ref: StoredInvoiceRef, money: (minor: number | null) => string | null) {
  return {
    orderId: ref.orderId,
    invoiceId: ref.invoiceId,
    invoiceNumber: ref.invoiceNumber,
    amount: money(ref.amountMinor),
    lines: ref.lines
      ? ref.lines.map((line) => ({
          num: line.num,
          quantity: line.quantity,
          price: money(line.priceMinor),
          productId: line.productId,
          productSku: line.productSku,
          productName: line.productName,
          productDescription: line.productDescription,
          productImageUrl: line.productImageUrl,
        }))
      : null,
    billingContact: ref.billingContact ? contactRefView(ref.billingContact) : null,
    shippingContact: ref.shippingContact ? contactRefView(ref.shippingContact) : null,
  };
}
