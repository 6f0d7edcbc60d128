import { epochMillis } from '@paysession/common';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A payments partner (a processor): a principal of its own, not an organization's key. Its API
 * key is kept only as a keyed hash, like a merchant's; its signing secret (Standard Webhooks, for
 * the payment-session requests Paysession sends it) is sealed, because it must be read back to sign.
 */
@Entity('partners')
export class PartnerEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Where Paysession POSTs the signed payment-session request (Shopify's paymentSessionUrl). */
  @Column({ name: 'payment_session_url', type: 'varchar', length: 2048 })
  paymentSessionUrl: string;

  @Column({ name: 'key_hash', type: 'varchar', length: 64 })
  keyHash: string;

  @Column({ name: 'key_prefix', type: 'varchar', length: 24 })
  keyPrefix: string;

  /** `whsec_…`, sealed with SecretBox. */
  @Column({ name: 'signing_secret', type: 'varchar', length: 500 })
  signingSecret: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;

  @Column({ name: 'disabled_at', type: 'bigint', nullable: true, transformer: epochMillis })
  disabledAt: Date | null;
}
