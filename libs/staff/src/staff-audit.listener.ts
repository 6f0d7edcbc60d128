import { Injectable, OnModuleInit } from '@nestjs/common';
import { PaymentSessionEventsService, PaymentSessionEventType } from '@paysession/payment-sessions';
import { WebhookDeliveriesService } from '@paysession/webhooks';
import { StaffAuditAction, StaffAuditService } from './staff-audit.service';

/** The events a staff member causes that the audit log records, and as what. */
const AUDITED_EVENTS: Readonly<Partial<Record<string, StaffAuditAction>>> = {
  [PaymentSessionEventType.Canceled]: StaffAuditAction.CancelPaymentSession,
};

/**
 * Writes the audit row of what staff do through the domain services, from the services' own
 * listeners, so the row is in the transaction of the change (as the webhook outbox is): a
 * payment session event whose actor is a staff member (a cancel, with its reason), and a webhook
 * redelivery a staff member asked for. The domain services know nothing of the audit log.
 */
@Injectable()
export class StaffAuditListener implements OnModuleInit {
  constructor(
    private readonly audit: StaffAuditService,
    private readonly sessionEvents: PaymentSessionEventsService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  onModuleInit(): void {
    this.sessionEvents.onRecorded(async (manager, event, _session, actor) => {
      const action = AUDITED_EVENTS[event.type];
      if (!action || actor.kind !== 'staff' || !actor.id) return;
      const reason = typeof event.data?.reason === 'string' ? event.data.reason : null;
      await this.audit.record(manager, { staffId: actor.id, action, targetId: event.sessionId, reason });
    });
    this.deliveries.onRedelivered(async (manager, delivery, ctx) => {
      if (ctx.staff) await this.audit.record(manager, { staffId: ctx.staff.id, action: StaffAuditAction.RedeliverWebhook, targetId: delivery.id });
    });
  }
}
