import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CheckoutConfigurationEntity } from '@paysession/checkout-configurations';
import { ContactEntity } from '@paysession/contacts';
import { OrganizationEntity } from '@paysession/organizations';
import { PaymentSessionEntity, PaymentSessionEventEntity, PaymentSessionsModule } from '@paysession/payment-sessions';
import { StaffAuditEntryEntity } from './staff-audit-entry.entity';
import { StaffAuditService } from './staff-audit.service';
import { StaffAuthService } from './staff-auth.service';
import { StaffConsoleNotice } from './staff-console.notice';
import { StaffEntity } from './staff.entity';
import { StaffGuard } from './staff.guard';
import { StaffLoginLimiter } from './staff-login.limiter';
import { StaffMerchantDataService } from './staff-merchant-data.service';
import { StaffPaymentSessionsService } from './staff-payment-sessions.service';
import { StaffService } from './staff.service';
import { StaffWebhooksService } from './staff-webhooks.service';
import { WebhooksModule } from '@paysession/webhooks';
import { StaffSessionEmailEntity } from './staff-session-email.entity';
import { StaffSessionSearchIndex } from './staff-session-search.index';
import { StaffSessionEntity } from './staff-session.entity';

/** Staff accounts, sign-in and the audit log: what the CLI needs, without the console's queries. */
@Module({
  imports: [TypeOrmModule.forFeature([StaffEntity, StaffSessionEntity, StaffAuditEntryEntity])],
  providers: [StaffService, StaffAuthService, StaffLoginLimiter, StaffAuditService, StaffGuard],
  exports: [StaffService, StaffAuthService, StaffAuditService, StaffGuard],
})
export class StaffModule {}

/**
 * What the staff console reads and does across organizations. It uses the application's one
 * PaymentSessionsModule (services only), so a staff cancel goes through the same state machine
 * and event listeners (the webhook outbox) as a merchant's.
 */
@Module({
  imports: [
    StaffModule,
    PaymentSessionsModule,
    WebhooksModule,
    TypeOrmModule.forFeature([StaffEntity, PaymentSessionEntity, PaymentSessionEventEntity, OrganizationEntity, ContactEntity, CheckoutConfigurationEntity, StaffSessionEmailEntity]),
  ],
  providers: [StaffPaymentSessionsService, StaffWebhooksService, StaffMerchantDataService, StaffSessionSearchIndex, StaffConsoleNotice],
  exports: [StaffModule, PaymentSessionsModule, StaffPaymentSessionsService, StaffWebhooksService, StaffMerchantDataService],
})
export class StaffConsoleModule {}
