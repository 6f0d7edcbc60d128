import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { CronJob } from 'cron';
import { ExpirySweepService } from './expiry-sweep.service';

/** The schedule's name in the SchedulerRegistry. Its timing is EXPIRY_CRON (default every 15 s). */
export const EXPIRY_JOB = 'payment-session-expiry';

/**
 * Runs the expiry sweep on EXPIRY_CRON in every instance (EXPIRY_ENABLED=false turns it off for
 * one). Thin: the sweep is safe to run concurrently across instances; within one instance a
 * tick that finds the previous run still going is skipped.
 */
@Injectable()
export class ExpiryCron implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ExpiryCron.name);
  private running: Promise<unknown> | null = null;
  private stopping = false;

  constructor(
    private readonly scheduler: SchedulerRegistry,
    private readonly sweep: ExpirySweepService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.expiry.enabled) return;
    const job = CronJob.from({ cronTime: this.config.expiry.cron, onTick: () => this.tick(), start: true });
    this.scheduler.addCronJob(EXPIRY_JOB, job);
  }

  async onModuleDestroy(): Promise<void> {
    // No further tick; a running sweep finishes its batch before the pool closes.
    this.stopping = true;
    if (this.scheduler.doesExist('cron', EXPIRY_JOB)) await this.scheduler.getCronJob(EXPIRY_JOB).stop();
    await this.running;
  }

  private tick(): void {
    if (this.running || this.stopping) return;
    this.running = this.sweep
      .sweep(new Date(), () => this.stopping)
      .catch((error) => this.logger.error(error, 'expiry sweep failed; the next tick retries'))
      .finally(() => (this.running = null));
  }
}
