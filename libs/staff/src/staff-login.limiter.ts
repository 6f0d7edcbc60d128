import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

const EMAIL_WINDOW_SECONDS = 15 * 60;
const ADDRESS_WINDOW_SECONDS = 60 * 60;

/**
 * Slows down password guessing: failed sign-ins are counted per (email, client address) and per
 * client address; past either limit, sign-in is refused with RATE_LIMITED before any password is
 * checked, until the window passes. A success clears its (email, address) count.
 *
 * The counters live in this instance's memory: with N instances behind a balancer a guesser gets
 * up to N times the allowance, and a restart forgets them. That is accepted for a console used by
 * a handful of staff (the argon2 cost bounds guessing anyway); a shared store (rate-limiter-
 * flexible has Redis and MySQL ones) is the upgrade if that changes.
 *
 * The client address is the socket's peer unless TRUST_PROXY names the proxy in front: behind a
 * proxy every client would share one address, so the per-address limit would then apply to all.
 */
@Injectable()
export class StaffLoginLimiter {
  private readonly byEmail: RateLimiterMemory;
  private readonly byAddress: RateLimiterMemory;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.byEmail = new RateLimiterMemory({ keyPrefix: 'staff-login-email', points: config.staff.loginMaxFailures, duration: EMAIL_WINDOW_SECONDS });
    this.byAddress = new RateLimiterMemory({ keyPrefix: 'staff-login-address', points: config.staff.loginMaxFailuresPerAddress, duration: ADDRESS_WINDOW_SECONDS });
  }

  /** Throws RATE_LIMITED when either counter is spent. */
  async check(email: string, address: string): Promise<void> {
    const [perEmail, perAddress] = await Promise.all([this.byEmail.get(key(email, address)), this.byAddress.get(address)]);
    const spent = [
      blockedFor(perEmail, this.byEmail.points),
      blockedFor(perAddress, this.byAddress.points),
    ].filter((ms): ms is number => ms !== null);
    if (spent.length) {
      const seconds = Math.ceil(Math.max(...spent) / 1000);
      throw new DomainError(ErrorCode.RATE_LIMITED, `Too many failed sign-ins; try again in ${Math.ceil(seconds / 60)} minute(s)`);
    }
  }

  async failed(email: string, address: string): Promise<void> {
    // consume() rejects once the points are spent; the next check() reports it.
    await Promise.all([this.byEmail.consume(key(email, address)).catch(() => undefined), this.byAddress.consume(address).catch(() => undefined)]);
  }

  async succeeded(email: string, address: string): Promise<void> {
    await this.byEmail.delete(key(email, address));
  }
}

function key(email: string, address: string): string {
  return `${email}\u0000${address}`;
}

/** Milliseconds until the counter frees up, or null while attempts remain. */
function blockedFor(res: RateLimiterRes | null, points: number): number | null {
  return res && res.consumedPoints >= points ? res.msBeforeNext : null;
}
