import { epochMillis, jsonText } from '@paysession/common';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { LayoutTemplate, LineItemField, PaymentMethod } from './checkout-configuration.types';

@Entity('checkout_configurations')
export class CheckoutConfigurationEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id: string;

  @Column({ name: 'org_id', type: 'varchar', length: 40 })
  orgId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** true for the org's one default, null otherwise (a unique index allows one true per org). */
  @Column({ name: 'is_default', type: 'boolean', nullable: true })
  isDefault: true | null;

  @Column({ name: 'layout_template', type: 'varchar', length: 20 })
  layoutTemplate: LayoutTemplate;

  @Column({ name: 'line_item_fields', type: 'text', transformer: jsonText })
  lineItemFields: LineItemField[];

  @Column({ name: 'payment_methods', type: 'text', transformer: jsonText })
  paymentMethods: PaymentMethod[];

  @Column({ name: 'default_session_lifetime_seconds', type: 'int', nullable: true })
  defaultSessionLifetimeSeconds: number | null;

  @Column({ name: 'brand_name', type: 'varchar', length: 200, nullable: true })
  brandName: string | null;

  @Column({ name: 'brand_logo_url', type: 'varchar', length: 2048, nullable: true })
  brandLogoUrl: string | null;

  /** The payments partner enabled for each payment method (`{ Card: "ptn_…" }`). */
  @Column({ name: 'payment_partners', type: 'text', nullable: true, transformer: jsonText })
  paymentPartners: Partial<Record<PaymentMethod, string>> | null;

  /** Origins (`https://shop.example`) allowed to embed the hosted checkout page in a frame. */
  @Column({ name: 'allowed_embed_origins', type: 'text', nullable: true, transformer: jsonText })
  allowedEmbedOrigins: string[] | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMillis })
  updatedAt: Date;
}
