import { epochMillis } from '@paysession/common';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { StaffRole } from './staff.roles';

/** A staff account of the console. The password is kept only as an argon2id hash. */
@Entity('staff')
export class StaffEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  id: string;

  /** Lower-cased, so that sign-in does not depend on how the address was typed. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  /** PHC string (`$argon2id$v=19$m=…`): algorithm, parameters and salt travel with the hash. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 16 })
  role: StaffRole;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'bigint', transformer: epochMillis })
  updatedAt: Date;

  /** Set when the account is switched off: it can no longer sign in and its sign-ins are ended. */
  @Column({ name: 'deactivated_at', type: 'bigint', nullable: true, transformer: epochMillis })
  deactivatedAt: Date | null;
}
