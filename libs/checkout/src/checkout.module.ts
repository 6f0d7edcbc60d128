import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PartnersModule } from '@paysession/partners';
import { PaymentSessionEntity, PaymentSessionsModule } from '@paysession/payment-sessions';
import { CheckoutController } from './checkout.controller';
import { CheckoutService } from './checkout.service';

/** The customer's side: the hosted checkout page at /pay/:token and the hand-off to the payments partner. */
@Module({
  imports: [TypeOrmModule.forFeature([PaymentSessionEntity]), PaymentSessionsModule, PartnersModule],
  controllers: [CheckoutController],
  providers: [CheckoutService],
  exports: [CheckoutService],
})
export class CheckoutModule {}
