import { Injectable } from '@nestjs/common';
import { DeliveryWithAttempts, WebhookDeliveriesService } from '@paysession/webhooks';
import { StaffAuditAction, StaffAuditService } from './staff-audit.service';
import { StaffPrincipal } from './staff.context';

/** What staff see and do about a session's webhook deliveries. */
@Injectable()
export class StaffWebhooksService {
  constructor(
    private readonly deliveries: WebhookDeliveriesService,
    private readonly audit: StaffAuditService,
  ) {}

  ofSession(sessionId: string): Promise<DeliveryWithAttempts[]> {
    return this.deliveries.ofSession(sessionId);
  }

  /** Sends a Failed delivery again, with an audit entry in the same transaction. */
  redeliver(staff: StaffPrincipal, deliveryId: string): Promise<DeliveryWithAttempts> {
    return this.deliveries.requeue(deliveryId, {
      alongside: (manager, delivery) => this.audit.record(manager, { staffId: staff.id, action: StaffAuditAction.RedeliverWebhook, targetId: delivery.id }),
    });
  }
}
