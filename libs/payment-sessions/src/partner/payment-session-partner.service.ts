import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { newId, RequestContext } from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { Transactions } from '@paysession/database';
import { Repository } from 'typeorm';
import { Actor } from '../events/payment-session-event.types';
import { PaymentSessionEntity } from '../payment-session.entity';
import { PaymentSessionStatus, PendingReason } from '../payment-session.types';
import { PaymentSessionStateMachine } from '../state-machine/payment-session.state-machine';
import { effectiveStatus } from '../state-machine/deadline';
import { isUnstarted } from '../state-machine/transition-table';
import { RejectionReasonCode, RejectionSource } from './rejection-codes';

/** A Shopify-style outcome: the session (when there is one) and the problems, empty on success. */
export interface PartnerOutcome<C extends string> {
  session: PaymentSessionEntity | null;
  userErrors: { field: string[] | null; message: string; code: C }[];
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * The payments partner's moves (paymentSessionPending, Resolve, Reject). Expected refusals are
 * returned as user errors, never thrown. A repeat of a finalization with the same details (resolve
 * after resolve, reject after reject) succeeds again with no change, as Shopify's idempotent
 * mutations; a repeat with other details is refused and changes nothing. A session past its
 * deadline is Expired here as everywhere (./state-machine/deadline.ts).
 */
@Injectable()
export class PaymentSessionPartnerService {
  constructor(
    @InjectRepository(PaymentSessionEntity) private readonly sessions: Repository<PaymentSessionEntity>,
    private readonly transactions: Transactions,
    private readonly stateMachine: PaymentSessionStateMachine,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * paymentSessionPending (docs/seeds/shopify-payment-session-pending.txt): the partner holds the
   * session until `pendingExpiresAt` (UTC, in the future and within PENDING_MAX_DAYS), then the
   * scheduler expires it. Returned, never thrown: NOT_FOUND (not handed to this partner),
   * PENDING_INVALID_STATE, EXPIRED_PENDING_EXPIRES_AT, OUT_OF_RANGE_PENDING_EXPIRES_AT.
   */
  async pending(ctx: RequestContext, id: string, pendingExpiresAt: Date, reason: PendingReason): Promise<PartnerOutcome<'NOT_FOUND' | 'PENDING_INVALID_STATE' | 'EXPIRED_PENDING_EXPIRES_AT' | 'OUT_OF_RANGE_PENDING_EXPIRES_AT'>> {
    const session = await this.find(ctx, id);
    if (!session) return fail(null, ['id'], 'The payment session does not exist', 'NOT_FOUND');
    const now = Date.now();
    if (pendingExpiresAt.getTime() <= now) {
      return fail(session, ['pendingExpiresAt'], 'pendingExpiresAt is in the past', 'EXPIRED_PENDING_EXPIRES_AT');
    }
    if (pendingExpiresAt.getTime() > now + this.config.pendingMaxDays * DAY_MS) {
      return fail(session, ['pendingExpiresAt'], `pendingExpiresAt must be within ${this.config.pendingMaxDays} days`, 'OUT_OF_RANGE_PENDING_EXPIRES_AT');
    }
    const invalid = (s: PaymentSessionEntity) => fail<'PENDING_INVALID_STATE'>(s, ['id'], `A ${s.status} payment session cannot become Pending`, 'PENDING_INVALID_STATE');
    if (!this.stateMachine.allows(session.status, PaymentSessionStatus.Pending, 'partner')) return invalid(session);
    const result = await this.transactions.run((manager) =>
      this.stateMachine.transition(manager, session, PaymentSessionStatus.Pending, this.actor(ctx), { pendingExpiresAt, pendingReason: reason }, { reason, partner: partnerOf(ctx) }),
    );
    return result.changed ? ok(result.session) : invalid(result.session);
  }

  /**
   * paymentSessionResolve: the payment succeeded, the session is Completed with `paymentId` (one is
   * made, `pay_…`, when the partner gives none). A repeat with the same details succeeds again.
   * Returned, never thrown: NOT_FOUND, RESOLVE_INVALID_STATE (another status, or other details).
   */
  async resolve(
    ctx: RequestContext,
    id: string,
    details: { paymentId?: string | null; networkTransactionId?: string | null; authorizationExpiresAt?: Date | null },
  ): Promise<PartnerOutcome<'NOT_FOUND' | 'RESOLVE_INVALID_STATE'>> {
    const session = await this.find(ctx, id);
    if (!session) return fail(null, ['id'], 'The payment session does not exist', 'NOT_FOUND');
    const settle = (s: PaymentSessionEntity): PartnerOutcome<'NOT_FOUND' | 'RESOLVE_INVALID_STATE'> => {
      if (s.status !== PaymentSessionStatus.Completed) return fail(s, ['id'], `A ${s.status} payment session cannot be resolved`, 'RESOLVE_INVALID_STATE');
      const differs = resolutionConflict(s, details);
      return differs ? fail(s, [differs], `The payment session was already resolved with another ${differs}; nothing was changed`, 'RESOLVE_INVALID_STATE') : ok(s);
    };
    if (!this.stateMachine.allows(session.status, PaymentSessionStatus.Completed, 'partner')) return settle(session);
    const result = await this.transactions.run((manager) =>
      this.stateMachine.transition(manager, session, PaymentSessionStatus.Completed, this.actor(ctx), {
        paymentId: details.paymentId ?? session.paymentId ?? newId('pay'),
        networkTransactionId: details.networkTransactionId ?? null,
        authorizationExpiresAt: details.authorizationExpiresAt ?? null,
      }, { partner: partnerOf(ctx) }),
    );
    return settle(result.session);
  }

  /**
   * paymentSessionReject: the payment failed for `reason` (Shopify's codes); the session is Rejected.
   * A repeat with the same reason succeeds again. Returned, never thrown: NOT_FOUND,
   * REJECT_INVALID_STATE (another status, or another reason).
   */
  async reject(
    ctx: RequestContext,
    id: string,
    reason: { code: RejectionReasonCode; merchantMessage?: string | null; source?: RejectionSource | null },
  ): Promise<PartnerOutcome<'NOT_FOUND' | 'REJECT_INVALID_STATE'>> {
    const session = await this.find(ctx, id);
    if (!session) return fail(null, ['id'], 'The payment session does not exist', 'NOT_FOUND');
    const settle = (s: PaymentSessionEntity): PartnerOutcome<'NOT_FOUND' | 'REJECT_INVALID_STATE'> => {
      if (s.status !== PaymentSessionStatus.Rejected) return fail(s, ['id'], `A ${s.status} payment session cannot be rejected`, 'REJECT_INVALID_STATE');
      const differs = rejectionConflict(s, reason);
      return differs ? fail(s, ['reason', differs], `The payment session was already rejected with another reason ${differs}; nothing was changed`, 'REJECT_INVALID_STATE') : ok(s);
    };
    if (!this.stateMachine.allows(session.status, PaymentSessionStatus.Rejected, 'partner')) return settle(session);
    const rejection = { code: reason.code, merchantMessage: reason.merchantMessage ?? null, source: reason.source ?? null };
    const result = await this.transactions.run((manager) =>
      this.stateMachine.transition(manager, session, PaymentSessionStatus.Rejected, this.actor(ctx), { rejection }, { reason: rejection, partner: partnerOf(ctx) }),
    );
    return settle(result.session);
  }

  /**
   * The session as it stands now (a session past its deadline is Expired), or null. A partner
   * sees only the sessions handed to it: any other id, another org's or another partner's, is
   * NOT_FOUND, exactly like an id that does not exist.
   */
  private async find(ctx: RequestContext, id: string): Promise<PaymentSessionEntity | null> {
    if (!ctx.partnerId) return null;
    const session = await this.sessions.findOneBy({ id, partnerId: ctx.partnerId });
    return session && (await this.stateMachine.settleDeadlines([session]))[0];
  }

  private actor(ctx: RequestContext): Actor {
    return { kind: 'partner', id: ctx.partnerId };
  }

  /**
   * Hands session `id` of `orgId` to `partnerId` (the hosted checkout page does, when the
   * customer presses Pay): from then on only that partner may finalize it. Returns the partner it
   * was handed to before (to put back if the hand-off fails), or undefined when the session cannot
   * be paid now (not unstarted, or past its deadline: isUnstarted, effectiveStatus).
   */
  async handOver(orgId: string, id: string, partnerId: string | null): Promise<{ previous: string | null } | undefined> {
    return this.transactions.run(async (manager) => {
      const session = await manager.findOneBy(PaymentSessionEntity, { orgId, id });
      if (!session || !isUnstarted(effectiveStatus(session))) return undefined;
      await manager.update(PaymentSessionEntity, { orgId, id, status: session.status }, { partnerId });
      return { previous: session.partnerId };
    });
  }
}

/** The partner as events name it: `{ id: "ptn_…", name: "Acme Payments" }`. */
function partnerOf(ctx: RequestContext) {
  return { id: ctx.partnerId ?? null, name: ctx.partnerName ?? null };
}

function ok<C extends string>(session: PaymentSessionEntity): PartnerOutcome<C> {
  return { session, userErrors: [] };
}

function fail<C extends string>(session: PaymentSessionEntity | null, field: string[], message: string, code: C): PartnerOutcome<C> {
  return { session, userErrors: [{ field, message, code }] };
}

/**
 * The first detail of a repeated resolve that contradicts the resolved session (`paymentId`,
 * `networkTransactionId`, `authorizationExpiresAt`), or null when the repeat is the same
 * resolution. A detail the repeat leaves out claims nothing.
 */
function resolutionConflict(
  s: PaymentSessionEntity,
  details: { paymentId?: string | null; networkTransactionId?: string | null; authorizationExpiresAt?: Date | null },
): string | null {
  if (details.paymentId != null && details.paymentId !== s.paymentId) return 'paymentId';
  if (details.networkTransactionId != null && details.networkTransactionId !== s.networkTransactionId) return 'networkTransactionId';
  if (details.authorizationExpiresAt != null && details.authorizationExpiresAt.getTime() !== s.authorizationExpiresAt?.getTime()) return 'authorizationExpiresAt';
  return null;
}

/** The first part of a repeated reject's reason that contradicts the stored rejection, or null. */
function rejectionConflict(s: PaymentSessionEntity, reason: { code: string; merchantMessage?: string | null; source?: string | null }): string | null {
  if (reason.code !== s.rejection?.code) return 'code';
  if (reason.merchantMessage != null && reason.merchantMessage !== s.rejection?.merchantMessage) return 'merchantMessage';
  if (reason.source != null && reason.source !== s.rejection?.source) return 'source';
  return null;
}
