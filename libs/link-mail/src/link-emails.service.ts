import { Inject, Injectable } from '@nestjs/common';
import { brandOf, CheckoutConfigurationsService } from '@paysession/checkout-configurations';
import { DomainError, ErrorCode, invalidState, newId, RequestContext } from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { ContactsService } from '@paysession/contacts';
import { forUpdate, Transactions } from '@paysession/database';
import { OrganizationsService } from '@paysession/organizations';
import {
  effectiveStatus, isUnstarted, PaymentSessionEntity, PaymentSessionEventsService, PaymentSessionEventType, PaymentSessionsService, PaymentSessionStatus, PaymentSessionViews, UNSTARTED_STATUSES,
} from '@paysession/payment-sessions';
import { EntityManager } from 'typeorm';
import { LinkEmailEntity, LinkEmailStatus } from './link-email.entity';
import { linkEmail } from './link-email.message';
import { MailTransport } from './mail-transport';

/** The window of the per-session limit (LINK_EMAILS_PER_SESSION). */
const LIMIT_WINDOW_MS = 24 * 3600 * 1000;

/**
 * Emails a payment session's link to its contact (docs/CONTRACT.md, The customer side; the
 * seed: "some features are unavailable if a contactId or contactRef is not provided").
 *
 * The mail server is slow and outside our transactions, so a send is three steps: a short
 * transaction reserves it (the session row locked, its status and the per-session limit checked,
 * a `sending` row written), the message is handed to the mail server, and a second transaction
 * marks it `sent` and records the `payment_session.link_sent` event (or marks it `failed`).
 * Concurrent sends of one session cannot pass the limit together; a crash after the reservation
 * leaves a `sending` row that counts to the limit and no event (the mail may or may not have
 * gone out: nothing claims it did).
 */
@Injectable()
export class LinkEmailsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly sessions: PaymentSessionsService,
    private readonly views: PaymentSessionViews,
    private readonly events: PaymentSessionEventsService,
    private readonly contacts: ContactsService,
    private readonly checkoutConfigurations: CheckoutConfigurationsService,
    private readonly organizations: OrganizationsService,
    private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Sends the link of session `id` of `orgId` to its contact's email: the attached contact's
   * (`contactId`), else `contactRef.contactEmail`. Returns the session as it is after the event.
   * @throws NOT_FOUND (field `id`) for no such session in the caller's organization;
   *   INVALID_STATE when the session is not Active (or its expirationDate has passed) or has no
   *   contact email; RATE_LIMITED after LINK_EMAILS_PER_SESSION sends in 24 hours;
   *   MAIL_NOT_SENT when the mail server is not configured or did not take the message (nothing
   *   is recorded, and the attempt does not count to the limit).
   */
  async send(ctx: RequestContext, orgId: string, id: string): Promise<PaymentSessionEntity> {
    const session = await this.sessions.get(ctx, orgId, id);
    assertSendable(session, new Date());
    const recipient = await this.recipientOf(ctx, session);
    // Everything the message needs is read before the reservation, so that only the mail
    // server's answer decides whether a reserved send counts.
    const message = linkEmail({
      to: recipient.email,
      recipientName: recipient.name,
      ...(await this.brandOf(ctx, session)),
      amountMinor: session.amountMinor,
      currency: session.currency,
      transactionRef: session.transactionRef,
      link: this.views.link(session) as string,
      expiresAt: session.expirationDate,
    });
    const reserved = await this.transactions.run((manager) => this.reserve(manager, session, recipient));

    let messageId: string;
    try {
      ({ messageId } = await this.transport.send(message));
    } catch (error) {
      const reason = error instanceof DomainError ? error.message : 'unexpected failure';
      await this.transactions.run((manager) =>
        manager.update(LinkEmailEntity, { id: reserved.id }, { status: LinkEmailStatus.Failed, error: reason.slice(0, 500), updatedAt: new Date() }),
      );
      throw error;
    }

    return this.transactions.run(async (manager) => {
      await manager.update(LinkEmailEntity, { id: reserved.id }, { status: LinkEmailStatus.Sent, messageId: messageId.slice(0, 255), updatedAt: new Date() });
      const current = await manager.findOneByOrFail(PaymentSessionEntity, { id: session.id });
      await this.events.record(manager, current, PaymentSessionEventType.LinkSent, { kind: 'merchant', id: ctx.apiKeyId }, { linkEmail: { id: reserved.id, to: recipient.email } });
      return current;
    });
  }

  /** Checks the session again under its row lock and the limit, then writes the `sending` row. */
  private async reserve(manager: EntityManager, session: PaymentSessionEntity, recipient: { email: string }): Promise<LinkEmailEntity> {
    const locked = await forUpdate(manager.getRepository(PaymentSessionEntity).createQueryBuilder('s').where('s.id = :id', { id: session.id })).getOneOrFail();
    const now = new Date();
    assertSendable(locked, now);
    const recent = await manager
      .getRepository(LinkEmailEntity)
      .createQueryBuilder('e')
      .where('e.session_id = :id AND e.created_at >= :since AND e.status <> :failed', { id: session.id, since: now.getTime() - LIMIT_WINDOW_MS, failed: LinkEmailStatus.Failed })
      .getCount();
    const limit = this.config.mail.linkEmailsPerSession;
    if (recent >= limit) {
      throw new DomainError(ErrorCode.RATE_LIMITED, `This payment session's link was already emailed ${recent} times in the last 24 hours (the limit is ${limit})`);
    }
    const row = manager.create(LinkEmailEntity, {
      id: newId('lem'), orgId: session.orgId, sessionId: session.id, recipient: recipient.email, status: LinkEmailStatus.Sending, messageId: null, error: null, createdAt: now, updatedAt: now,
    });
    await manager.insert(LinkEmailEntity, row);
    return row;
  }

  /** The attached contact's email and name, else contactRef's. */
  private async recipientOf(ctx: RequestContext, session: PaymentSessionEntity): Promise<{ email: string; name: string | null }> {
    if (session.contactId) {
      const contact = await this.contacts.get(ctx, session.orgId, session.contactId);
      if (contact.email) return { email: contact.email, name: contact.name || null };
    }
    const ref = session.contactRef;
    if (ref?.contactEmail) {
      const name = ref.contactName ?? ([ref.contactFirstName, ref.contactLastName].filter(Boolean).join(' ') || null);
      return { email: ref.contactEmail, name };
    }
    throw invalidState('The payment session has no contact email to send its link to: attach a contact with an email (contactId) or give contactRef.contactEmail');
  }

  /** The brand the hosted page shows for this session (brandOf). */
  private async brandOf(ctx: RequestContext, session: PaymentSessionEntity): Promise<{ brandName: string; brandLogoUrl: string | null }> {
    const config = session.checkoutConfigurationId ? await this.checkoutConfigurations.get(ctx, session.orgId, session.checkoutConfigurationId) : null;
    const brand = brandOf(session, config, (await this.organizations.get(session.orgId)).name);
    return { brandName: brand.name, brandLogoUrl: brand.logoUrl };
  }
}

/**
 * Only a session its customer can still pay, read through the deadline rule, has a link worth
 * sending (isUnstarted and effectiveStatus, libs/payment-sessions/src/state-machine).
 */
function assertSendable(session: PaymentSessionEntity, now: Date): void {
  const status = effectiveStatus(session, now);
  if (!isUnstarted(status)) {
    throw invalidState(`Only an ${UNSTARTED_STATUSES.join(' or ')} payment session's link can be sent; this one is ${status}`);
  }
}
