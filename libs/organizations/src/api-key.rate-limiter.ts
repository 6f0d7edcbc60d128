import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { CountingLimiter, RateLimiters } from '@paysession/database';

/**
 * Work per API key per minute (API_RATE_LIMIT_PER_MINUTE), so that one runaway client cannot
 * starve the others. What is counted is work, not requests: every root field an operation runs
 * is one point (issue 15: one request of 1,000 aliased createPaymentSession created 1,000
 * sessions under a limit of 3 requests a minute). On MariaDB the counts are shared by every
 * instance (the rate_limits table); on SQLite, one instance, they are kept in memory.
 */
@Injectable()
export class ApiKeyRateLimiter {
  private readonly limiter: CountingLimiter;

  constructor(@Inject(APP_CONFIG) config: AppConfig, limiters: RateLimiters) {
    this.limiter = limiters.create({ keyPrefix: 'api-key', points: config.apiRateLimitPerMinute, durationSeconds: 60 });
  }

  /**
   * Spends `points` (the operation's root fields) of `apiKeyId`'s minute; throws RATE_LIMITED,
   * with the seconds to wait, once it is spent. An operation larger than the whole allowance is
   * refused outright.
   */
  async consume(apiKeyId: string, points = 1): Promise<void> {
    const wait = await this.limiter.consume(apiKeyId, points);
    if (wait !== null) throw new DomainError(ErrorCode.RATE_LIMITED, `Too many operations for this API key; retry in ${wait} s`);
  }
}
