import { bigintNumber, epochMillis, jsonText } from '@paysession/common';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { PaymentSessionStatus, PendingReason, StoredContactRef, StoredInvoiceRef, StoredRejection } from './payment-session.types';

/**
 * One payment session. What the merchant sent about contact and invoices is kept as JSON in the
 * row: it is read whole and never queried into, so the full selection of the ClientLoop seed
 * (docs/seeds/clientloop-update-payment-session.txt) costs one query.
 * `status` is written only by the state machine.
 */
@Entity('payment_sessions')
export class PaymentSessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id: string;

  @Column({ name: 'org_id', type: 'varchar', length: 40 })
  orgId: string;

  @Column({ type: 'varchar', length: 16 })
  status: PaymentSessionStatus;

  @Column({ name: 'amount_minor', type: 'bigint', transformer: bigintNumber })
  amountMinor: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ name: 'callback_url', type: 'varchar', length: 2048, nullable: true })
  callbackUrl: string | null;

  @Column({ name: 'success_url', type: 'varchar', length: 2048, nullable: true })
  successUrl: string | null;

  /** The unguessable part of the customer's link. */
  @Column({ name: 'link_token', type: 'varchar', length: 64 })
  linkToken: string;

  @Column({ name: 'contact_id', type: 'varchar', length: 40, nullable: true })
  contactId: string | null;

  @Column({ name: 'contact_ref', type: 'text', nullable: true, transformer: jsonText })
  contactRef: StoredContactRef | null;

  @Column({ name: 'transaction_ref', type: 'varchar', length: 255, nullable: true })
  transactionRef: string | null;

  @Column({ name: 'invoice_ids', type: 'text', nullable: true, transformer: jsonText })
  invoiceIds: string[] | null;

  @Column({ name: 'invoice_refs', type: 'text', nullable: true, transformer: jsonText })
  invoiceRefs: StoredInvoiceRef[] | null;

  @Column({ name: 'invoice_total_minor', type: 'bigint', nullable: true, transformer: bigintNumber })
  invoiceTotalMinor: number | null;

  @Column({ name: 'expiration_date', type: 'bigint', nullable: true, transformer: epochMillis })
  expirationDate: Date | null;

  @Column({ name: 'payment_id', type: 'varchar', length: 255, nullable: true })
  paymentId: string | null;

  @Column({ name: 'checkout_configuration_id', type: 'varchar', length: 40 })
  checkoutConfigurationId: string;

  @Column({ name: 'brand_logo_url', type: 'varchar', length: 2048, nullable: true })
  brandLogoUrl: string | null;

  @Column({ name: 'brand_name', type: 'varchar', length: 200, nullable: true })
  brandName: string | null;

  @Column({ name: 'pending_expires_at', type: 'bigint', nullable: true, transformer: epochMillis })
  pendingExpiresAt: Date | null;

  @Column({ name: 'pending_reason', type: 'varchar', length: 40, nullable: true })
  pendingReason: PendingReason | null;

  @Column({ name: 'network_transaction_id', type: 'varchar', length: 255, nullable: true })
  networkTransactionId: string | null;

  @Column({ name: 'authorization_expires_at', type: 'bigint', nullable: true, transformer: epochMillis })
  authorizationExpiresAt: Date | null;

  @Column({ type: 'text', nullable: true, transformer: jsonText })
  rejection: StoredRejection | null;

  /** The payments partner the customer's payment was handed to; only it may finalize the session. */
  @Column({ name: 'partner_id', type: 'varchar', length: 40, nullable: true })
  partnerId: string | null;

  /** Bumped by every write: the compare-and-set token of field updates. */
  @Column({ type: 'int' })
  version: number;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMillis })
  updatedAt: Date;
}
