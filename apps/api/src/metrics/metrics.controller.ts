import { Controller, Get, Header, Headers, HttpException, HttpStatus, Inject, NotFoundException } from '@nestjs/common';
import { Public } from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { createHash, timingSafeEqual } from 'node:crypto';
import { register } from 'prom-client';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Prometheus text for scrapers. Modules define their own metrics on prom-client's default
 * registry next to the work they measure (expiry sweeps, webhook deliveries).
 *
 * Who may read it (README, Configuration): with METRICS_TOKEN set, only a request with
 * `Authorization: Bearer <METRICS_TOKEN>`; without it, anyone outside production and no one in
 * production (404, as if there were no such page).
 */
@Controller('metrics')
export class MetricsController {
  private readonly token: Buffer | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.token = config.metricsToken ? digest(config.metricsToken) : null;
  }

  @Get()
  @Public()
  @Header('Content-Type', register.contentType)
  metrics(@Headers('authorization') authorization: string | undefined): Promise<string> {
    if (!this.token) {
      if (this.config.nodeEnv === 'production') throw new NotFoundException();
      return register.metrics();
    }
    const given = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    // Compared as digests, in constant time: neither length nor content leaks through timing.
    if (!given || !timingSafeEqual(digest(given), this.token)) {
      throw new HttpException({ statusCode: 401, message: 'Send Authorization: Bearer <METRICS_TOKEN>' }, HttpStatus.UNAUTHORIZED);
    }
    return register.metrics();
  }
}
