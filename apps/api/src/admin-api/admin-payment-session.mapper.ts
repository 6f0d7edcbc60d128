import { CancelOutcome, PaymentSessionEventEntity, PaymentSessionStatus, PaymentSessionView, PaymentSessionViews } from '@paysession/payment-sessions';
import { AdminPaymentSessionEventModel, CancelOutcomeModel } from './models/admin-payment-session.model';

/** An event row as the timeline shows it; the details the console needs are lifted out of `data`. */
export function toEventModel(event: PaymentSessionEventEntity): AdminPaymentSessionEventModel {
  const data = event.data ?? {};
  const snapshot = (data.paymentSession ?? {}) as { status?: PaymentSessionStatus };
  return {
    id: event.id,
    type: event.type,
    occurredAt: event.occurredAt,
    actor: event.actor,
    fromStatus: typeof data.from === 'string' ? (data.from as PaymentSessionStatus) : null,
    status: snapshot.status as PaymentSessionStatus,
    reason: typeof data.reason === 'string' ? data.reason : null,
    changes: Array.isArray(data.changes) ? (data.changes as string[]) : null,
    data,
    orgId: event.orgId,
  };
}

export function toOutcomeModel(outcome: CancelOutcome, views: PaymentSessionViews): Omit<CancelOutcomeModel, 'paymentSession'> & { paymentSession: PaymentSessionView | null } {
  return {
    id: outcome.id,
    canceled: outcome.error === null,
    paymentSession: outcome.session ? views.toView(outcome.session) : null,
    code: outcome.error?.code ?? null,
    message: outcome.error?.message ?? null,
  };
}
