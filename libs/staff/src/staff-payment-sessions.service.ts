import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { badInput, DomainError, invalidState, matchKey, notFound } from '@paysession/common';
import { forUpdate, Transactions } from '@paysession/database';
import { effectiveStatusIn, PaymentSessionEntity, PaymentSessionEventEntity, PaymentSessionStateMachine, PaymentSessionStatus } from '@paysession/payment-sessions';
import { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { OffsetPage, offsetPage, OffsetPageRequest, SortOrder, TOTAL_CAP } from './offset-page';
import { StaffAuditAction, StaffAuditService } from './staff-audit.service';
import { StaffPrincipal } from './staff.context';
import { assertRole, StaffRole } from './staff.roles';

export enum StaffSessionSortField {
  createdAt = 'createdAt',
  amount = 'amount',
  status = 'status',
}

/** Every column ends with the id, so that equal values still page in a stable order. */
const SORT_COLUMNS: Readonly<Record<StaffSessionSortField, string[]>> = {
  [StaffSessionSortField.createdAt]: ['s.created_at', 's.id'],
  [StaffSessionSortField.amount]: ['s.amount_minor', 's.id'],
  [StaffSessionSortField.status]: ['s.status', 's.created_at', 's.id'],
};

export interface StaffSessionFilter {
  orgId?: string | null;
  status?: PaymentSessionStatus[] | null;
  createdFrom?: Date | null;
  createdTo?: Date | null;
  /** An exact session id or transactionRef, or a contact email in any case (README, "Text matching"). */
  q?: string | null;
  ids?: string[] | null;
  contactId?: string | null;
  checkoutConfigurationId?: string | null;
}

export interface StaffSessionQuery extends OffsetPageRequest {
  filter?: StaffSessionFilter | null;
  sort?: { field: StaffSessionSortField; order: SortOrder } | null;
}

export interface CancelOutcome {
  id: string;
  session: PaymentSessionEntity | null;
  /** Why this one was not canceled; null when it was. */
  error: DomainError | null;
}

export const MAX_BULK_CANCEL = 100;
export const MAX_REASON_LENGTH = 500;

const SESSION_ID = /^[a-z]{1,4}_[0-9A-Z]{26}$/;

/** Payment sessions of every organization, as staff see them in the console. */
@Injectable()
export class StaffPaymentSessionsService {
  constructor(
    @InjectRepository(PaymentSessionEntity) private readonly sessions: Repository<PaymentSessionEntity>,
    @InjectRepository(PaymentSessionEventEntity) private readonly events: Repository<PaymentSessionEventEntity>,
    private readonly transactions: Transactions,
    private readonly stateMachine: PaymentSessionStateMachine,
    private readonly audit: StaffAuditService,
  ) {}

  /**
   * Sessions across organizations, filtered and sorted (newest first by default), with a capped
   * total. Statuses are read through the deadline rule, as the merchant API reads them: an
   * overdue session is filtered and shown as Expired (and its expiry written).
   */
  async list(query: StaffSessionQuery): Promise<OffsetPage<PaymentSessionEntity>> {
    const now = new Date();
    const qb = await this.filtered(query.filter ?? {}, now);
    const field = query.sort?.field ?? StaffSessionSortField.createdAt;
    const order = query.sort?.order ?? 'DESC';
    const page = await offsetPage(qb, query, SORT_COLUMNS[field].map((column) => [column, order]));
    return { ...page, nodes: await this.stateMachine.settleDeadlines(page.nodes, now) };
  }

  /** One session as it stands now (past its deadline: Expired). */
  async get(id: string): Promise<PaymentSessionEntity> {
    const session = await this.sessions.findOneBy({ id });
    if (!session) throw notFound('Payment session', 'id');
    return (await this.stateMachine.settleDeadlines([session]))[0];
  }

  /** The session's events, oldest first: the console's timeline. */
  timeline(sessionId: string): Promise<PaymentSessionEventEntity[]> {
    return this.events.createQueryBuilder('e').where('e.session_id = :sessionId', { sessionId }).orderBy('e.seq', 'ASC').getMany();
  }

  /**
   * Cancels an Active session for a staff member (operator or admin) through the state machine.
   * The event records the staff member (actor `staff:<id>`) and the reason, and the audit log gets
   * a row, all in one transaction. INVALID_STATE when the session is not Active.
   */
  async cancel(staff: StaffPrincipal, id: string, reason: string): Promise<PaymentSessionEntity> {
    assertRole(staff.role, StaffRole.operator);
    const why = checkReason(reason);
    return this.transactions.run((manager) => this.cancelIn(manager, staff, id, why));
  }

  /**
   * Cancels each session in its own transaction, so that one that is no longer Active does not
   * keep the others from being canceled; the outcome says what happened to each.
   */
  async cancelMany(staff: StaffPrincipal, ids: string[], reason: string): Promise<CancelOutcome[]> {
    assertRole(staff.role, StaffRole.operator);
    const why = checkReason(reason);
    if (!ids.length || ids.length > MAX_BULK_CANCEL) throw badInput('ids', `Give 1 to ${MAX_BULK_CANCEL} payment session ids`);
    const outcomes: CancelOutcome[] = [];
    for (const id of [...new Set(ids)]) {
      try {
        outcomes.push({ id, session: await this.transactions.run((manager) => this.cancelIn(manager, staff, id, why)), error: null });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        outcomes.push({ id, session: null, error });
      }
    }
    return outcomes;
  }

  private async cancelIn(manager: EntityManager, staff: StaffPrincipal, id: string, reason: string): Promise<PaymentSessionEntity> {
    const session = await forUpdate(manager.createQueryBuilder(PaymentSessionEntity, 's').where('s.id = :id', { id })).getOne();
    if (!session) throw notFound('Payment session', 'id');
    if (session.status !== PaymentSessionStatus.Active) {
      throw invalidState(`Only Active payment sessions can be canceled; this one is ${session.status}`);
    }
    const result = await this.stateMachine.transition(manager, session, PaymentSessionStatus.Canceled, { kind: 'staff', id: staff.id }, {}, { reason, staffId: staff.id });
    if (!result.changed) throw invalidState(`The payment session is now ${result.session.status}`);
    await this.audit.record(manager, { staffId: staff.id, action: StaffAuditAction.CancelPaymentSession, targetId: id, reason });
    return result.session;
  }

  private async filtered(f: StaffSessionFilter, now: Date): Promise<SelectQueryBuilder<PaymentSessionEntity>> {
    const qb = this.sessions.createQueryBuilder('s');
    if (f.orgId) qb.andWhere('s.org_id = :orgId', { orgId: f.orgId });
    if (f.status?.length) qb.andWhere(effectiveStatusIn('s', f.status, now));
    if (f.createdFrom) qb.andWhere('s.created_at >= :createdFrom', { createdFrom: f.createdFrom.getTime() });
    if (f.createdTo) qb.andWhere('s.created_at < :createdTo', { createdTo: f.createdTo.getTime() });
    if (f.ids?.length) qb.andWhere('s.id IN (:...ids)', { ids: f.ids });
    if (f.contactId) qb.andWhere('s.contact_id = :contactId', { contactId: f.contactId });
    if (f.checkoutConfigurationId) qb.andWhere('s.checkout_configuration_id = :checkoutConfigurationId', { checkoutConfigurationId: f.checkoutConfigurationId });
    const q = f.q?.trim();
    if (q) await this.search(qb, q);
    return qb;
  }

  /**
   * Exact matches on the id or the transactionRef (byte for byte), or a contact email in any case
   * (the attached contact's, or one the merchant sent inline; both stored lower-cased). Each branch is an index lookup; their union gives the candidate ids,
   * which then meet the other filters and the sort.
   *
   * The candidates are fetched first and bound as a list rather than joined as a derived table:
   * MariaDB misjudges the union's size (contact_id is mostly NULL, so its index statistics promise
   * thousands of rows per contact) and would scan every session to probe it. Only when a term
   * matches more sessions than the console counts is the union joined instead; matches are then
   * dense, and walking the sessions in sort order finds a page quickly.
   */
  private async search(qb: SelectQueryBuilder<PaymentSessionEntity>, q: string): Promise<void> {
    const branches = ['SELECT id FROM payment_sessions WHERE transaction_ref = :q'];
    // Only a well-formed id can match one; anything else skips that lookup.
    if (SESSION_ID.test(q)) branches.push('SELECT id FROM payment_sessions WHERE id = :q');
    if (q.includes('@')) {
      branches.push(
        'SELECT ps.id FROM contacts c INNER JOIN payment_sessions ps ON ps.contact_id = c.id WHERE c.email_lower = :qLower',
        'SELECT session_id AS id FROM staff_session_emails WHERE email = :qLower',
      );
    }
    const union = branches.join(' UNION ');
    const params = { q, qLower: matchKey(q) };
    const [sql, values] = this.sessions.manager.connection.driver.escapeQueryWithParameters(`SELECT id FROM (${union}) m LIMIT ${TOTAL_CAP + 1}`, params);
    const ids = ((await this.sessions.query(sql, values)) as { id: string }[]).map((row) => row.id);
    if (!ids.length) qb.andWhere('1 = 0');
    else if (ids.length <= TOTAL_CAP) qb.andWhere('s.id IN (:...searchIds)', { searchIds: ids });
    else qb.innerJoin(`(${union})`, 'm', 'm.id = s.id').setParameters(params);
  }
}

function checkReason(reason: string): string {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (!text) throw badInput('reason', 'A reason is required: say why the session is canceled');
  if (text.length > MAX_REASON_LENGTH) throw badInput('reason', `The reason must be at most ${MAX_REASON_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text)) throw badInput('reason', 'The reason must not contain control characters');
  return text;
}
