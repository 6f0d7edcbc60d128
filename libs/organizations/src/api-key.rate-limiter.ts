import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Requests per API key per minute (API_RATE_LIMIT_PER_MINUTE), so that one runaway client cannot
 * starve the others. Counted in memory per instance: with N instances a key gets up to N times
 * the limit, which keeps the hot path free of a database write.
 */
@Injectable()
export class ApiKeyRateLimiter {
  private readonly limiter: RateLimiterMemory | null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limiter = config.apiRateLimitPerMinute > 0 ? new RateLimiterMemory({ keyPrefix: 'api-key', points: config.apiRateLimitPerMinute, duration: 60 }) : null;
  }

  /** Counts one request of `apiKeyId`; throws RATE_LIMITED once the minute's allowance is spent. */
  async consume(apiKeyId: string): Promise<void> {
    if (!this.limiter) return;
    try {
      await this.limiter.consume(apiKeyId);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new DomainError(ErrorCode.RATE_LIMITED, `Too many requests for this API key; retry in ${seconds} s`);
    }
  }
}
