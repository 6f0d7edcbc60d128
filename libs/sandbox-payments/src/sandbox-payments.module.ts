import { Module } from '@nestjs/common';
import { SandboxPaymentsController } from './sandbox-payments.controller';
import { SandboxPaymentsService } from './sandbox-payments.service';

/**
 * The built-in sandbox payments partner (SANDBOX_PAYMENTS): test cards, no money. The app
 * imports it only when the setting is on; it depends on no domain module.
 */
@Module({ controllers: [SandboxPaymentsController], providers: [SandboxPaymentsService] })
export class SandboxPaymentsModule {}
