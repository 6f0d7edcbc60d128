import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { CheckoutConfigurationsService, PaymentMethod } from '@paysession/checkout-configurations';
import {
  assertMayAct, badInput, callbackUrlProblem, compareDecimals, conflict, Connection, convertMinorUnits, DomainError, invalidState, newestFirst, newId, notFound, OffsetPage, offsetPage,
  mayAct, orgFilter, orgScope, RequestContext, toMinorUnits,
} from '@paysession/common';
import { APP_CONFIG, AppConfig } from '@paysession/config';
import { ContactsService } from '@paysession/contacts';
import { forUpdate, isUniqueViolation, Transactions } from '@paysession/database';
import { EntityManager, Repository } from 'typeorm';
import { CreatePaymentSessionInput, UpdatePaymentSessionInput } from './dto/payment-session.input';
import { PaymentSessionFilter } from './dto/payment-sessions.args';
import { PaymentSessionEventsService } from './events/payment-session-events.service';
import { Actor, actorOf, PaymentSessionEventType } from './events/payment-session-event.types';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { PaymentSessionEntity } from './payment-session.entity';
import { checkExclusive, checkFuture, normalizeContactRef, normalizeInvoiceRefs } from './payment-session.normalize';
import { PaymentSessionStatus } from './payment-session.types';
import { PaymentSessionView } from './payment-session.view';
import { effectiveStatusIn } from './state-machine/deadline';
import { afterKey, EXPORT_BATCH_SIZE, ExportRecord, orderedBatch, toExportRecord } from './search/payment-session.export';
import { filterSessions, PaymentSessionPageQuery, PaymentSessionSortField, SORT_COLUMNS } from './search/payment-session.search';
import { PaymentSessionStateMachine } from './state-machine/payment-session.state-machine';
import { canCancel, canReach, INITIAL_STATUS, isUnstarted, nextStatuses, statusesFrom, UNSTARTED_STATUSES } from './state-machine/transition-table';

const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;

/** Fields a merchant update may change, compared to decide whether anything changed. */
const UPDATABLE = [
  'amountMinor', 'currency', 'callbackUrl', 'successUrl', 'contactId', 'contactRef', 'transactionRef', 'invoiceIds', 'invoiceRefs',
  'invoiceTotalMinor', 'expirationDate', 'paymentId', 'checkoutConfigurationId', 'brandLogoUrl', 'brandName',
] as const;
type Updatable = Pick<PaymentSessionEntity, (typeof UPDATABLE)[number]>;

/** The most sessions one bulk cancel takes. */
export const MAX_BULK_CANCEL = 100;
/** The longest cancel reason, in characters. */
export const MAX_REASON_LENGTH = 500;

/** What became of one session of a bulk cancel. */
export interface CancelOutcome {
  id: string;
  /** The session after its cancel; null when it was not canceled. */
  session: PaymentSessionEntity | null;
  /** Why this one was not canceled (NOT_FOUND, INVALID_STATE); null when it was. */
  error: DomainError | null;
}

