import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DomainError, ErrorCode } from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { Transactions } from '@paysession/database';
import { LessThan, Repository } from 'typeorm';
import { StaffAuditAction, StaffAuditService } from './staff-audit.service';
import { StaffPrincipal } from './staff.context';
import { StaffEntity } from './staff.entity';
import { StaffLoginLimiter } from './staff-login.limiter';
import { prepareDummyHash, verifyPassword } from './staff.passwords';
import { StaffSignInEntity } from './staff-sign-in.entity';

export interface StaffSignIn {
  staff: StaffEntity;
  /** The cookie value: returned once, stored only as its SHA-256. */
  token: string;
  expiresAt: Date;
}

/** One message for a wrong email and a wrong password, so the answer does not reveal accounts. */
const WRONG_CREDENTIALS = 'Wrong email or password';

/** Sign-in, sign-out and the sign-in check behind every admin API request. */
@Injectable()
export class StaffAuthService implements OnModuleInit {
  constructor(
    @InjectRepository(StaffEntity) private readonly staff: Repository<StaffEntity>,
    private readonly transactions: Transactions,
    private readonly audit: StaffAuditService,
    private readonly limiter: StaffLoginLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): Promise<void> {
    return prepareDummyHash();
  }

  /**
   * Checks the credentials and opens a sign-in. UNAUTHENTICATED for a wrong email or password
   * (the same message, and about the same time: an unknown email still costs one argon2 check);
   * RATE_LIMITED after too many failures from `clientAddress` (StaffLoginLimiter), reserved
   * before the password is checked.
   */
  async login(email: string, password: string, clientAddress: string): Promise<StaffSignIn> {
    const normalized = typeof email === 'string' ? email.trim().toLowerCase().slice(0, 254) : '';
    // Counted before the slow check, so concurrent guesses cannot outrun the count.
    await this.limiter.reserve(normalized, clientAddress);
    const account = normalized ? await this.staff.findOneBy({ email: normalized }) : null;
    const usable = account && !account.deactivatedAt ? account : null;
    const ok = await verifyPassword(usable?.passwordHash ?? null, typeof password === 'string' ? password : '');
    if (!ok || !usable) {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, WRONG_CREDENTIALS);
    }
    await this.limiter.succeeded(normalized, clientAddress);

    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.staff.signInTtlHours * 3600_000);
    await this.transactions.run(async (manager) => {
      // Sign-in is a natural moment to drop this member's expired sign-ins; nothing else needs them.
      await manager.delete(StaffSignInEntity, { staffId: usable.id, expiresAt: LessThan(now) });
      await manager.insert(StaffSignInEntity, { tokenHash: sha256(token), staffId: usable.id, createdAt: now, expiresAt });
      await this.audit.record(manager, { staffId: usable.id, action: StaffAuditAction.Login, targetId: usable.id });
    });
    return { staff: usable, token, expiresAt };
  }

  /** The staff member a sign-in token belongs to, or null when it is unknown, expired or switched off. */
  async authenticate(token: string | undefined): Promise<StaffPrincipal | null> {
    if (!token || token.length > 128) return null;
    const tokenHash = sha256(token);
    const staff = await this.staff
      .createQueryBuilder('st')
      .innerJoin(StaffSignInEntity, 'ss', 'ss.staff_id = st.id')
      .where('ss.token_hash = :tokenHash AND ss.expires_at > :now AND st.deactivated_at IS NULL', { tokenHash, now: Date.now() })
      .getOne();
    return staff ? { id: staff.id, email: staff.email, role: staff.role, signInTokenHash: tokenHash } : null;
  }

  /** Ends the sign-in: its token stops working at once, on every instance. */
  async logout(staff: StaffPrincipal): Promise<void> {
    await this.transactions.run((manager) => manager.delete(StaffSignInEntity, { tokenHash: staff.signInTokenHash }));
  }
}

function sha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
