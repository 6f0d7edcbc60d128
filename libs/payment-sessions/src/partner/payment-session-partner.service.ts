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
import { RejectionReasonCode, RejectionSource } from './rejection-codes';

/** A Shopify-style outcome: the session (when there is one) and the problems, empty on success. */
export interface PartnerOutcome<C extends string> {
  session: PaymentSessionEntity | null;
  userErrors: { field: string[] | null; message: string; code: C }[];
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * The payments partner's moves (paymentSessionPending, Resolve, Reject). Expected refusals are
 * returned as user errors, never thrown. Resolve after resolve and reject after reject succeed
 * again with no change.
 */
@Injectable()
export class PaymentSessionPartnerService {
  constructor(
    @InjectRepository(PaymentSessionEntity) private readonly sessions: Repository<PaymentSessionEntity>,
    private readonly transactions: Transactions,
    private readonly stateMachine: PaymentSessionStateMachine,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

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
      this.stateMachine.transition(manager, session, PaymentSessionStatus.Pending, this.actor(ctx), { pendingExpiresAt, pendingReason: reason }, { reason }),
    );
    return result.changed ? ok(result.session) : invalid(result.session);
  }

  async resolve(
    ctx: RequestContext,
    id: string,
    details: { paymentId?: string | null; networkTransactionId?: string | null; authorizationExpiresAt?: Date | null },
  ): Promise<PartnerOutcome<'NOT_FOUND' | 'RESOLVE_INVALID_STATE'>> {
    const session = await this.find(ctx, id);
    if (!session) return fail(null, ['id'], 'The payment session does not exist', 'NOT_FOUND');
    const settle = (s: PaymentSessionEntity): PartnerOutcome<'NOT_FOUND' | 'RESOLVE_INVALID_STATE'> =>
      s.status === PaymentSessionStatus.Completed ? ok(s) : fail(s, ['id'], `A ${s.status} payment session cannot be resolved`, 'RESOLVE_INVALID_STATE');
    if (!this.stateMachine.allows(session.status, PaymentSessionStatus.Completed, 'partner')) return settle(session);
    const result = await this.transactions.run((manager) =>
      this.stateMachine.transition(manager, session, PaymentSessionStatus.Completed, this.actor(ctx), {
        paymentId: details.paymentId ?? session.paymentId ?? newId('pay'),
        networkTransactionId: details.networkTransactionId ?? null,
        authorizationExpiresAt: details.authorizationExpiresAt ?? null,
      }),
    );
    return settle(result.session);
  }

  async reject(
    ctx: RequestContext,
    id: string,
    reason: { code: RejectionReasonCode; merchantMessage?: string | null; source?: RejectionSource | null },
  ): Promise<PartnerOutcome<'NOT_FOUND' | 'REJECT_INVALID_STATE'>> {
    const session = await this.find(ctx, id);
    if (!session) return fail(null, ['id'], 'The payment session does not exist', 'NOT_FOUND');
    const settle = (s: PaymentSessionEntity): PartnerOutcome<'NOT_FOUND' | 'REJECT_INVALID_STATE'> =>
      s.status === PaymentSessionStatus.Rejected ? ok(s) : fail(s, ['id'], `A ${s.status} payment session cannot be rejected`, 'REJECT_INVALID_STATE');
    if (!this.stateMachine.allows(session.status, PaymentSessionStatus.Rejected, 'partner')) return settle(session);
    const rejection = { code: reason.code, merchantMessage: reason.merchantMessage ?? null, source: reason.source ?? null };
    const result = await this.transactions.run((manager) =>
      this.stateMachine.transition(manager, session, PaymentSessionStatus.Rejected, this.actor(ctx), { rejection }, { reason: rejection }),
    );
    return settle(result.session);
  }

  private find(ctx: RequestContext, id: string): Promise<PaymentSessionEntity | null> {
    return this.sessions.findOneBy({ orgId: ctx.orgId, id });
  }

  private actor(ctx: RequestContext): Actor {
    return { kind: 'partner', id: ctx.apiKeyId };
  }
}

function ok<C extends string>(session: PaymentSessionEntity): PartnerOutcome<C> {
  return { session, userErrors: [] };
}

function fail<C extends string>(session: PaymentSessionEntity | null, field: string[], message: string, code: C): PartnerOutcome<C> {
  return { session, userErrors: [{ field, message, code }] };
}
