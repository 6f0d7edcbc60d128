import { epochMillis } from '@paysession/common';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('contacts')
export class ContactEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id: string;

  @Column({ name: 'org_id', type: 'varchar', length: 40 })
  orgId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'given_name', type: 'varchar', length: 100, nullable: true })
  givenName: string | null;

  @Column({ name: 'family_name', type: 'varchar', length: 100, nullable: true })
  familyName: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  /** `email` lower-cased: what email matching compares (README, "Text matching"). Written with `email`. */
  @Column({ name: 'email_lower', type: 'varchar', length: 254, nullable: true })
  emailLower: string | null;

  /** `name` lower-cased: what name search compares. Written with `name`. */
  @Column({ name: 'name_lower', type: 'varchar', length: 200, nullable: true })
  nameLower: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  phone: string | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMillis })
  updatedAt: Date;
}
