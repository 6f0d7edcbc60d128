import { callerKind, RequestContext } from '@paysession/common';

/** Event types (docs/CONTRACT.md, Events). */
export enum PaymentSessionEventType {
  Created = 'payment_session.created',
  Updated = 'payment_session.updated',
  Pending = 'payment_session.pending',
  Completed = 'payment_session.completed',
  Rejected = 'payment_session.rejected',
  Canceled = 'payment_session.canceled',
  Expired = 'payment_session.expired',
  /** The link was emailed to the contact (sendPaymentSessionLink); the session itself did not change. */
  LinkSent = 'payment_session.link_sent',
}

/** Who made a change: `merchant:key_…`, `partner:ptn_…`, `staff:stf_…` or `scheduler`. */
export interface Actor {
  kind: 'merchant' | 'partner' | 'scheduler' | 'staff';
  id?: string;
}

export function actorLabel(actor: Actor): string {
  return actor.id ? `${actor.kind}:${actor.id}` : actor.kind;
}

/** The actor a caller's changes are recorded as: its key, its partner id or its staff id. */
export function actorOf(ctx: Pick<RequestContext, 'apiKeyId' | 'partnerId' | 'staff'>): Actor {
  switch (callerKind(ctx)) {
    case 'staff':
      return { kind: 'staff', id: ctx.staff!.id };
    case 'partner':
      return { kind: 'partner', id: ctx.partnerId };
    default:
      return { kind: 'merchant', id: ctx.apiKeyId };
  }
}
