import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PaymentSessionsModule } from '@paysession/payment-sessions';
import { WebhooksModule } from '@paysession/webhooks';
import { StaffAuditEntryEntity } from './staff-audit-entry.entity';
import { StaffAuditListener } from './staff-audit.listener';
import { StaffAuditService } from './staff-audit.service';
import { StaffAuthService } from './staff-auth.service';
import { StaffConsoleNotice } from './staff-console.notice';
import { StaffEntity } from './staff.entity';
import { StaffGuard } from './staff.guard';
import { StaffLoginLimiter } from './staff-login.limiter';
import { StaffService } from './staff.service';
import { StaffSignInEntity } from './staff-sign-in.entity';

/** Staff accounts, sign-in and the audit log: what the CLI needs. */
@Module({
  imports: [TypeOrmModule.forFeature([StaffEntity, StaffSignInEntity, StaffAuditEntryEntity])],
  providers: [StaffService, StaffAuthService, StaffLoginLimiter, StaffAuditService, StaffGuard],
  exports: [StaffService, StaffAuthService, StaffAuditService, StaffGuard],
})
export class StaffModule {}

/**
 * What the staff console needs beside the accounts: the audit listener on the domain services
 * (the application's one PaymentSessionsModule and WebhooksModule, services only, so a staff
 * cancel goes through the same state machine and event listeners as a merchant's) and the start
 * notice. The console's resolvers call the domain services themselves.
 */
@Module({
  imports: [StaffModule, PaymentSessionsModule, WebhooksModule, TypeOrmModule.forFeature([StaffEntity])],
  providers: [StaffAuditListener, StaffConsoleNotice],
  exports: [StaffModule, PaymentSessionsModule, WebhooksModule],
})
export class StaffConsoleModule {}
