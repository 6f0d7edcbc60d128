import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PaymentSessionEntity, PaymentSessionsModule } from '@paysession/payment-sessions';
import { ExpiryCron } from './expiry.cron';
import { ExpirySweepService } from './expiry-sweep.service';

/** Expires overdue sessions. Needs ScheduleModule.forRoot() once in the app. */
@Module({
  imports: [TypeOrmModule.forFeature([PaymentSessionEntity]), PaymentSessionsModule],
  providers: [ExpirySweepService, ExpiryCron],
  exports: [ExpirySweepService],
})
export class ExpiryModule {}
