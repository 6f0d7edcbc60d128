import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PaymentSessionEntity } from '../payment-session.entity';
import { PaymentSessionHourlyCountEntity, PaymentSessionRollupEntity } from './payment-session-hourly-count.entity';
import { PaymentSessionOverviewService } from './payment-session-overview.service';
import { PaymentSessionRollupCron } from './payment-session-rollup.cron';

/**
 * The console overview's payment-session figures and the job that rolls up their hourly counts.
 * Needs ScheduleModule.forRoot() in the app (the job); imported by the app and the admin API.
 */
@Module({
  imports: [TypeOrmModule.forFeature([PaymentSessionEntity, PaymentSessionHourlyCountEntity, PaymentSessionRollupEntity])],
  providers: [PaymentSessionOverviewService, PaymentSessionRollupCron],
  exports: [PaymentSessionOverviewService],
})
export class PaymentSessionOverviewModule {}
