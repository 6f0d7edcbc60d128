import { epochMillis } from '@paysession/common';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A staff member's sign-in to the console (not a payment session: "session" means only that here).
 * The cookie carries a random token; only its SHA-256 is stored, so a copy of the table does not
 * let anyone sign in.
 */
@Entity('staff_sign_ins')
export class StaffSignInEntity {
  @PrimaryColumn({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ name: 'staff_id', type: 'varchar', length: 40 })
  staffId: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'bigint', transformer: epochMillis })
  expiresAt: Date;
}
