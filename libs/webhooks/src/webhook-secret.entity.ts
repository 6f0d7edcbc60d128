import { epochMillis } from '@paysession/common';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An org's signing secret (`whsec_…`). It must be readable to sign, so it is not hashed. */
@Entity('webhook_secrets')
export class WebhookSecretEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id: string;

  @Column({ name: 'org_id', type: 'varchar', length: 40 })
  orgId: string;

  @Column({ type: 'varchar', length: 100 })
  secret: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;

  @Column({ name: 'retired_at', type: 'bigint', nullable: true, transformer: epochMillis })
  retiredAt: Date | null;
}
