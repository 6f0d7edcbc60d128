import { epochMillis } from '@paysession/common';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An API key, kept only as a keyed hash; the key itself is shown once at creation. */
@Entity('api_keys')
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id: string;

  @Column({ name: 'org_id', type: 'varchar', length: 40 })
  orgId: string;

  @Column({ name: 'key_hash', type: 'varchar', length: 64 })
  keyHash: string;

  @Column({ name: 'key_prefix', type: 'varchar', length: 24 })
  keyPrefix: string;

  /** What the key is for, in the words of whoever issued it ("Shop backend"); null when none was given. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  label: string | null;

  /** Comma-separated scope names. */
  @Column({ type: 'varchar', length: 500 })
  scopes: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'bigint', nullable: true, transformer: epochMillis })
  revokedAt: Date | null;
}
