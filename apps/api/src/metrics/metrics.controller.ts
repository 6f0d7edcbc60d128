import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '@paysession/common';
import { register } from 'prom-client';

/**
 * Prometheus text for scrapers. Modules define their own metrics on prom-client's default
 * registry next to the work they measure (expiry sweeps, webhook deliveries).
 */
@Controller('metrics')
export class MetricsController {
  @Get()
  @Public()
  @Header('Content-Type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}