@Injectable()
export class PaymentSessionsService {
  constructor(
    @InjectRepository(PaymentSessionEntity) private readonly sessions: Repository<PaymentSessionEntity>,
    @InjectRepository(IdempotencyKeyEntity) private readonly idempotencyKeys: Repository<IdempotencyKeyEntity>,
    private readonly transactions: Transactions,
    private readonly stateMachine: PaymentSessionStateMachine,
    private readonly events: PaymentSessionEventsService,
    private readonly contacts: ContactsService,
    private readonly checkoutConfigurations: CheckoutConfigurationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The session as it stands now (deadline rule applied, see {@link current}). `orgId` is the
   * merchant's own; a staff member may name any org, or none (null: whichever org holds `id`).
   *
   * @throws DomainError NOT_FOUND at `orgId` (another org) or at `id` (no such session).
   */
  async get(ctx: RequestContext, orgId: string | null, id: string): Promise<PaymentSessionEntity> {
    const org = orgFilter(ctx, orgId, 'Payment session');
    const session = await this.sessions.findOneBy({ ...(org === null ? {} : { orgId: org }), id });
    if (!session) throw notFound('Payment session', 'id');
    return this.current(session);
  }

  /**
   * `session` as every reader must see it: when its deadline (Active: `expirationDate`,
   * Pending: `pendingExpiresAt`) has passed it is Expired, with a null link, and that expiry is
   * written now with its single `.expired` event (a compare-and-set that races the sweep safely).
   * Any code that shows a session it read itself (the hosted checkout page, the console) passes
   * it through here first.
   */
  async current(session: PaymentSessionEntity, now: Date = new Date()): Promise<PaymentSessionEntity> {
    return (await this.stateMachine.settleDeadlines([session], now))[0];
  }

  /**
   * Newest first, keyset-paginated on (created_at, id). The status filter reads statuses through
   * the deadline rule (an overdue Active session is listed under Expired, not Active), and the
   * page's overdue sessions are expired before they are returned. Dates filter on UTC instants
   * (`createdFrom` inclusive, `createdTo` exclusive).
   *
   * @param query `first`: 1 to MAX_PAGE_SIZE rows (default DEFAULT_PAGE_SIZE); `after`: an opaque cursor from a previous page.
   * @throws DomainError NOT_FOUND (`orgId`) for another org; BAD_USER_INPUT (`first`, `after`).
   */
  async list(ctx: RequestContext, query: { orgId: string; filter?: PaymentSessionFilter | null; first?: number | null; after?: string | null }): Promise<Connection<PaymentSessionEntity>> {
    const now = new Date();
    const qb = this.sessions
      .createQueryBuilder('s')
      .where('s.org_id = :orgId', { orgId: orgScope(ctx, query.orgId, 'Organization') });
    const f = query.filter ?? {};
    if (f.status?.length) qb.andWhere(effectiveStatusIn('s', f.status, now));
    if (f.contactId) qb.andWhere('s.contact_id = :contactId', { contactId: f.contactId });
    if (f.transactionRef) qb.andWhere('s.transaction_ref = :transactionRef', { transactionRef: f.transactionRef });
    if (f.createdFrom) qb.andWhere('s.created_at >= :createdFrom', { createdFrom: f.createdFrom.getTime() });
    if (f.createdTo) qb.andWhere('s.created_at < :createdTo', { createdTo: f.createdTo.getTime() });
    if (f.expirationFrom) qb.andWhere('s.expiration_date >= :expirationFrom', { expirationFrom: f.expirationFrom.getTime() });
    if (f.expirationTo) qb.andWhere('s.expiration_date < :expirationTo', { expirationTo: f.expirationTo.getTime() });
    const page = await newestFirst(qb, 's', query);
    const settled = await this.stateMachine.settleDeadlines(page.nodes, now);
    return settled === page.nodes ? page : { ...page, nodes: settled, edges: page.edges.map((edge, i) => ({ ...edge, node: settled[i] })) };
  }

  /**
   * A page of the sessions the caller sees (a staff member: every org, or `filter.orgId`; a
   * merchant: its own), filtered and sorted (default: newest first), with a total exact up to
   * TOTAL_CAP. Statuses are read through the deadline rule, as {@link list} reads them: an
   * overdue session is filtered and shown as Expired (and its expiry written).
   *
   * @throws DomainError BAD_USER_INPUT (`page`, `perPage`) out of range; NOT_FOUND (`orgId`) for a
   *   merchant naming another org.
   */
  async listPage(ctx: RequestContext, query: PaymentSessionPageQuery): Promise<OffsetPage<PaymentSessionEntity>> {
    const now = new Date();
    const filter = query.filter ?? {};
    const qb = this.sessions.createQueryBuilder('s');
    const orgId = orgFilter(ctx, filter.orgId, 'Organization');
    if (orgId !== null) qb.andWhere('s.org_id = :orgId', { orgId });
    await filterSessions(qb, filter, now);
    const field = query.sort?.field ?? PaymentSessionSortField.createdAt;
    const order = query.sort?.order ?? 'DESC';
    const page = await offsetPage(qb, query, SORT_COLUMNS[field].map((column) => [column, order]));
    return { ...page, nodes: await this.stateMachine.settleDeadlines(page.nodes, now) };
  }

  /**
   * The sessions of {@link listPage}'s `filter` and `sort` (the caller's org scope applied), as CSV
   * records, at most `limit` of them, read EXPORT_BATCH_SIZE at a time with a keyset on the sort's
   * columns: memory holds one batch however long the list, and each read is a range on the sort's
   * index. Statuses are read through the deadline rule without writing expiries. `truncated` says
   * whether more sessions matched than `limit` (a count capped at `limit + 1`).
   *
   * @throws DomainError NOT_FOUND (`orgId`) for a merchant naming another org.
   */
  async exportRecords(ctx: RequestContext, query: Pick<PaymentSessionPageQuery, 'filter' | 'sort'>, limit: number): Promise<{ truncated: boolean; records: AsyncIterable<ExportRecord> }> {
    const now = new Date();
    const filter = query.filter ?? {};
    const base = this.sessions.createQueryBuilder('s');
    const orgId = orgFilter(ctx, filter.orgId, 'Organization');
    if (orgId !== null) base.andWhere('s.org_id = :orgId', { orgId });
    await filterSessions(base, filter, now);
    const columns = SORT_COLUMNS[query.sort?.field ?? PaymentSessionSortField.createdAt];
    const order = query.sort?.order ?? 'DESC';
    const [sql, parameters] = base.clone().select('1', 'one').limit(limit + 1).getQueryAndParameters();
    const [counted] = await this.sessions.query(`SELECT COUNT(*) AS n FROM (${sql}) capped`, parameters);
    const truncated = Number(counted.n) > limit;
    const contacts = this.contacts;
    async function* records(): AsyncGenerator<ExportRecord> {
      let written = 0;
      let last: PaymentSessionEntity | null = null;
      while (written < limit) {
        const qb = base.clone();
        if (last) qb.andWhere(afterKey(columns, order, last));
        const batch = await orderedBatch(qb, columns, order, Math.min(EXPORT_BATCH_SIZE, limit - written)).getMany();
        // The attached contacts of the batch: one query per org in it (the loaders batch by org).
        const scope = {};
        const attached = await Promise.all(batch.map((s) => (s.contactId ? contacts.loader(scope, s.orgId).load(s.contactId) : null)));
        for (const [i, session] of batch.entries()) yield toExportRecord(session, now, attached[i]);
        written += batch.length;
        if (batch.length < EXPORT_BATCH_SIZE) return;
        last = batch[batch.length - 1];
      }
    }
    return { truncated, records: records() };
  }

  /**
   * Creates an Active session with its `.created` event (the webhook outbox and the search index
   * write in the same transaction). Amounts are the API's decimal strings, stored exactly in minor
   * units of `currency` (ISO 4217); without `checkoutConfigurationId` the org's default configuration
   * applies; without `expirationDate` the session lives the org's default lifetime. With an
   * `idempotencyKey` (the Idempotency-Key header), a retry with the same input within 24 h returns
   * the first session, and the same key with other input is a CONFLICT; concurrent retries
   * produce one session.
   *
   * @throws DomainError NOT_FOUND (`orgId`; `contactId`, `checkoutConfigurationId` not of this org);
   *   BAD_USER_INPUT at the domain name of the refused value (`amount` with too many decimals,
   *   `invoiceRefs.0.lines.1.price`, `expirationDate` not in the future, `callbackUrl` on a private
   *   network, contactId and contactRef both given); CONFLICT (the idempotency key).
   */
  async create(ctx: RequestContext, input: CreatePaymentSessionInput, idempotencyKey?: string): Promise<PaymentSessionEntity> {
    const orgId = orgScope(ctx, input.orgId, 'Organization');
    const now = new Date();
    const amountMinor = toMinorUnits(input.amount, input.currency, 'amount');
    const invoices = input.invoiceRefs ? normalizeInvoiceRefs(input.invoiceRefs, input.currency, 'invoiceRefs') : null;
    checkExclusive({ contactId: input.contactId, contactRef: input.contactRef, invoiceIds: input.invoiceIds, invoiceRefs: input.invoiceRefs }, input, 'input');
    checkFuture(input.expirationDate, 'expirationDate', now);
    this.checkCallbackUrl(input.callbackUrl);
    const actor: Actor = { kind: 'merchant', id: ctx.apiKeyId };
    // The request as stored: what an Idempotency-Key retry is compared on, so that `"100.1"` and
    // `"100.10"`, `USA` and `US`, two spellings of one instant or another key order are one request.
    const requested = {
      orgId,
      amountMinor,
      currency: input.currency,
      callbackUrl: input.callbackUrl ?? null,
      successUrl: input.successUrl ?? null,
      contactId: input.contactId ?? null,
      contactRef: input.contactRef ? normalizeContactRef(input.contactRef) : null,
      transactionRef: input.transactionRef ?? null,
      invoiceIds: input.invoiceIds ?? null,
      invoiceRefs: invoices?.refs ?? null,
      invoiceTotalMinor: invoices?.totalMinor ?? null,
      expirationDate: input.expirationDate ?? null,
      paymentId: input.paymentId ?? null,
      brandLogoUrl: input.brandLogoUrl ?? null,
      brandName: input.brandName ?? null,
    };

    const insert = async (manager: EntityManager, id: string) => {
      if (input.contactId) await this.contacts.lockOwn(manager, orgId, input.contactId, 'contactId');
      const config = await this.checkoutConfigurations.forSession(manager, orgId, input.checkoutConfigurationId, 'checkoutConfigurationId');
      const defaultExpiry = config.defaultSessionLifetimeSeconds ? new Date(now.getTime() + config.defaultSessionLifetimeSeconds * 1000) : null;
      return this.stateMachine.start(
        manager,
        {
          ...requested,
          id,
          linkToken: randomBytes(24).toString('base64url'),
          partnerId: null,
          expirationDate: requested.expirationDate ?? defaultExpiry,
          checkoutConfigurationId: config.id,
          pendingExpiresAt: null,
          pendingReason: null,
          networkTransactionId: null,
          authorizationExpiresAt: null,
          rejection: null,
          createdAt: now,
          updatedAt: now,
        },
        actor,
      );
    };

    if (!idempotencyKey) return this.transactions.run((manager) => insert(manager, newId('ps')));
    return this.createOnce(orgId, idempotencyKey, requestHash({ ...requested, checkoutConfigurationId: input.checkoutConfigurationId ?? null }), insert);
  }

  private async createOnce(
    orgId: string,
    key: string,
    hash: string,
    insert: (manager: EntityManager, id: string) => Promise<PaymentSessionEntity>,
  ): Promise<PaymentSessionEntity> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const existing = await this.idempotencyKeys.findOneBy({ orgId, key });
      const fresh = existing && existing.createdAt.getTime() > Date.now() - IDEMPOTENCY_WINDOW_MS;
      if (existing && fresh) {
        if (existing.requestHash !== hash) throw conflict('This Idempotency-Key was already used with a different input');
        return this.sessions.findOneByOrFail({ orgId, id: existing.sessionId });
      }
      try {
        return await this.transactions.run(async (manager) => {
          if (existing) await manager.delete(IdempotencyKeyEntity, { orgId, key, requestHash: existing.requestHash, createdAt: existing.createdAt });
          const id = newId('ps');
          // Inserted first: a concurrent retry with the same key waits on this row, then fails.
          await manager.insert(IdempotencyKeyEntity, { orgId, key, requestHash: hash, sessionId: id, createdAt: new Date() });
          return insert(manager, id);
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    throw conflict('This Idempotency-Key is being used by a concurrent request; retry');
  }

  /**
   * ClientLoop's updatePaymentSession (docs/seeds/clientloop-update-payment-session.txt): only while
   * the session is unstarted (UNSTARTED_STATUSES: Active); fields left out stay, `null` clears; a
   * new currency converts the stored amounts exactly or is refused. `status` performs the
   * merchant's moves of the transition table (Canceled, Expired now, Completed with a paymentId).
   * Field changes are one compare-and-set with one `.updated` event; a move adds its own event.
   *
   * @throws DomainError NOT_FOUND (`orgId`, `id`, `contactId`, `checkoutConfigurationId`);
   *   BAD_USER_INPUT at the domain name of the refused value (`status` the merchant never sets,
   *   `amount`, `paymentId` missing for Completed, …); INVALID_STATE when the session is no longer
   *   unstarted (an overdue one is expired first); CONFLICT on a concurrent change.
   */
  async update(ctx: RequestContext, input: UpdatePaymentSessionInput): Promise<PaymentSessionEntity> {
    const orgId = orgScope(ctx, input.orgId, 'Payment session');
    const actor = actorOf(ctx);
    if (input.status && !isUnstarted(input.status) && !canReach(input.status, actor.kind)) {
      throw badInput('status', `${input.status} is set by the payments partner, not by updatePaymentSession`);
    }
    if (input.amount === null) throw badInput('amount', 'cannot be null');
    if (input.currency === null) throw badInput('currency', 'cannot be null');
    checkFuture(input.expirationDate, 'expirationDate');
    this.checkCallbackUrl(input.callbackUrl);

    const outcome = await this.transactions.run(async (manager) => {
      // Past its deadline the session is Expired: that expiry commits, and the update is refused after.
      let session = await this.stateMachine.expireIfOverdue(manager, await this.lock(manager, orgId, input.id));
      if (!isUnstarted(session.status)) return { refused: session.status };
      const next = await this.applyInput(manager, session, input);
      checkExclusive(next, input, 'input');
      const changed = UPDATABLE.filter((field) => JSON.stringify(next[field]) !== JSON.stringify(session[field]));
      if (changed.length) session = await this.writeFields(manager, session, pick(next, changed), actor, changed);

      // Active in the input asks for no move: the session is Active here (isUnstarted above).
      if (input.status && input.status !== INITIAL_STATUS) {
        if (input.status === PaymentSessionStatus.Completed && !session.paymentId) {
          throw badInput('paymentId', 'is required to complete a payment session');
        }
        const result = await this.stateMachine.transition(manager, session, input.status, actor);
        if (!result.changed) throw invalidState(`The payment session is now ${result.session.status}`);
        session = result.session;
      }
      return { session };
    });
    if (outcome.refused) throw notUpdatable(outcome.refused);
    return outcome.session;
  }

  /** The session's fields after applying `input` (money re-checked against the resulting currency). */
  private async applyInput(manager: EntityManager, s: PaymentSessionEntity, input: UpdatePaymentSessionInput): Promise<Updatable> {
    const currency = input.currency ?? s.currency;
    const next: Updatable = pick(s, UPDATABLE);
    next.currency = currency;
    next.amountMinor = input.amount ? toMinorUnits(input.amount, currency, 'amount') : convertMinorUnits(s.amountMinor, s.currency, currency, 'amount');
    if (input.invoiceRefs !== undefined) {
      const invoices = input.invoiceRefs ? normalizeInvoiceRefs(input.invoiceRefs, currency, 'invoiceRefs') : null;
      next.invoiceRefs = invoices?.refs ?? null;
      next.invoiceTotalMinor = invoices?.totalMinor ?? null;
    } else if (currency !== s.currency && s.invoiceRefs) {
      // The stored figures in the new currency: never re-validated as input, only refused when
      // the new currency cannot hold one (decimals it does not have), at the value to send anew.
      const convert = (minor: number | null, field: string) => (minor === null ? null : convertMinorUnits(minor, s.currency, currency, field));
      next.invoiceRefs = s.invoiceRefs.map((ref, i) => ({
        ...ref,
        amountMinor: convert(ref.amountMinor, `invoiceRefs.${i}.amount`),
        lines: ref.lines?.map((line, j) => ({ ...line, priceMinor: convert(line.priceMinor, `invoiceRefs.${i}.lines.${j}.price`) })) ?? null,
      }));
      next.invoiceTotalMinor = convert(s.invoiceTotalMinor, 'invoiceRefs');
    }
    for (const field of ['callbackUrl', 'successUrl', 'transactionRef', 'invoiceIds', 'expirationDate', 'paymentId', 'brandLogoUrl', 'brandName'] as const) {
      if (input[field] !== undefined) (next as Record<string, unknown>)[field] = input[field];
    }
    if (input.contactRef !== undefined) next.contactRef = input.contactRef ? normalizeContactRef(input.contactRef) : null;
    if (input.contactId !== undefined) {
      if (input.contactId) await this.contacts.lockOwn(manager, s.orgId, input.contactId, 'contactId');
      next.contactId = input.contactId;
    }
    if (input.checkoutConfigurationId !== undefined) {
      next.checkoutConfigurationId = (await this.checkoutConfigurations.forSession(manager, s.orgId, input.checkoutConfigurationId, 'checkoutConfigurationId')).id;
    }
    return next;
  }

  /** Field changes: a compare-and-set on (Active, version) with an `.updated` event. */
  private async writeFields(manager: EntityManager, s: PaymentSessionEntity, values: Partial<Updatable>, actor: Actor, changed: string[]): Promise<PaymentSessionEntity> {
    const result = await manager
      .createQueryBuilder()
      .update(PaymentSessionEntity)
      .set({ ...values, updatedAt: new Date(), version: () => 'version + 1' })
      .where('id = :id AND org_id = :orgId AND status IN (:...statuses) AND version = :version', { id: s.id, orgId: s.orgId, statuses: UNSTARTED_STATUSES, version: s.version })
      .execute();
    const current = await manager.findOneByOrFail(PaymentSessionEntity, { id: s.id, orgId: s.orgId });
    if (!result.affected) {
      if (!isUnstarted(current.status)) throw notUpdatable(current.status);
      throw conflict('The payment session was modified concurrently; retry');
    }
    await this.events.record(manager, current, PaymentSessionEventType.Updated, actor, { changes: changed.map(publicFieldName) });
    return current;
  }

  /**
   * Webhooks are POSTed to callbackUrl from inside our network: a literal private, loopback or
   * reserved address is refused here (names are checked again at connect time).
   */
  private checkCallbackUrl(url: string | null | undefined): void {
    if (!url) return;
    const problem = callbackUrlProblem(url, { allowPrivateNetworks: this.config.webhooks.allowPrivateNetworks, production: this.config.nodeEnv === 'production' });
    if (problem) throw badInput('callbackUrl', `callbackUrl ${problem}`);
  }

  /**
   * Cancels one session for the caller, through the state machine: a compare-and-set on the status
   * read under the row lock, its `.canceled` event carrying `reason` (and the staff member), and
   * whatever listens to the event (the webhook outbox, the staff audit log) in the same
   * transaction. Which statuses can be canceled, and by whom, is the transition table's. A
   * session past its deadline is expired first (that commits) and then refused.
   *
   * @param input `orgId`: the merchant's own (a staff member: any, or null); `reason`: 1 to
   *   MAX_REASON_LENGTH characters, without control characters.
   * @throws DomainError FORBIDDEN for a staff member below operator; BAD_USER_INPUT (`reason`);
   *   NOT_FOUND (`id`); INVALID_STATE when the session is in a status the caller cannot cancel.
   */
  async cancel(ctx: RequestContext, input: { orgId?: string | null; id: string; reason: string }): Promise<PaymentSessionEntity> {
    assertMayAct(ctx);
    const reason = checkReason(input.reason);
    const orgId = orgFilter(ctx, input.orgId, 'Payment session');
    const actor = actorOf(ctx);
    const outcome = await this.transactions.run(async (manager) => {
      const session = await this.stateMachine.expireIfOverdue(manager, await this.lock(manager, orgId, input.id, 'id'));
      if (!canCancel(session.status, actor.kind)) return { refused: session.status };
      const details = { reason, ...(ctx.staff ? { staffId: ctx.staff.id } : {}) };
      const result = await this.stateMachine.transition(manager, session, PaymentSessionStatus.Canceled, actor, {}, details);
      if (!result.changed) return { refused: result.session.status };
      return { session: result.session };
    });
    if ('refused' in outcome) {
      throw invalidState(`Only ${statusesFrom(PaymentSessionStatus.Canceled, actor.kind).join(' or ')} payment sessions can be canceled; this one is ${outcome.refused}`);
    }
    return outcome.session;
  }

  /**
   * {@link cancel} for each of `ids` (repeats once), each in its own transaction and its own
   * compare-and-set, so that one that cannot be canceled does not keep the others from it. The
   * outcomes come in the order of `ids`.
   *
   * @throws DomainError FORBIDDEN, BAD_USER_INPUT (`reason`; `ids`: 1 to MAX_BULK_CANCEL) as
   *   {@link cancel}; a session's NOT_FOUND or INVALID_STATE is its outcome, not thrown.
   */
  async cancelMany(ctx: RequestContext, input: { ids: string[]; reason: string }): Promise<CancelOutcome[]> {
    assertMayAct(ctx);
    checkReason(input.reason);
    if (!input.ids.length || input.ids.length > MAX_BULK_CANCEL) throw badInput('ids', `Give 1 to ${MAX_BULK_CANCEL} payment session ids`);
    const outcomes: CancelOutcome[] = [];
    for (const id of [...new Set(input.ids)]) {
      try {
        outcomes.push({ id, session: await this.cancel(ctx, { id, reason: input.reason }), error: null });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        outcomes.push({ id, session: null, error });
      }
    }
    return outcomes;
  }

  /**
   * Whether FlexPay is available for `session` (as the API shows it): its checkout configuration
   * offers FlexPay and the amount does not exceed the invoices' total. The configuration is read
   * through the request-scoped loader of `scope` (one query per page of sessions). Stored values
   * are compared as they are, never re-validated as input: a read cannot fail on them.
   */
  async flexPayAvailable(scope: object, session: Pick<PaymentSessionView, 'orgId' | 'amount' | 'invoiceTotal' | 'checkoutConfigurationId'>): Promise<boolean> {
    if (!session.invoiceTotal || !session.checkoutConfigurationId) return false;
    const config = await this.checkoutConfigurations.loader(scope, session.orgId).load(session.checkoutConfigurationId);
    return !!config && offeredPaymentMethods(session, config.paymentMethods).includes(PaymentMethod.FlexPay);
  }

  /**
   * The statuses the caller may move a session in `status` to now, from the transition table for
   * its kind of actor (none for a staff member below the acting role). A session read through
   * {@link get} or {@link listPage} has its deadline applied already.
   */
  nextStatusesFor(ctx: RequestContext, status: PaymentSessionStatus): PaymentSessionStatus[] {
    return mayAct(ctx) ? nextStatuses(status, actorOf(ctx).kind) : [];
  }

  /** Whether the caller may cancel a session in `status` now ({@link cancel} would not refuse it for its status or role). */
  canCancel(ctx: RequestContext, status: PaymentSessionStatus): boolean {
    return mayAct(ctx) && canCancel(status, actorOf(ctx).kind);
  }

  /**
   * Reads a session for a write, row-locked on MariaDB (SQLite runs one writer): of `orgId`, or of
   * any org when null (a staff caller).
   *
   * @throws DomainError NOT_FOUND at `field`.
   */
  async lock(manager: EntityManager, orgId: string | null, id: string, field = 'id'): Promise<PaymentSessionEntity> {
    const qb = manager.createQueryBuilder(PaymentSessionEntity, 's').where('s.id = :id', { id });
    if (orgId !== null) qb.andWhere('s.org_id = :orgId', { orgId });
    const session = await forUpdate(qb).getOne();
    if (!session) throw notFound('Payment session', field);
    return session;
  }
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) out[key] = source[key];
  return out;
}

/** A cancel reason, trimmed; BAD_USER_INPUT (`reason`) when empty, too long or with control characters. */
function checkReason(reason: string): string {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (!text) throw badInput('reason', 'A reason is required: say why the session is canceled');
  if (text.length > MAX_REASON_LENGTH) throw badInput('reason', `The reason must be at most ${MAX_REASON_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text)) throw badInput('reason', 'The reason must not contain control characters');
  return text;
}

/** Entity field → the name merchants know (`amountMinor` → `amount`). */
function publicFieldName(field: string): string {
  return field.replace(/Minor$/, '');
}

/**
 * SHA-256 of a normalized request: keys sorted (key order does not matter), null and absent
 * fields alike (left out), instants as UTC ISO text (JSON of a Date). Money, country codes and
 * dates are normalized by the caller before this.
 */
function requestHash(request: object): string {
  const canonical = JSON.stringify(request, (_key, value) =>
    value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
      ? Object.fromEntries(
          Object.entries(value)
            .filter(([, v]) => v !== null && v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : value,
  );
  return createHash('sha256').update(canonical).digest('hex');
}

/** INVALID_STATE for an update of a session whose terms are fixed (UNSTARTED_STATUSES). */
function notUpdatable(status: PaymentSessionStatus): DomainError {
  return invalidState(`Only ${UNSTARTED_STATUSES.join(' or ')} payment sessions can be updated; this one is ${status}`);
}

/**
 * The payment methods of `methods` (a checkout configuration's) a customer is offered for
 * `session`: FlexPay only when the amount does not exceed the invoices' total (the seed's
 * `flexPayAvailable`). Amounts are the API's decimal strings of one currency, compared exactly.
 */
export function offeredPaymentMethods(session: { amount: string; invoiceTotal: string | null }, methods: readonly PaymentMethod[]): PaymentMethod[] {
  const flexPay = session.invoiceTotal !== null && compareDecimals(session.amount, session.invoiceTotal) <= 0;
  return methods.filter((method) => method !== PaymentMethod.FlexPay || flexPay);
}
