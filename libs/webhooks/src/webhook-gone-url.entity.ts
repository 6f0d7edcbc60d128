import { epochMillis } from '@paysession/common';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An endpoint that answered 410 Gone: nothing more is sent to it until a manual redelivery. */
@Entity('webhook_gone_urls')
export class WebhookGoneUrlEntity {
  @PrimaryColumn({ name: 'org_id', type: 'varchar', length: 40 })
  orgId: string;

  @PrimaryColumn({ name: 'url_hash', type: 'varchar', length: 64 })
  urlHash: string;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;
}
