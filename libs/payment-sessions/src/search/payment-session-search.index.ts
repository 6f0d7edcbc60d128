import { Injectable, OnModuleInit } from '@nestjs/common';
import { Transactions } from '@paysession/database';
import { EntityManager } from 'typeorm';
import { PaymentSessionEventEntity } from '../events/payment-session-event.entity';
import { PaymentSessionEventType } from '../events/payment-session-event.types';
import { PaymentSessionEventsService } from '../events/payment-session-events.service';
import { PaymentSessionEntity } from '../payment-session.entity';
import { StoredContactRef } from '../payment-session.types';
import { PaymentSessionEmailEntity } from './payment-session-email.entity';

/** Only these events can change what the merchant sent; status moves leave it as it was. */
const CONTENT_EVENTS: ReadonlySet<string> = new Set([PaymentSessionEventType.Created, PaymentSessionEventType.Updated]);

/**
 * Keeps the session email index in step with the sessions: every session change records an event
 * in its own transaction (docs/CONTRACT.md, Events), and this listener rewrites the session's rows
 * in that same transaction, so the index never disagrees with a committed session. The migration
 * that created the table filled it for the sessions that existed then.
 */
@Injectable()
export class PaymentSessionSearchIndex implements OnModuleInit {
  constructor(
    private readonly events: PaymentSessionEventsService,
    private readonly transactions: Transactions,
  ) {}

  onModuleInit(): void {
    this.events.onRecorded((manager, event, session) => this.sync(manager, event, session));
  }

  private async sync(manager: EntityManager, event: PaymentSessionEventEntity, session: PaymentSessionEntity): Promise<void> {
    if (!CONTENT_EVENTS.has(event.type)) return;
    const emails = sessionEmails(session);
    if (event.type !== PaymentSessionEventType.Created) await manager.delete(PaymentSessionEmailEntity, { sessionId: session.id });
    // Deferred with the session's other inserts (Transactions.defer); the delete above runs now, so before it.
    if (emails.length) this.transactions.defer(manager, manager.createQueryBuilder().insert().into(PaymentSessionEmailEntity).values(emails.map((email) => ({ email, sessionId: session.id }))));
  }
}

/** Every contact email the merchant sent with `session`, lower-cased, without repeats. */
export function sessionEmails(session: Pick<PaymentSessionEntity, 'contactRef' | 'invoiceRefs'>): string[] {
  const contacts: (StoredContactRef | null | undefined)[] = [session.contactRef];
  for (const ref of session.invoiceRefs ?? []) contacts.push(ref.billingContact, ref.shippingContact);
  const emails = contacts.map((c) => c?.contactEmail?.trim().toLowerCase()).filter((e): e is string => !!e && e.length <= 254);
  return [...new Set(emails)];
}
