import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { CountingLimiter, RateLimiters } from '@paysession/database';

const EMAIL_WINDOW_SECONDS = 15 * 60;
const ADDRESS_WINDOW_SECONDS = 60 * 60;

/**
 * Slows down password guessing: sign-in attempts are counted per (email, client address) and per
 * client address, and each attempt is reserved — counted, atomically — before its password is
 * checked, so that N concurrent attempts check at most the allowance (issue 15: 40 concurrent
 * sign-ins had 22 passwords checked under a limit of 5). Past either limit, sign-in is refused
 * with RATE_LIMITED until the window passes. A success gives its attempts back: it clears its
 * (email, address) count and returns its point to the address.
 *
 * On MariaDB the counters are shared by every instance (the rate_limits table); on SQLite, one
 * instance, they live in memory (a restart forgets them).
 *
 * The client address is the socket's peer unless TRUST_PROXY names the proxy in front: behind a
 * proxy every client would share one address, so the per-address limit would then apply to all.
 */
@Injectable()
export class StaffLoginLimiter {
  private readonly byEmail: CountingLimiter;
  private readonly byAddress: CountingLimiter;

  constructor(@Inject(APP_CONFIG) config: AppConfig, limiters: RateLimiters) {
    this.byEmail = limiters.create({ keyPrefix: 'staff-login-email', points: config.staff.loginMaxFailures, durationSeconds: EMAIL_WINDOW_SECONDS });
    this.byAddress = limiters.create({ keyPrefix: 'staff-login-address', points: config.staff.loginMaxFailuresPerAddress, durationSeconds: ADDRESS_WINDOW_SECONDS });
  }

  /** Reserves one attempt on both counters; throws RATE_LIMITED when either is spent. */
  async reserve(email: string, address: string): Promise<void> {
    const waits = (await Promise.all([this.byEmail.consume(key(email, address)), this.byAddress.consume(address)])).filter((s): s is number => s !== null);
    if (waits.length) {
      throw new DomainError(ErrorCode.RATE_LIMITED, `Too many failed sign-ins; try again in ${Math.ceil(Math.max(...waits) / 60)} minute(s)`);
    }
  }

  /** The reserved attempt was right: its (email, address) count is cleared and the address gets its point back. */
  async succeeded(email: string, address: string): Promise<void> {
    await Promise.all([this.byEmail.delete(key(email, address)), this.byAddress.reward(address)]);
  }
}

function key(email: string, address: string): string {
  return `${email}\u0000${address}`;
}
