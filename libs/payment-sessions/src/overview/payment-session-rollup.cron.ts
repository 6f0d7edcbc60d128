import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { CronJob } from 'cron';
import { PaymentSessionOverviewService } from './payment-session-overview.service';

/** The schedule's name in the SchedulerRegistry. Its timing is OVERVIEW_ROLLUP_CRON (default every 5 minutes). */
export const OVERVIEW_ROLLUP_JOB = 'payment-session-overview-rollup';

/**
 * Rolls up the overview's hourly counts on OVERVIEW_ROLLUP_CRON in every instance
 * (OVERVIEW_ROLLUP_ENABLED=false turns it off for one). Thin: the roll-up claims each chunk with
 * a compare-and-set, so instances running it at once count every hour once; within one instance
 * a tick that finds the previous run still going is skipped.
 */
@Injectable()
export class PaymentSessionRollupCron implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PaymentSessionRollupCron.name);
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly scheduler: SchedulerRegistry,
    private readonly overview: PaymentSessionOverviewService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.overview.rollupEnabled) return;
    const job = CronJob.from({ cronTime: this.config.overview.rollupCron, onTick: () => this.tick(), start: true });
    this.scheduler.addCronJob(OVERVIEW_ROLLUP_JOB, job);
  }

  async onModuleDestroy(): Promise<void> {
    if (this.scheduler.doesExist('cron', OVERVIEW_ROLLUP_JOB)) await this.scheduler.getCronJob(OVERVIEW_ROLLUP_JOB).stop();
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.overview
      .rollUp(new Date())
      .catch((error) => this.logger.error(error, 'overview roll-up failed; the next tick retries'))
      .finally(() => (this.running = null));
  }
}
