import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '@paysession/common';
import { DatabaseProbe } from '@paysession/database';
import { Readiness } from './readiness';

/**
 * Readiness for load balancers: 200 while this instance takes traffic and the database answers;
 * 503 once a shutdown has begun, or when the database does not answer within
 * DB_ACQUIRE_TIMEOUT_MS (the probe uses a connection of its own, never one of the pool's).
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: Readiness,
    private readonly database: DatabaseProbe,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  check() {
    return this.health.check([
      () => (this.readiness.ready ? this.indicators.check('server').up() : this.indicators.check('server').down({ message: 'shutting down' })),
      async () => ((await this.database.ping()) ? this.indicators.check('database').up() : this.indicators.check('database').down()),
    ]);
  }
}
